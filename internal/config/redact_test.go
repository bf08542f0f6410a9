package config

import (
	"strings"
	"testing"
)

// An invalid broker or HTTPS URL is reported without the password written
// into it: config check's output is pasted into tickets.
func TestURLErrorsMaskPassword(t *testing.T) {
	t.Parallel()
	for _, outputs := range []string{
		"  mqtt:\n    broker: tcp://user:cfgpw77@broker.example:1883\n    ca: certs/ca.crt\n",
		"  mqtt:\n    broker: ssl://user:cfgpw77@broker.example/x\n",
		"  https:\n    url: http://user:cfgpw77@example.com/readings\n",
		"  https:\n    url: https://user:cfgpw77@/readings\n",
	} {
		_, err := load(t, "gateway:\n  imei: \"356938035643809\"\nmodem:\n  enabled: false\noutputs:\n"+outputs)
		if err == nil || strings.Contains(err.Error(), "cfgpw77") || !strings.Contains(err.Error(), "***") {
			t.Errorf("outputs\n%s: %v", outputs, err)
		}
	}
}
