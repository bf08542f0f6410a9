package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// warnings loads yaml (base with old replaced by new) next to fresh
// certificates, after setup, and returns its warnings, one string each.
func warnings(t *testing.T, old, new string, setup func(dir string)) []string {
	t.Helper()
	dir := t.TempDir()
	certDir(t, dir)
	if setup != nil {
		setup(dir)
	}
	yaml := strings.Replace(base, old, new, 1)
	if !strings.Contains(yaml, new) {
		t.Fatalf("%q not in base", old)
	}
	c, err := Load(writeFile(t, dir, "cellgate.yaml", yaml))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, w := range c.Warnings {
		out = append(out, w.Error())
	}
	return out
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func TestWarnPlainBroker(t *testing.T) {
	t.Parallel()
	const tls = "    broker: ssl://broker.example.com:8883\n    ca: certs/ca.crt\n    cert: certs/client.crt\n    key: certs/client.key\n"
	tests := []struct {
		name, new string
		want      string // "" for no warning
	}{
		{"ssl", tls, ""},
		{"loopback v4", "    broker: tcp://127.0.0.1:1883\n    password: secret\n", ""},
		{"loopback v4 net", "    broker: tcp://127.1.2.3:1883\n", ""},
		{"loopback v6", "    broker: tcp://[::1]:1883\n", ""},
		{"localhost", "    broker: mqtt://LocalHost:1883\n", ""},
		{"plain", "    broker: tcp://broker.example.com:1883\n",
			`cellgate.yaml:20:13: outputs.mqtt.broker: "tcp://broker.example.com:1883" is not encrypted: readings cross the network in clear; expected ssl://, tls://, mqtts:// or wss:// (plain tcp://, mqtt:// and ws:// are for a broker on this host)`},
		{"ws", "    broker: ws://10.0.0.1:8080/mqtt\n",
			`outputs.mqtt.broker: "ws://10.0.0.1:8080/mqtt" is not encrypted: readings cross the network in clear;`},
		{"password", "    broker: tcp://broker.example.com:1883\n    username: gw\n    password: secret\n",
			`outputs.mqtt.broker: "tcp://broker.example.com:1883" is not encrypted and the broker password is sent in clear: anyone on the way can read it and connect as this gateway;`},
		{"password in URL", "    broker: tcp://gw:secret@broker.example.com:1883\n",
			`is not encrypted and the broker password is sent in clear:`},
		{"remote AT", "    broker: tcp://192.0.2.1:1883\nremote_at:\n  enabled: true\n",
			`outputs.mqtt.broker: "tcp://192.0.2.1:1883" is not encrypted and remote_at is enabled: anyone on the way can send this modem AT commands;`},
		{"both", "    broker: tcp://192.0.2.1:1883\n    password: {file: mqtt.pass}\nremote_at:\n  enabled: true\n",
			`is not encrypted, the broker password is sent in clear and remote_at is enabled: anyone on the way can read the password and send this modem AT commands;`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := warnings(t, tls, tt.new, func(dir string) { writeFile(t, dir, "mqtt.pass", "secret\n") })
			if tt.want == "" {
				if len(got) > 0 {
					t.Errorf("warnings %q, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) || !strings.Contains(got[0], "cellgate.yaml:20:13: ") {
				t.Errorf("warnings %q\nwant one with %q", got, tt.want)
			}
		})
	}
}

func TestWarnLooseFileModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		old, new string
		setup    func(t *testing.T, dir string)
		want     []string // substrings, one warning each; none for nil
	}{
		{name: "private files", setup: func(t *testing.T, dir string) {}},
		{name: "group-readable CA and certificate", setup: func(t *testing.T, dir string) {
			chmod(t, filepath.Join(dir, "certs/ca.crt"), 0o644)
			chmod(t, filepath.Join(dir, "certs/client.crt"), 0o644)
		}},
		{name: "group-readable key", setup: func(t *testing.T, dir string) {
			chmod(t, filepath.Join(dir, "certs/client.key"), 0o640)
		}},
		{name: "key readable by others", setup: func(t *testing.T, dir string) {
			chmod(t, filepath.Join(dir, "certs/client.key"), 0o644)
		}, want: []string{`cellgate.yaml:23:10: outputs.mqtt.key: DIR/certs/client.key is readable by others (mode 0644); chmod 600 DIR/certs/client.key`}},
		{name: "key writable by its group", setup: func(t *testing.T, dir string) {
			chmod(t, filepath.Join(dir, "certs/client.key"), 0o660)
		}, want: []string{`outputs.mqtt.key: DIR/certs/client.key is writable by its group (mode 0660); chmod 600 DIR/certs/client.key`}},
		{name: "key readable by all", setup: func(t *testing.T, dir string) {
			chmod(t, filepath.Join(dir, "certs/client.key"), 0o664)
		}, want: []string{`outputs.mqtt.key: DIR/certs/client.key is readable by others and writable by its group (mode 0664)`}},
		{name: "CA writable by others", setup: func(t *testing.T, dir string) {
			chmod(t, filepath.Join(dir, "certs/ca.crt"), 0o666)
		}, want: []string{`cellgate.yaml:21:9: outputs.mqtt.ca: DIR/certs/ca.crt is writable by its group and others (mode 0666): whoever can change it decides which server is trusted; chmod 644 DIR/certs/ca.crt`}},
		{name: "secret file", old: "  apn: internet\n", new: "  apn: internet\n  user: u\n  password: {file: apn.pass}\n",
			setup: func(t *testing.T, dir string) {
				chmod(t, writeFile(t, dir, "apn.pass", "x\n"), 0o666)
			}, want: []string{`cellgate.yaml:5:20: modem.password.file: DIR/apn.pass is readable by others and writable by its group and others (mode 0666); chmod 600 DIR/apn.pass`}},
		{name: "inline secret in a readable file", old: "  apn: internet\n", new: "  apn: internet\n  pin: \"1234\"\n",
			setup: func(t *testing.T, dir string) {
				writeFile(t, dir, "cellgate.yaml", "")
				chmod(t, filepath.Join(dir, "cellgate.yaml"), 0o644)
			}, want: []string{`cellgate.yaml:4:8: modem.pin: written inline in DIR/cellgate.yaml, which is readable by others (mode 0644); chmod 600 DIR/cellgate.yaml, or read it from a file with {file: PATH}`}},
		{name: "inline secret in a group-readable file", old: "  apn: internet\n", new: "  apn: internet\n  pin: \"1234\"\n",
			setup: func(t *testing.T, dir string) {
				writeFile(t, dir, "cellgate.yaml", "")
				chmod(t, filepath.Join(dir, "cellgate.yaml"), 0o640)
			}},
		{name: "readable file without inline secrets", setup: func(t *testing.T, dir string) {
			writeFile(t, dir, "cellgate.yaml", "")
			chmod(t, filepath.Join(dir, "cellgate.yaml"), 0o644)
		}},
		{name: "configuration writable by its group", setup: func(t *testing.T, dir string) {
			writeFile(t, dir, "cellgate.yaml", "")
			chmod(t, filepath.Join(dir, "cellgate.yaml"), 0o620)
		}, want: []string{`DIR/cellgate.yaml: is writable by its group (mode 0620): its members can change what cellgate runs; chmod g-w DIR/cellgate.yaml`}},
		{name: "state directory writable by others", old: "modem:\n", new: "gateway:\n  state_dir: state\nmodem:\n",
			setup: func(t *testing.T, dir string) {
				os.Mkdir(filepath.Join(dir, "state"), 0o700)
				chmod(t, filepath.Join(dir, "state"), 0o777)
			}, want: []string{
				`cellgate.yaml:2:14: gateway.state_dir: DIR/state is writable by its group and others (mode 0777); chmod 700 DIR/state`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var dir string
			old, new := tt.old, tt.new
			if old == "" {
				old, new = "modem:", "modem:"
			}
			got := warnings(t, old, new, func(d string) { dir = d; tt.setup(t, d) })
			if len(got) != len(tt.want) {
				t.Fatalf("warnings:\n%s\nwant %d", strings.Join(got, "\n"), len(tt.want))
			}
			for i, w := range tt.want {
				if w = strings.ReplaceAll(w, "DIR", dir); !strings.Contains(got[i], w) {
					t.Errorf("warning %d:\n%s\nwant it to contain\n%s", i, got[i], w)
				}
			}
		})
	}
}

func TestWorldWritableConfigurationIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certDir(t, dir)
	path := writeFile(t, dir, "cellgate.yaml", base)
	chmod(t, path, 0o666)
	_, err := Load(path)
	want := path + ": is writable by every user (mode 0666): anyone on this host could change what cellgate runs; refused; chmod o-w " + path
	var list ErrorList
	if err == nil || !errors.As(err, &list) || err.Error() != want {
		t.Fatalf("Load: %v\nwant %s", err, want)
	}
	chmod(t, path, 0o644)
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
}

// The status API has no authentication and no encryption: listening
// beyond this host is warned about.
func TestWarnStatusAPIBeyondThisHost(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ listen, want string }{
		{"127.0.0.1:9110", ""},
		{"localhost:9110", ""},
		{"'[::1]:9110'", ""},
		{"\"off\"", ""},
		{"\":9110\"", `cellgate.yaml:19:11: metrics.listen: ":9110" serves /metrics and /status (IMEI, SIM and network) to anyone who can reach it, without authentication or encryption; expected a loopback address such as 127.0.0.1:9110, with a tunnel or a reverse proxy for remote access`},
		{"192.0.2.1:9110", `metrics.listen: "192.0.2.1:9110" serves /metrics and /status`},
	} {
		t.Run(tt.listen, func(t *testing.T) {
			t.Parallel()
			got := warnings(t, "outputs:", "metrics:\n  listen: "+tt.listen+"\noutputs:", nil)
			if tt.want == "" && len(got) > 0 || tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)) {
				t.Errorf("warnings %q, want %q", got, tt.want)
			}
		})
	}
}

// The modem trace holds phone numbers and messages: an existing trace
// file others may read is warned about.
func TestWarnTraceReadableByOthers(t *testing.T) {
	t.Parallel()
	var dir string
	got := warnings(t, "  apn: internet\n", "  apn: internet\n  trace: modem.trace\n", func(d string) {
		dir = d
		chmod(t, writeFile(t, d, "modem.trace", ""), 0o644)
	})
	want := "cellgate.yaml:4:10: modem.trace: " + dir + "/modem.trace is readable by others (mode 0644); chmod 600 " + dir + "/modem.trace"
	if len(got) != 1 || !strings.HasSuffix(got[0], want) {
		t.Errorf("warnings %q\nwant %s", got, want)
	}
}
