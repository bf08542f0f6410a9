// Package gateway wires cellgate's parts into the daemon a router runs
// ("cellgate run"): the modem manager on the AT engine, the Modbus
// collectors, the durable spool, the MQTT and HTTPS outputs with remote AT,
// the SMS console, the watchdogs, and the local metrics and status API.
//
// Data flows one way: collectors append readings to the spool and move on;
// each output drains its own spool at its own pace and acknowledges a record
// only after the server has it. Modem status, signal and events are records
// too, routed to their own topics.
//
// A Gateway runs one configuration at a time. Reload swaps in a new,
// already validated configuration: the parts stop cleanly and start again on
// the new one, while the spool keeps everything not yet delivered.
//
// The state directory (gateway.state_dir) holds, beside the spool, the
// sequence numbers ("seq"), the remembered IMEI ("imei"), the SMS console's
// settings ("settings.json", console.FileStore) and its journal of handled
// requests ("console-journal.json", console.Journal): the gateway places
// them, the console owns their contents.
package gateway
