// Package mqttaddr is where MQTT messages go, as a configuration writes it:
// broker URLs ("ssl://host:8884") and topic templates ("[IMEI]/logger")
// with the wire contract's default topics. The configuration checks them
// and the uplink uses them, by the same rules.
package mqttaddr
