package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// The warning about a plain tcp:// broker quotes the broker URL; a
// password written into it is masked there, as config check prints
// warnings and the daemon logs them.
func TestPlainBrokerWarningMasksURLPassword(t *testing.T) {
	t.Parallel()
	const tls = "    broker: ssl://broker.example.com:8883\n    ca: certs/ca.crt\n    cert: certs/client.crt\n    key: certs/client.key\n"
	got := warnings(t, tls, "    broker: tcp://gw:brokerPw77@broker.example.com:1883\n", nil)
	if len(got) != 1 || !strings.Contains(got[0], `"tcp://gw:***@broker.example.com:1883" is not encrypted`) {
		t.Errorf("warnings %q", got)
	}
	for _, w := range got {
		if strings.Contains(w, "brokerPw77") {
			t.Errorf("a warning shows the broker password: %s", w)
		}
	}
}

// Credentials written inline in a configuration file that others may read
// are warned about like the PIN and passwords are: an HTTPS output's
// Authorization (or other secret) header, and the password of a broker or
// HTTPS URL. Headers that hold no secret are not.
func TestWarnInlineCredentialsInReadableFile(t *testing.T) {
	t.Parallel()
	const old = "    broker: ssl://broker.example.com:8883\n"
	const new = "    broker: ssl://gw:brokerPw77@broker.example.com:8883\n" +
		"  https:\n    url: https://ingest:urlPw-Hd27@example.com/in\n    headers:\n" +
		"      Authorization: Bearer tokHdr-Wn93\n      X-Api-Key: apiKey-Rt55\n      X-Tenant: acme\n"
	var dir string
	got := warnings(t, old, new, func(d string) {
		dir = d
		writeFile(t, d, "cellgate.yaml", "")
		chmod(t, filepath.Join(d, "cellgate.yaml"), 0o644)
	})
	want := []string{
		"outputs.https.headers.Authorization: written inline in DIR/cellgate.yaml, which is readable by others (mode 0644); chmod 600 DIR/cellgate.yaml",
		"outputs.https.headers.X-Api-Key: written inline in DIR/cellgate.yaml",
		"outputs.https.url: the password in the URL is written inline in DIR/cellgate.yaml, which is readable by others (mode 0644); chmod 600 DIR/cellgate.yaml",
		"outputs.mqtt.broker: the password in the URL is written inline in DIR/cellgate.yaml",
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if w = strings.ReplaceAll(w, "DIR", dir); !strings.Contains(all, w) {
			t.Errorf("no warning with\n%s\nin\n%s", w, all)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d warnings, want %d:\n%s", len(got), len(want), all)
	}
	for _, secret := range []string{"brokerPw77", "urlPw-Hd27", "tokHdr-Wn93", "apiKey-Rt55"} {
		if strings.Contains(all, secret) {
			t.Errorf("a warning shows %q", secret)
		}
	}
}
