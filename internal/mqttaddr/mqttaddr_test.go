package mqttaddr

import (
	"strings"
	"testing"
)

func TestParseBroker(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		tls, ws  bool
		err      string
	}{
		{"ssl://test.mosquitto.org:8884", "ssl://test.mosquitto.org:8884", true, false, ""},
		{"mqtts://broker.example.com", "mqtts://broker.example.com:8883", true, false, ""},
		{"tcp://10.0.0.1", "tcp://10.0.0.1:1883", false, false, ""},
		{"wss://host/mqtt", "wss://host:443/mqtt", true, true, ""},
		{"test.mosquitto.org:8884", "", false, false, `broker "test.mosquitto.org:8884": missing scheme`},
		{"http://host", "", false, false, "unknown scheme"},
		{"ssl://:8883", "", false, false, "missing host"},
		{"tcp://host/path", "", false, false, "path"},
		{"", "", false, false, "broker URL is empty"},
		{"tcp://user:s3cret@host:99999x", "", false, false, "broker"},
	}
	for _, c := range cases {
		b, err := ParseBroker(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "s3cret") {
				t.Errorf("%q: err %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || b.String() != c.want || b.TLS != c.tls || b.WebSocket != c.ws {
			t.Errorf("%q: got %v %+v %v", c.in, b.URL, b, err)
		}
	}
}

func TestExpand(t *testing.T) {
	t.Parallel()
	f := map[string]string{"IMEI": "356938035643809", "EMPTY": ""}
	if got, err := Expand("plant/[imei]/logger", f); err != nil || got != "plant/356938035643809/logger" {
		t.Errorf("got %q %v", got, err)
	}
	for bad, want := range map[string]string{
		"[IMIE]/logger": `topic "[IMIE]/logger": unknown field [IMIE]`,
		"[IMEI/logger":  "unclosed [",
		"[EMPTY]/x":     "is empty",
	} {
		if _, err := Expand(bad, f); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", bad, err, want)
		}
	}
}

func TestCheckTopic(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		topic  string
		filter bool
		ok     bool
	}{
		{"a/b", false, true}, {"a/#", true, true}, {"a/#", false, false}, {"", false, false}, {"a\x00", true, false},
	} {
		if err := CheckTopic(c.topic, c.filter); (err == nil) != c.ok {
			t.Errorf("%q filter %v: %v", c.topic, c.filter, err)
		}
	}
}
