package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := load(t, base)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(c.Path)
	d := func(s string) Duration {
		x, err := ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	b := c.Buses[0]
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"gateway.state_dir", c.Gateway.StateDir, "/var/lib/cellgate"},
		{"gateway.status_interval", c.Gateway.StatusInterval, d("10m")},
		{"modem.enabled", *c.Modem.Enabled, true},
		{"modem.baud", c.Modem.Baud, 115200},
		{"modem.vendor", c.Modem.Vendor, "auto"},
		{"modem.pdp_type", c.Modem.PDPType, "IP"},
		{"modem.cid", c.Modem.CID, 1},
		{"modem.signal_interval", c.Modem.SignalInterval, d("30s")},
		{"modem.check_interval", c.Modem.CheckInterval, d("60s")},
		{"bus timeout", b.Timeout, d("1s")},
		{"bus retries", *b.Retries, 1},
		{"rtu baud", b.RTU.Baud, 9600},
		{"rtu format", b.RTU.Format.String(), "8N1"},
		{"device id 1", b.Devices[0].ID, 1},
		{"device id 2", b.Devices[1].ID, 2},
		{"device function", b.Devices[0].Function.String(), "holding"},
		{"device timeout", Duration(b.Devices[0].Timeout), d("1s")},
		{"device retries", *b.Devices[0].Retries, 1},
		{"register order", b.Devices[1].Registers[0].Order.String(), "ABCD"},
		{"register scale", b.Devices[1].Registers[0].Scale, 1.0},
		{"records.format", c.Records.Format, "titan"},
		{"records.timezone", c.Records.Timezone, "UTC"},
		{"spool.dir", c.Spool.Dir, "/var/lib/cellgate/spool"},
		{"spool.max_bytes", c.Spool.MaxBytes.Bytes(), int64(64 << 20)},
		{"modem.trace_max_bytes", c.Modem.TraceMaxBytes.Bytes(), int64(1 << 20)},
		{"spool.policy", c.Spool.Policy, "drop-oldest"},
		{"mqtt.topic", c.Outputs.MQTT.Topic, "[IMEI]/logger"},
		{"mqtt.status_topic", c.Outputs.MQTT.StatusTopic, "[IMEI]/status"},
		{"mqtt.events_topic", c.Outputs.MQTT.EventsTopic, "[IMEI]/events"},
		{"mqtt.in_flight", c.Outputs.MQTT.InFlight, 32},
		{"mqtt.keep_alive", c.Outputs.MQTT.KeepAlive, d("30s")},
		{"mqtt.ca", c.Outputs.MQTT.CA, filepath.Join(dir, "certs/ca.crt")},
		{"remote_at.topic", c.RemoteAT.Topic, "[IMEI]/AT"},
		{"remote_at.response_topic", c.RemoteAT.ResponseTopic, "[IMEI]/ATR"},
		{"remote_at.rate", c.RemoteAT.Rate, "10/1m"},
		{"sms.storage", c.SMS.Storage, "SM"},
		{"watchdog.modem", c.Watchdog.Modem, ModemWatch{Enabled: c.Watchdog.Modem.Enabled, Interval: d("60s"), Timeout: d("5s"), Failures: 3, Backoff: d("2m")}},
		{"watchdog.modem.enabled", *c.Watchdog.Modem.Enabled, true},
		{"watchdog.network", c.Watchdog.Network, NetworkWatch{Enabled: c.Watchdog.Network.Enabled, Interval: d("60s"), Timeout: d("10s"), Failures: 3, Backoff: d("5m"), Unregistered: d("10m")}},
		{"watchdog.application", c.Watchdog.Application, ApplicationWatch{Enabled: c.Watchdog.Application.Enabled, Interval: d("60s"), Stall: d("10m"), Backlog: d("1h"), Backoff: d("10m")}},
		{"metrics.listen", c.Metrics.Listen, "127.0.0.1:9110"},
		{"log.level", c.Log.Level, "info"},
		{"log.format", c.Log.Format, "text"},
	} {
		if f.got != f.want {
			t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
		}
	}
}

func TestDefaultsOverBuses(t *testing.T) {
	t.Parallel()
	y := strings.Replace(base, "outputs:", `  - name: LAN
    tcp: {address: 10.0.0.5}
    timeout: 3s
    retries: 0
    devices:
      - {name: inverter, unit: 0, interval: 1m, start: "1", words: "1"}
      - {name: meter, unit: 7, interval: 1m, start: "1", words: "1", timeout: 2s, retries: 4}
https: {}
outputs:
  https: {url: "https://example.com/in", batch: 10}`, 1)
	y = strings.Replace(y, "https: {}\n", "", 1)
	c, err := load(t, y)
	if err != nil {
		t.Fatal(err)
	}
	lan := c.Buses[1]
	if lan.TCP.Address != "10.0.0.5:502" {
		t.Errorf("address %q", lan.TCP.Address)
	}
	inv, meter := lan.Devices[0], lan.Devices[1]
	if inv.ID != 3 || meter.ID != 4 {
		t.Errorf("ids %d, %d; want 3, 4", inv.ID, meter.ID)
	}
	if inv.Timeout != 3*time.Second || *inv.Retries != 0 {
		t.Errorf("inverter timeout %v retries %d: want the bus's", inv.Timeout, *inv.Retries)
	}
	if meter.Timeout != 2*time.Second || *meter.Retries != 4 {
		t.Errorf("meter timeout %v retries %d: want its own", meter.Timeout, *meter.Retries)
	}
	h := c.Outputs.HTTPS
	if h.Batch != 10 || h.Format != "ndjson" || h.Timeout.D() != 30*time.Second {
		t.Errorf("https %+v", h)
	}
}

