package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/pki"
)

// base is a valid configuration; the line numbers matter to the tests.
const base = `modem:
  port: /dev/ttyUSB2
  apn: internet
buses:
  - name: COM1
    rtu: {port: /dev/ttyS1}
    devices:
      - name: PLC1
        unit: 1
        interval: 10m
        start: "1;10"
        words: "1;3"
      - name: PLC2
        unit: 2
        interval: 10m
        registers:
          - {name: t, address: 0, type: float32}
outputs:
  mqtt:
    broker: ssl://broker.example.com:8883
    ca: certs/ca.crt
    cert: certs/client.crt
    key: certs/client.key
`

func TestBaseIsValid(t *testing.T) {
	t.Parallel()
	if _, err := load(t, base); err != nil {
		t.Fatal(err)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		yaml     string // the file; "" for base with old replaced by new
		old, new string
		setup    func(t *testing.T, dir string)
		want     []string // substrings of the error
		ordered  bool     // in this order
	}{
		// Types.
		{name: "string for baud", old: "  apn: internet\n", new: "  apn: internet\n  baud: fast\n",
			want: []string{`cellgate.yaml:4:9: modem.baud: "fast" is not a number; expected a baud rate such as 115200`}},
		{name: "string for unit", old: "unit: 2", new: "unit: two",
			want: []string{`cellgate.yaml:14:15: buses[0].devices[1].unit: "two" is not a number; expected a Modbus unit id from 0 to 247`}},
		{name: "map for devices", yaml: "buses:\n  - name: COM1\n    rtu: {port: /dev/ttyS1}\n    devices: {name: PLC1}\n",
			want: []string{`cellgate.yaml:4:14: buses[0].devices: expected a list, got a mapping`}},
		{name: "list for modem", yaml: "modem: [a, b]\n",
			want: []string{`cellgate.yaml:1:8: modem: expected a mapping of fields (enabled, port, baud,`, `got a list`}},
		{name: "string for outputs", yaml: "outputs: mqtt\n",
			want: []string{`cellgate.yaml:1:10: outputs: expected a mapping of fields (mqtt, https), got "mqtt"`}},
		{name: "not a boolean", old: "  apn: internet\n", new: "  apn: internet\n  roaming: maybe\n",
			want: []string{`cellgate.yaml:4:12: modem.roaming: "maybe" is not a boolean; expected true or false`}},
		{name: "list for a string", old: "  apn: internet", new: "  apn: [a]",
			want: []string{`cellgate.yaml:3:8: modem.apn: expected a string, got a list`}},
		{name: "document is a list", yaml: "- modem\n",
			want: []string{`cellgate.yaml:1:1: expected a mapping of sections (gateway, modem, buses, ...), got a list`}},
		{name: "secret with unknown key", old: "  apn: internet\n", new: "  apn: internet\n  pin: {path: pin.txt}\n",
			want: []string{`cellgate.yaml:4:9: modem.pin.path: unknown field "path" in modem.pin; expected {file: PATH}`}},
		{name: "size", yaml: "spool: {max_bytes: 64 megs}\n",
			want: []string{`cellgate.yaml:1:20: spool.max_bytes: "64 megs" is not a size; expected a size such as 64MiB`}},

		// Keys.
		{name: "unknown top-level key", yaml: "modme:\n  port: /dev/ttyUSB2\n",
			want: []string{`cellgate.yaml:1:1: modme: unknown field "modme" at the top level (did you mean "modem"?); known fields: gateway, modem, buses,`}},
		{name: "unknown nested key", old: "  apn: internet", new: "  baudrate: 9600",
			want: []string{`cellgate.yaml:3:3: modem.baudrate: unknown field "baudrate" in modem (did you mean "baud"?); known fields: enabled, port, baud, flow_control,`}},
		{name: "unknown key in a device", old: "        unit: 1\n", new: "        unit: 1\n        slave: 1\n",
			want: []string{`cellgate.yaml:10:9: buses[0].devices[0].slave: unknown field "slave" in buses[0].devices[0]`}},
		{name: "duplicate key", old: "  apn: internet", new: "  port: /dev/ttyUSB3",
			want: []string{`cellgate.yaml:3:3: modem.port: duplicate field "port" (first at line 2)`}},

		// Files.
		{name: "missing file", setup: func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "cellgate.yaml")) },
			want: []string{`cellgate.yaml: cannot read the configuration: no such file or directory`}},
		{name: "YAML syntax", yaml: "modem:\n  port: /dev/ttyUSB2\n apn: x\n",
			want: []string{`cellgate.yaml:2: YAML syntax: did not find expected key`}},
		{name: "tab indentation", yaml: "modem:\n\tport: x\n",
			want: []string{`cellgate.yaml:2: YAML syntax: found character that cannot start any token`}},
		{name: "two documents", yaml: "modem: {port: x}\n---\nmodem: {port: y}\n",
			want: []string{`cellgate.yaml:2: YAML syntax: a second document; expected one configuration per file`}},
		{name: "garbage CA", setup: func(t *testing.T, dir string) { writeFile(t, dir, "certs/ca.crt", "garbage\n") },
			want: []string{`cellgate.yaml:21:9: outputs.mqtt.ca: `, `certs/ca.crt holds no PEM certificate`}},
		{name: "garbage certificate", setup: func(t *testing.T, dir string) { writeFile(t, dir, "certs/client.crt", "garbage\n") },
			want: []string{`cellgate.yaml:22:11: outputs.mqtt.cert: `, `certs/client.crt holds no PEM certificate`}},
		{name: "unreadable certificate", setup: func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "certs/client.crt"))
			os.Mkdir(filepath.Join(dir, "certs/client.crt"), 0o755)
		}, want: []string{`cellgate.yaml:22:11: outputs.mqtt.cert: cannot read `, `certs/client.crt: not a regular file`}},
		{name: "missing key file", setup: func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "certs/client.key")) },
			want: []string{`cellgate.yaml:23:10: outputs.mqtt.key: cannot read `, `certs/client.key: no such file or directory`}},
		{name: "cert and key do not match", setup: func(t *testing.T, dir string) {
			ca, err := pki.NewCA("other")
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "certs/client.key", string(ca.KeyPEM))
		}, want: []string{`cellgate.yaml:23:10: outputs.mqtt.key: `, `certs/client.key does not go with certificate `, `private key does not match public key`}},
		{name: "cert without key", old: "    key: certs/client.key\n", new: "",
			want: []string{`cellgate.yaml:19:3: outputs.mqtt.key: missing; cert `}},
		{name: "secret file missing", old: "  apn: internet\n", new: "  apn: internet\n  pin: {file: pin.txt}\n",
			want: []string{`cellgate.yaml:4:15: modem.pin.file: cannot read secret file `, `pin.txt: no such file or directory`}},

		// Buses and devices.
		{name: "duplicate unit", old: "unit: 2", new: "unit: 1",
			want: []string{`cellgate.yaml:14:15: buses[0].devices[1].unit: duplicate unit 1 on bus COM1 (also PLC1 at line 9)`}},
		{name: "duplicate device name", old: "name: PLC2", new: "name: PLC1",
			want: []string{`cellgate.yaml:13:15: buses[0].devices[1].name: duplicate device name "PLC1" (also at line 8)`}},
		{name: "duplicate device name on another bus", old: "outputs:", new: "  - name: COM2\n    tcp: {address: 10.0.0.5}\n    devices:\n      - {name: PLC1, unit: 1, interval: 1m, start: \"1\", words: \"1\"}\noutputs:",
			want: []string{`cellgate.yaml:21:16: buses[1].devices[0].name: duplicate device name "PLC1" (also at line 8)`}},
		{name: "duplicate id", old: "        unit: 2\n", new: "        unit: 2\n        id: 1\n",
			want: []string{`cellgate.yaml:15:13: buses[0].devices[1].id: duplicate id 1 (also PLC1 at line 8)`}},
		{name: "duplicate bus name", old: "outputs:", new: "  - name: COM1\n    tcp: {address: 10.0.0.5}\n    devices: []\noutputs:",
			want: []string{`cellgate.yaml:18:11: buses[1].name: duplicate bus name "COM1" (also at line 5)`}},
		{name: "interval missing", old: "        interval: 10m\n        start", new: "        start",
			want: []string{`cellgate.yaml:8:9: buses[0].devices[0].interval: missing; expected how often to poll the device, at least 1s, such as 10m`}},
		{name: "interval null", old: "interval: 10m\n        start", new: "interval:\n        start",
			want: []string{`buses[0].devices[0].interval: missing; expected how often to poll`}},
		{name: "interval zero", old: "interval: 10m\n        start", new: "interval: 0\n        start",
			want: []string{`cellgate.yaml:10:19: buses[0].devices[0].interval: off is not allowed; expected how often to poll the device, at least 1s`}},
		{name: "interval negative", old: "interval: 10m\n        start", new: "interval: -5m\n        start",
			want: []string{`cellgate.yaml:10:19: buses[0].devices[0].interval: "-5m" is negative; expected a duration such as 10m`}},
		{name: "interval in words", old: "interval: 10m\n        start", new: "interval: 10 minutes\n        start",
			want: []string{`cellgate.yaml:10:19: buses[0].devices[0].interval: "10 minutes" is not a duration; expected a duration such as 10m, 1h30m or 500ms (or off)`}},
		{name: "interval without unit", old: "interval: 10m\n        start", new: "interval: 600\n        start",
			want: []string{`buses[0].devices[0].interval: "600" has no unit`}},
		{name: "interval too short", old: "interval: 10m\n        start", new: "interval: 100ms\n        start",
			want: []string{`buses[0].devices[0].interval: 100ms is too short`}},
		{name: "rtu and tcp", old: "    rtu: {port: /dev/ttyS1}\n", new: "    rtu: {port: /dev/ttyS1}\n    tcp: {address: 10.0.0.5}\n",
			want: []string{`cellgate.yaml:5:5: buses[0]: both rtu and tcp given; expected exactly one`}},
		{name: "neither rtu nor tcp", old: "    rtu: {port: /dev/ttyS1}\n", new: "",
			want: []string{`cellgate.yaml:5:5: buses[0]: neither rtu nor tcp given; expected exactly one`}},
		{name: "rtu without port", old: "rtu: {port: /dev/ttyS1}", new: "rtu: {baud: 19200}",
			want: []string{`cellgate.yaml:6:5: buses[0].rtu.port: missing; expected the serial port`}},
		{name: "bad rtu format and baud", old: "rtu: {port: /dev/ttyS1}", new: "rtu: {port: /dev/ttyS1, baud: 9601, format: 8X1}",
			want: []string{`cellgate.yaml:6:35: buses[0].rtu.baud: 9601 is not a standard baud rate`,
				`cellgate.yaml:6:49: buses[0].rtu.format: "8X1" is not a character format; expected data bits, parity and stop bits, such as 8N1`}},
		{name: "bad tcp address", old: "rtu: {port: /dev/ttyS1}", new: "tcp: {address: \"10.0.0.5:http\"}",
			want: []string{`buses[0].tcp.address: "10.0.0.5:http": port "http" is not a number from 1 to 65535; expected HOST:PORT`}},
		{name: "unit 0 on a serial line", old: "unit: 1", new: "unit: 0",
			want: []string{`buses[0].devices[0].unit: 0 is out of range; expected a Modbus unit id from 1 to 247 (0 is broadcast`}},
		{name: "blocks of different lengths", old: `words: "1;3"`, new: `words: "1;3;2"`,
			want: []string{`cellgate.yaml:11:16: buses[0].devices[0].start: with words: 2 starts but 3 words; expected ";"-separated lists of equal length`}},
		{name: "block past 65535", old: `start: "1;10"`, new: `start: "1;65535"`,
			want: []string{`buses[0].devices[0].start: with words: block 2: 3 registers from 65535 run past 65535`}},
		{name: "start without words", old: "        words: \"1;3\"\n", new: "",
			want: []string{`buses[0].devices[0].words: missing; start needs words`}},
		{name: "blocks and registers", old: "        words: \"1;3\"\n", new: "        words: \"1;3\"\n        registers: [{name: x}]\n",
			want: []string{`cellgate.yaml:8:9: buses[0].devices[0]: both start/words and registers given`}},
		{name: "nothing to read", old: "        start: \"1;10\"\n        words: \"1;3\"\n", new: "",
			want: []string{`buses[0].devices[0]: nothing to read; expected start and words`}},
		{name: "unknown register type", old: "type: float32", new: "type: float",
			want: []string{`cellgate.yaml:17:41: buses[0].devices[1].registers[0].type: "float" is not a register type; expected one of uint16, int16,`}},
		{name: "unknown byte order", old: "type: float32", new: "type: float32, order: ADCB",
			want: []string{`buses[0].devices[1].registers[0].order: "ADCB" is not a byte order; expected one of ABCD, CDAB, BADC, DCBA`}},
		{name: "bit out of range", old: "type: float32", new: "type: bool, bit: 16",
			want: []string{`cellgate.yaml:17:52: buses[0].devices[1].registers[0].bit: 16 is out of range; expected a bit number from 0 to 15`}},
		{name: "bit on a number", old: "type: float32", new: "type: uint16, bit: 3",
			want: []string{`buses[0].devices[1].registers[0].bit: bit is only for type bool, not uint16`}},
		{name: "string without count", old: "type: float32", new: "type: string",
			want: []string{`buses[0].devices[1].registers[0].count: 0: a string needs its number of registers`}},
		{name: "register past 65535", old: "address: 0", new: "address: 65535",
			want: []string{`buses[0].devices[1].registers[0].address: 65535 is out of range; expected a register address from 0 to 65535 (2 registers from it)`}},
		{name: "register without name", old: "{name: t, ", new: "{",
			want: []string{`buses[0].devices[1].registers[0].name: missing`}},
		{name: "bad function", old: "        unit: 2\n", new: "        unit: 2\n        function: coils\n",
			want: []string{`buses[0].devices[1].function: "coils" is not known; expected one of holding, input`}},

		// Records, outputs, remote AT, SMS, watchdog, metrics, log.
		{name: "bad timezone", yaml: base + "records:\n  timezone: Mars/Olympus\n",
			want: []string{`cellgate.yaml:25:13: records.timezone: "Mars/Olympus" is not a known time zone; expected UTC, Local or an IANA name`}},
		{name: "bad records format", yaml: base + "records: {format: csv}\n",
			want: []string{`records.format: "csv" is not known; expected one of titan, titan-json, json`}},
		{name: "unknown topic field", old: "    key: certs/client.key\n", new: "    key: certs/client.key\n    topic: \"[IMIE]/logger\"\n",
			want: []string{`cellgate.yaml:24:12: outputs.mqtt.topic: topic "[IMIE]/logger": unknown field [IMIE]; expected a topic such as [IMEI]/logger`}},
		{name: "wildcard topic", old: "    key: certs/client.key\n", new: "    key: certs/client.key\n    status_topic: \"[IMEI]/#\"\n",
			want: []string{`outputs.mqtt.status_topic: "[IMEI]/#": wildcards + and # are only for subscriptions`}},
		{name: "bad broker", old: "ssl://broker.example.com:8883", new: "broker.example.com",
			want: []string{`cellgate.yaml:20:13: outputs.mqtt.broker: broker "broker.example.com": missing scheme`}},
		{name: "certificates without TLS", old: "ssl://", new: "tcp://",
			want: []string{`outputs.mqtt.broker: "tcp://broker.example.com:8883" is not a TLS broker but ca, cert or key is given`}},
		{name: "no outputs", yaml: "modem: {port: /dev/ttyUSB2}\n",
			want: []string{`cellgate.yaml: outputs: none configured; expected outputs.mqtt or outputs.https`}},
		{name: "http refused", yaml: base + "  https:\n    url: http://example.com/in\n",
			want: []string{`cellgate.yaml:25:10: outputs.https.url: "http://example.com/in" is not https://`}},
		{name: "header value that ends the header", yaml: base + "  https:\n    url: https://example.com/in\n    headers: {Authorization: \"Bearer tok3n\\r\\nX-Evil: 1\"}\n",
			want: []string{`outputs.https.headers.Authorization: the value has a control character (0x0D) at byte 12; expected printable text`}},
		{name: "header name that is no token", yaml: base + "  https:\n    url: https://example.com/in\n    headers: {\"X Key:\": v}\n",
			want: []string{`outputs.https.headers.X Key:: "X Key:" is not a header name`}},
		{name: "remote AT without MQTT", yaml: "modem: {port: /dev/ttyUSB2}\noutputs:\n  https: {url: \"https://example.com/in\"}\nremote_at:\n  enabled: true\n",
			want: []string{`cellgate.yaml:5:12: remote_at.enabled: remote AT needs an MQTT broker; expected outputs.mqtt`}},
		{name: "bad rate", yaml: base + "remote_at: {rate: 10 per minute}\n",
			want: []string{`cellgate.yaml:24:19: remote_at.rate: "10 per minute" is not a rate; expected N/PERIOD`}},
		{name: "zero rate", yaml: base + "remote_at: {rate: 0/1m}\n",
			want: []string{`remote_at.rate: "0/1m" is not a rate`}},
		{name: "bad allow entry", yaml: base + "remote_at: {allow: [CFUN]}\n",
			want: []string{`remote_at.allow[0]: "CFUN" is not an AT command prefix`}},
		{name: "allow entry of no command", yaml: base + "remote_at: {allow: [AT], deny: [AT]}\n",
			want: []string{`remote_at.allow[0]: "AT" names no command, and matches none; expected one command such as ATE0`}},
		{name: "allow entry of two commands", yaml: base + "remote_at: {allow: [ATE0V1], deny: [\"AT+CSQ;+CFUN=0\"]}\n",
			want: []string{`remote_at.allow[0]: "ATE0V1" names 2 commands (ATE0, ATV1), and matches none; expected one command such as ATE0`,
				`remote_at.deny[0]: "AT+CSQ;+CFUN=0" names 2 commands (AT+CSQ, AT+CFUN=0), and matches none; expected one command such as ATE0`}},
		{name: "SMS without modem", yaml: "gateway: {imei: \"356938035643809\"}\nmodem: {enabled: false}\noutputs: {https: {url: \"https://x.example\"}}\nsms: {enabled: true}\n",
			want: []string{`cellgate.yaml:4:16: sms.enabled: SMS needs the modem`}},
		{name: "no IMEI without modem", yaml: "modem: {enabled: false}\noutputs: {https: {url: \"https://x.example\"}}\n",
			want: []string{`gateway.imei: missing; expected the 15-digit IMEI`}},
		{name: "short console password", yaml: base + "sms: {console: {password: abc}}\n",
			want: []string{`sms.console.password: too short; expected at least 4 characters`}},
		{name: "unusable allowed number", yaml: base + "sms: {console: {allowed: [\"0170 1234567\"]}}\n",
			want: []string{`sms.console.allowed[0]: "0170 1234567" is not a usable phone number`}},
		{name: "bad watchdog host", yaml: base + "watchdog:\n  network:\n    host: udp:8.8.8.8:53\n",
			want: []string{`cellgate.yaml:26:11: watchdog.network.host: "udp:8.8.8.8:53" is not a host to check; expected tcp:HOST:PORT or icmp:HOST`}},
		{name: "watchdog tcp host without port", yaml: base + "watchdog: {network: {host: \"tcp:8.8.8.8\"}}\n",
			want: []string{`watchdog.network.host: "tcp:8.8.8.8": not HOST:PORT`}},
		{name: "bad gpio", yaml: base + "watchdog: {modem: {power_cycle: \"gpio:x\"}}\n",
			want: []string{`watchdog.modem.power_cycle: "gpio:x" is not a GPIO line; expected gpio:N or gpio:N:active-low`}},
		{name: "watchdog zero failures", yaml: base + "watchdog: {modem: {failures: 0, interval: off}}\n",
			want: []string{`watchdog.modem.failures: 0: expected a number of failures of 1 or more`, `watchdog.modem.interval: must be more than 0`}},
		{name: "bad metrics listen", yaml: base + "metrics: {listen: localhost}\n",
			want: []string{`cellgate.yaml:24:19: metrics.listen: "localhost": not HOST:PORT; expected HOST:PORT such as 127.0.0.1:9110, or off`}},
		{name: "bad log level", yaml: base + "log: {level: verbose}\n",
			want: []string{`log.level: "verbose" is not known; expected one of debug, info, warn, error`}},
		{name: "modem without port", old: "  port: /dev/ttyUSB2\n", new: "",
			want: []string{`cellgate.yaml:1:1: modem.port: missing; expected the modem's AT port`}},
		{name: "bad modem settings", old: "  apn: internet\n", new: "  apn: internet\n  vendor: nokia\n  operator: \"2620\"\n  blacklist: [\"26201\", x]\n  pdp_type: ip\n",
			want: []string{`modem.vendor: "nokia" is not known; expected one of auto, generic, huawei, quectel, quectel-nb, ublox`,
				`modem.operator: "2620" is not a PLMN; expected 5 or 6 digits`, `modem.blacklist[1]: "x" is not a PLMN`,
				`modem.pdp_type: "ip" is not known; expected one of IP, IPV6, IPV4V6`}},
		{name: "bad psm and edrx", old: "  apn: internet\n", new: "  apn: internet\n  psm: {tau: 0}\n  edrx: {rat: gsm, cycle: 10s}\n",
			want: []string{`modem.psm.tau: must be more than 0`, `modem.psm.active: must be more than 0`, `modem.edrx.rat: "gsm" is not known; expected one of ltem, nbiot`}},
		{name: "small trace", old: "  apn: internet\n", new: "  apn: internet\n  trace: at.log\n  trace_max_bytes: 100\n",
			want: []string{`cellgate.yaml:5:20: modem.trace_max_bytes: 100 is too small; expected at least 4KiB, such as 1MiB`}},
		{name: "APN that injects AT commands", old: "  apn: internet", new: `  apn: "em\rAT+CFUN=0\rAT"`,
			want: []string{`cellgate.yaml:3:8: modem.apn: "em\rAT+CFUN=0\rAT" is not an APN: only letters, digits, '-' and '.' allowed`}},
		{name: "APN against 23.003", old: "  apn: internet\n", new: "  apn: rac7.example\n  vendor: quectel\n",
			want: []string{`cellgate.yaml:3:8: modem.apn: "rac7.example" is not an APN: must not start with "rac"`}},
		{name: "APN label ends with a hyphen", old: "  apn: internet", new: "  apn: internet-.t-mobile",
			want: []string{`modem.apn: "internet-.t-mobile" is not an APN: a label must begin and end with a letter or digit`}},
		{name: "APN ending in gprs", old: "  apn: internet", new: "  apn: internet.gprs",
			want: []string{`modem.apn: "internet.gprs" is not an APN: must not end in ".gprs"`}},
		{name: "user and password that leave the quotes", old: "  apn: internet\n", new: "  apn: internet\n  user: \"a\\\"b\"\n  password: \"pw\\rAT+CFUN=0\"\n",
			want: []string{`cellgate.yaml:4:9: modem.user: double quote not allowed`, `cellgate.yaml:5:13: modem.password: line break not allowed`}},
		{name: "PDP password without a user", old: "  apn: internet\n", new: "  apn: internet\n  password: s3cretPW\n",
			want: []string{`cellgate.yaml:4:13: modem.password: set without modem.user; no module takes a PDP password alone: set modem.user too`}},
		{name: "PIN not digits", old: "  apn: internet\n", new: "  apn: internet\n  pin: \"12\\r34\"\n",
			want: []string{`cellgate.yaml:4:8: modem.pin: not a PIN; expected 4 to 8 digits`}},
		{name: "PIN too long", old: "  apn: internet\n", new: "  apn: internet\n  pin: \"123456789\"\n",
			want: []string{`modem.pin: not a PIN; expected 4 to 8 digits`}},
		{name: "PIN from a file", old: "  apn: internet\n", new: "  apn: internet\n  pin: {file: pin.txt}\n",
			setup: func(t *testing.T, dir string) { writeFile(t, dir, "pin.txt", "12a4\n") },
			want:  []string{`cellgate.yaml:4:3: modem.pin: not a PIN; expected 4 to 8 digits`}},
		{name: "operator that injects", old: "  apn: internet\n", new: "  apn: internet\n  operator: \"26201\\rAT+CFUN=0\"\n",
			want: []string{`modem.operator: "26201\rAT+CFUN=0" is not a PLMN; expected 5 or 6 digits`}},
		{name: "SMSC that injects", yaml: base + "sms: {enabled: true, smsc: \"+49171\\rAT+CFUN=0\"}\n",
			want: []string{`sms.smsc: "+49171\rAT+CFUN=0" is not a service centre number; expected an optional '+' and 3 to 20 digits`}},
		{name: "PSM and eDRX beyond the timers", old: "  apn: internet\n", new: "  apn: internet\n  psm: {tau: 10000h, active: 4h}\n  edrx: {rat: ltem, cycle: 1h}\n",
			want: []string{`modem.psm.tau: 10000h is longer than the longest periodic TAU (9920h)`,
				`modem.psm.active: 4h is longer than the longest active time (3h6m)`,
				`modem.edrx.cycle: 1h is longer than the longest LTE-M eDRX cycle (2621.44s)`}},
		{name: "small spool", yaml: base + "spool: {max_bytes: 1KiB, policy: block}\n",
			want: []string{`spool.max_bytes: 1KiB is too small; expected at least 64KiB`, `spool.policy: "block" is not known; expected one of drop-oldest, refuse`}},

		// Several problems at once, in file order.
		{name: "several problems", yaml: "modem:\n  baud: fast\n  vendr: auto\nbuses:\n  - name: COM1\n    devices:\n      - {name: A, unit: 1}\n",
			ordered: true, want: []string{
				"cellgate.yaml: outputs: none configured",
				"cellgate.yaml:1:1: modem.port: missing",
				"cellgate.yaml:2:9: modem.baud: \"fast\" is not a number",
				"cellgate.yaml:3:3: modem.vendr: unknown field \"vendr\" in modem (did you mean \"vendor\"?)",
				"cellgate.yaml:5:5: buses[0]: neither rtu nor tcp given",
				"cellgate.yaml:7:9: buses[0].devices[0].interval: missing",
				"cellgate.yaml:7:9: buses[0].devices[0]: nothing to read",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := tt.yaml
			if y == "" {
				if !strings.Contains(base, tt.old) {
					t.Fatalf("base has no %q", tt.old)
				}
				y = strings.Replace(base, tt.old, tt.new, 1)
			}
			dir := t.TempDir()
			certDir(t, dir)
			path := writeFile(t, dir, "cellgate.yaml", y)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			c, err := Load(path)
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			if c != nil {
				t.Errorf("a config with the error")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("%T is not an ErrorList", err)
			}
			rest := err.Error()
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				} else if tt.ordered {
					rest = rest[i+len(w):]
				}
			}
			if tt.ordered && len(list) != len(tt.want) {
				t.Errorf("%d errors, want %d:\n%v", len(list), len(tt.want), err)
			}
		})
	}
}

func TestMissingFileIsNotExist(t *testing.T) {
	t.Parallel()
	_, err := Load(filepath.Join(t.TempDir(), "nothing.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%v is not ErrNotExist", err)
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		e    Error
		want string
	}{
		{Error{File: "cellgate.yaml", Line: 12, Column: 5, Field: "buses[0].devices[1].unit", Msg: "duplicate unit 1"}, "cellgate.yaml:12:5: buses[0].devices[1].unit: duplicate unit 1"},
		{Error{File: "cellgate.yaml", Line: 3, Msg: "YAML syntax: x"}, "cellgate.yaml:3: YAML syntax: x"},
		{Error{File: "cellgate.yaml", Field: "outputs", Msg: "none"}, "cellgate.yaml: outputs: none"},
		{Error{Msg: "bare"}, "bare"},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	l := ErrorList{{File: "a", Line: 1, Msg: "x"}, {File: "a", Line: 2, Msg: "y"}}
	if got := l.Error(); got != "a:1: x\na:2: y" {
		t.Errorf("list: %q", got)
	}
}
