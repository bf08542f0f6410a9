package uplink

import (
	"strings"
	"testing"
)

// The errors about a broker or HTTPS URL, which config check prints and
// the daemon logs, never show a password written into the URL.
func TestURLErrorsMaskPassword(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"ssl://user:urlpw42@broker.example/x",
		"tcp://user:urlpw42@broker.example:port",
		"gopher://user:urlpw42@broker.example",
		"ssl://user:urlpw42@",
	} {
		_, _, err := ParseBroker(s)
		if err == nil || strings.Contains(err.Error(), "urlpw42") {
			t.Errorf("ParseBroker(%q): %v", s, err)
		}
	}
	for _, s := range []string{
		"http://user:urlpw42@example.com/x",
		"https://user:urlpw42@example.com:port/x",
		"ftp://user:urlpw42@example.com/x",
		"https://user:urlpw42@/x",
	} {
		_, err := NewHTTP(HTTPConfig{URL: s})
		if err == nil || strings.Contains(err.Error(), "urlpw42") {
			t.Errorf("NewHTTP(%q): %v", s, err)
		}
	}
}
