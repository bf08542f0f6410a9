package config

import (
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
