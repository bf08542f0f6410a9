package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/pki"
)

// exampleDir writes the example configuration and the certificates it
// names into a temporary directory and returns the file's path.
func exampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	certs := filepath.Join(dir, "certs")
	if err := os.Mkdir(certs, 0o755); err != nil {
		t.Fatal(err)
	}
	ca, err := pki.NewCA("test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ca.WriteFiles(certs); err != nil {
		t.Fatal(err)
	}
	client, err := ca.Client("356938035643809")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.WriteFiles(certs, "client"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "cellgate.yaml")
	if err := os.WriteFile(path, []byte(config.Example()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigCheck(t *testing.T) {
	path := exampleDir(t)
	out, err := runCaptured(t, "", "config", "check", path)
	if err != nil {
		t.Fatal(err)
	}
	if want := path + ": ok (1 bus, 2 devices, outputs: mqtt)\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}

	bad := strings.Replace(config.Example(), "baud: 115200", "baud: fast", 1)
	bad = strings.Replace(bad, "        interval: 10m", "        interval: 10 minutes", 1)
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = runCaptured(t, "", "config", "check", path)
	if err == nil {
		t.Fatalf("no error; output %q", out)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 || lines[0] != "config check: 2 problems:" ||
		!strings.Contains(lines[1], `cellgate.yaml:24:9: modem.baud: "fast" is not a number`) ||
		!strings.Contains(lines[2], `: buses[0].devices[0].interval: "10 minutes" is not a duration`) {
		t.Errorf("error:\n%v", err)
	}
	if out != "" {
		t.Errorf("output %q", out)
	}

	_, err = runCaptured(t, "", "config", "check", filepath.Join(t.TempDir(), "none.yaml"))
	if err == nil || !strings.Contains(err.Error(), "none.yaml: cannot read the configuration: no such file or directory") {
		t.Errorf("missing file: %v", err)
	}
	for _, args := range [][]string{{"config", "check"}, {"config", "check", "a", "b"}, {"config", "bogus"}, {"config", "example", "x"}} {
		if _, err := runCaptured(t, "", args...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

func TestConfigExample(t *testing.T) {
	out, err := runCaptured(t, "", "config", "example")
	if err != nil {
		t.Fatal(err)
	}
	if out != config.Example() || !strings.Contains(out, "buses:") {
		t.Errorf("output is not the example:\n%s", out)
	}
}

// An APN that smuggles AT commands fails "config check" with a field error.
func TestConfigCheckRefusesInjectedAPN(t *testing.T) {
	path := exampleDir(t)
	bad := strings.Replace(config.Example(), "  apn: internet\n", "  apn: \"em\\rAT+CFUN=0\\rAT\"\n", 1)
	if bad == config.Example() {
		t.Fatal("the example has no apn: internet")
	}
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := runCaptured(t, "", "config", "check", path)
	if err == nil || !regexp.MustCompile(`cellgate\.yaml:\d+:8: modem\.apn: "em\\rAT\+CFUN=0\\rAT" is not an APN`).MatchString(err.Error()) {
		t.Errorf("error: %v", err)
	}
}

// TestConfigCheckPrintsWarnings: an unencrypted remote broker with a
// password and a key file others may read are accepted, with a warning
// each naming file, line and field; the check still succeeds.
func TestConfigCheckPrintsWarnings(t *testing.T) {
	path := exampleDir(t)
	ex := strings.Replace(config.Example(), "broker: ssl://broker.example.com:8883", "broker: tcp://broker.example.com:1883", 1)
	ex = strings.Replace(ex, `    password: ""`, `    password: secret`, 1)
	for _, l := range []string{"    ca: certs/ca.crt\n", "    cert: certs/client.crt\n", "    key: certs/client.key\n"} {
		ex = strings.Replace(ex, l, "", 1)
	}
	if err := os.WriteFile(path, []byte(ex), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o620); err != nil {
		t.Fatal(err)
	}
	out, err := runCaptured(t, "", "config", "check", path)
	if err != nil {
		t.Fatalf("warnings failed the check: %v", err)
	}
	brokerLine := strings.Count(ex[:strings.Index(ex, "broker: tcp://")], "\n") + 1
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 ||
		lines[0] != "warning: "+path+": is writable by its group (mode 0620): its members can change what cellgate runs; chmod g-w "+path ||
		!strings.HasPrefix(lines[1], fmt.Sprintf("warning: %s:%d:13: outputs.mqtt.broker", path, brokerLine)+`: "tcp://broker.example.com:1883" is not encrypted and the broker password is sent in clear`) ||
		lines[2] != path+": ok, 2 warnings (1 bus, 2 devices, outputs: mqtt)" {
		t.Errorf("output:\n%s", out)
	}
}
