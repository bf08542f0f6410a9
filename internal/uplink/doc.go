// Package uplink sends the gateway's readings to an MQTT broker and takes
// remote AT commands from it (the Titan router's logger and "MQTT AT Topic").
//
// A Publisher speaks MQTT 3.1.1 over TCP, TLS (client certificates) or
// WebSockets. It drains a Source (the durable spool) at its own pace with
// QoS 1 and a bounded window of unacknowledged messages, and acknowledges a
// record in the Source only after the broker's PUBACK: a reading leaves the
// disk only once the broker has it. It keeps a retained status topic,
// "online" while connected and "offline" as its last will, reconnects with
// exponential backoff and jitter, and names TLS failures plainly.
//
// Topics are templates: "[IMEI]/logger" becomes "357299070082380/logger";
// other fields ([SERIAL], ...) come from Config.Fields.
package uplink