func TestOffStaysOff(t *testing.T) {
	t.Parallel()
	c, err := load(t, base+"gateway: {status_interval: off}\nmetrics: {listen: \"off\"}\nspool: {max_age: 0}\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Gateway.StatusInterval != 0 || c.Metrics.Listen != "off" || c.Spool.MaxAge != 0 {
		t.Errorf("status_interval %v, listen %q, max_age %v", c.Gateway.StatusInterval, c.Metrics.Listen, c.Spool.MaxAge)
	}
}

func TestSecretsAndPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certDir(t, dir)
	writeFile(t, dir, "secrets/pin", "4711\n\n")
	writeFile(t, dir, "secrets/console", "s3cr3t-word \r\n")
	path := writeFile(t, dir, "conf/cellgate.yaml", strings.NewReplacer(
		"certs/", "../certs/",
		"  apn: internet\n", "  apn: internet\n  pin: {file: ../secrets/pin}\n  user: fleet\n  password: inline-pass\n  trace: at.log\n",
	).Replace(base)+`gateway: {state_dir: state}
sms: {console: {password: {file: `+dir+`/secrets/console}, default_country: "+49", allowed: ["0170 1234567"]}}
`)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "conf")
	for _, f := range []struct{ name, got, want string }{
		{"pin", c.Modem.PIN.Value, "4711"},
		{"pin file", c.Modem.PIN.File, filepath.Join(dir, "secrets/pin")},
		{"password", c.Modem.Password.Value, "inline-pass"},
		{"console password", c.SMS.Console.Password.Reveal(), "s3cr3t-word"},
		{"default_country", c.SMS.Console.DefaultCountry, "49"},
		{"trace", c.Modem.Trace, filepath.Join(conf, "at.log")},
		{"state_dir", c.Gateway.StateDir, filepath.Join(conf, "state")},
		{"spool.dir", c.Spool.Dir, filepath.Join(conf, "state/spool")},
		{"ca", c.Outputs.MQTT.CA, filepath.Join(dir, "certs/ca.crt")},
		{"cert", c.Outputs.MQTT.Cert, filepath.Join(dir, "certs/client.crt")},
		{"key", c.Outputs.MQTT.Key, filepath.Join(dir, "certs/client.key")},
		{"path", c.Path, path},
	} {
		if f.got != f.want {
			t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
		}
	}
}

func TestRelativeName(t *testing.T) {
	dir := t.TempDir()
	certDir(t, dir)
	t.Chdir(dir)
	c, err := Parse("cellgate.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "certs/ca.crt"); c.Outputs.MQTT.CA != want {
		t.Errorf("ca %q, want %q", c.Outputs.MQTT.CA, want)
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certDir(t, dir)
	writeFile(t, dir, "pin", "975310\n")
	c, err := Load(writeFile(t, dir, "cellgate.yaml", strings.Replace(base, "  apn: internet\n",
		"  apn: internet\n  pin: {file: pin}\n  user: fleet\n  password: s3cr3t-PASS\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "modem", c.Modem, "pin", c.Modem.PIN)
	for _, s := range []string{
		fmt.Sprintf("%v", *c), fmt.Sprintf("%+v", *c), fmt.Sprintf("%#v", *c), fmt.Sprintf("%+v", c.Modem),
		fmt.Sprintf("%s %q %x %d", c.Modem.PIN, c.Modem.PIN, c.Modem.PIN, c.Modem.Password), fmt.Sprint(c.Modem.PIN),
		string(js), logged.String(),
	} {
		if strings.Contains(s, "s3cr3t") || strings.Contains(s, fmt.Sprintf("%x", "s3cr3t")) || strings.Contains(s, "975310") {
			t.Errorf("secret shown: %s", s)
		}
		if !strings.Contains(s, "***") {
			t.Errorf("no *** in %s", s)
		}
	}
	if got := fmt.Sprint(Secret{}); got != "" {
		t.Errorf("empty secret printed as %q", got)
	}
	if c.Modem.PIN.Value != "975310" {
		t.Errorf("pin %q", c.Modem.PIN.Value)
	}
}

func TestLoadOwnFileError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "x.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Load(filepath.Join(dir, "x.yaml"))
	if err == nil || !strings.Contains(err.Error(), "x.yaml: cannot read the configuration: not a regular file") {
		t.Fatalf("got %v", err)
	}
}
