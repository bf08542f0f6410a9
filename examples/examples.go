// Package examples holds cellgate's example configurations, embedded so
// that the demo and the tests run the very files the documentation shows.
package examples

import (
	_ "embed"
	"fmt"
	"strings"
)

// TitanAN32 is examples/titan-an32.yaml: the Titan AN32 job (two PLCs on
// an RS-485 line published over MQTT with TLS and a client certificate).
//
//go:embed titan-an32.yaml
var TitanAN32 string

// AN32Site is where the Titan AN32 job runs when it does not run on the
// router of the example: the ports, addresses and files that replace the
// example's. Empty fields keep the example's values.
type AN32Site struct {
	ModemPort string // modem.port, in place of /dev/ttyUSB2
	RTUPort   string // the COM1 bus's rtu.port, in place of /dev/ttyS1
	Broker    string // outputs.mqtt.broker's host:port, in place of test.mosquitto.org:8884 (ssl:// stays)
	CA        string // outputs.mqtt.ca, in place of mosquitto.org.crt
	Cert      string // outputs.mqtt.cert, in place of client.crt
	Key       string // outputs.mqtt.key, in place of client.key
	Interval  string // both devices' interval, in place of 10m
	P         string // records.p, in place of 12345678

	// PLC2TCP, when set, moves PLC2 off COM1 onto a Modbus TCP bus named
	// ETH at this address (the simulator serves PLC2 over TCP).
	PLC2TCP string

	// Modem, Records and MQTT are further keys of the modem, records and
	// outputs.mqtt sections, one "key: value" a line, unindented.
	Modem, Records, MQTT string
	// Extra is further top-level sections (gateway, watchdog, metrics),
	// appended as they are.
	Extra string
}

// plc2 is PLC2's device entry in the example, moved as a whole by PLC2TCP.
const plc2 = "      - name: PLC2\n"

// AN32 returns TitanAN32 for site. Every value replaces the example's own
// text, so the configuration cannot drift from the example; it fails when
// the example no longer holds what a field replaces.
func AN32(site AN32Site) (string, error) { return substitute(TitanAN32, site) }

func substitute(y string, site AN32Site) (string, error) {
	var missing []string
	replace := func(old, new string) {
		if !strings.Contains(y, old) {
			missing = append(missing, fmt.Sprintf("%q", old))
			return
		}
		y = strings.ReplaceAll(y, old, new)
	}
	after := func(anchor, section, keys string) { // keys indented into section
		if keys == "" {
			return
		}
		var b strings.Builder
		for line := range strings.Lines(strings.TrimRight(keys, "\n") + "\n") {
			b.WriteString(section + line)
		}
		replace(anchor, anchor+b.String())
	}
	if site.PLC2TCP != "" {
		i := strings.Index(y, plc2)
		if i < 0 {
			return "", fmt.Errorf("examples: titan-an32.yaml has no %q", plc2)
		}
		end := strings.Index(y[i:], "\n\n")
		if end < 0 {
			return "", fmt.Errorf("examples: titan-an32.yaml: PLC2's entry does not end in a blank line")
		}
		entry := y[i : i+end+1]
		y = y[:i] + fmt.Sprintf("  - name: ETH\n    tcp:\n      address: %q\n    devices:\n", site.PLC2TCP) + entry + y[i+end+1:]
	}
	if site.ModemPort != "" {
		replace("  port: /dev/ttyUSB2\n", "  port: "+site.ModemPort+"\n")
	}
	if site.RTUPort != "" {
		replace("      port: /dev/ttyS1\n", "      port: "+site.RTUPort+"\n")
	}
	if site.Broker != "" {
		replace("    broker: ssl://test.mosquitto.org:8884\n", "    broker: ssl://"+site.Broker+"\n")
	}
	if site.CA != "" {
		replace("    ca: mosquitto.org.crt\n", "    ca: "+site.CA+"\n")
	}
	if site.Cert != "" {
		replace("    cert: client.crt\n", "    cert: "+site.Cert+"\n")
	}
	if site.Key != "" {
		replace("    key: client.key\n", "    key: "+site.Key+"\n")
	}
	if site.Interval != "" {
		replace("        interval: 10m\n", "        interval: "+site.Interval+"\n")
	}
	if site.P != "" {
		replace("  p: \"12345678\"\n", fmt.Sprintf("  p: %q\n", site.P))
	}
	after("  apn: em\n", "  ", site.Modem)
	after("  format: titan\n", "  ", site.Records)
	after("    topic: \"[IMEI]/logger\"\n", "    ", site.MQTT)
	if len(missing) > 0 {
		return "", fmt.Errorf("examples: titan-an32.yaml no longer holds %s", strings.Join(missing, ", "))
	}
	if site.Extra != "" {
		y += "\n" + strings.TrimRight(site.Extra, "\n") + "\n"
	}
	return y, nil
}
