// Package gateway wires cellgate's components into the daemon a router runs
// ("cellgate run"): the modem manager on the AT engine, the Modbus
// collectors, the durable spool, the MQTT and HTTPS outputs with remote AT,
// the SMS console, the watchdogs, and the local metrics and status API.
//
// Data flows one way: collectors append readings to the spool and move on;
// each output drains its own spool at its own pace and acknowledges a record
// only after the server has it. Modem status, signal and events are records
// too, routed to their own topics.
//
// # Components
//
// Each part is a component (component.go) that owns its goroutines: made
// by its constructor, which opens what it needs, started by Start and
// stopped by Close, which waits for its goroutines. The status API
// (statusapi.go) runs for as long as Run. Each configuration runs as an
// ordered list of components (assembly.go), started in order and stopped
// in reverse:
//
//   - the recorder (records.go): the sequence numbers and the outputs'
//     spools, where every record goes;
//   - the modem (modemunit.go): AT engine, modem manager, SMS service and
//     console (consolebackend.go, consolestate.go);
//   - the identity (identity.go), whose Start waits for the gateway's IMEI:
//     what follows needs it;
//   - the watchdogs (watchdogs.go);
//   - one output per destination (output.go): MQTT publisher or HTTPS
//     poster on its own spool, with the delivery latency
//     (deliverylatency.go), then the drain;
//   - the collector (collector.go) and the modem's status and event
//     records (modemrecords.go).
//
// So a shutdown stops the collectors first, lets the outputs deliver what
// waits (Options.Drain), stops them, then the watchdogs and the modem, and
// closes the spools last.
//
// A Gateway runs one configuration at a time. Reload swaps in a new,
// already validated configuration: the configuration's components stop
// cleanly and new ones start on the new configuration, while the spool
// keeps everything not yet delivered. A setting changed by SMS does the
// same with the changed setting on top of the file's configuration.
//
// The state directory (gateway.state_dir) holds, beside the spool, the
// sequence numbers ("seq"), the remembered IMEI ("imei"), the SMS console's
// settings ("settings.json", console.FileStore) and its journal of handled
// requests ("console-journal.json", console.Journal): the gateway places
// them, the console owns their contents.
package gateway
