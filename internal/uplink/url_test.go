package uplink

import (
	"strings"
	"testing"
)

func TestParseBroker(t *testing.T) {
	cases := []struct {
		in, want string
		tls      bool
		err      string
	}{
		{"ssl://test.mosquitto.org:8884", "ssl://test.mosquitto.org:8884", true, ""}, // the seed
		{"mqtts://broker.example.com", "mqtts://broker.example.com:8883", true, ""},
		{"tls://10.0.0.1:8883", "tls://10.0.0.1:8883", true, ""},
		{"tcp://10.0.0.1", "tcp://10.0.0.1:1883", false, ""},
		{"MQTT://[::1]", "mqtt://[::1]:1883", false, ""},
		{"ws://host/mqtt", "ws://host:80/mqtt", false, ""},
		{"wss://host/mqtt", "wss://host:443/mqtt", true, ""},
		{"test.mosquitto.org:8884", "", false, "missing scheme"},
		{"http://host", "", false, "unknown scheme"},
		{"ssl://:8883", "", false, "missing host"},
		{"tcp://host/path", "", false, "path"},
		{"", "", false, "empty"},
	}
	for _, c := range cases {
		u, tls, err := ParseBroker(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || u.String() != c.want || tls != c.tls {
			t.Errorf("%q: got %v %v %v", c.in, u, tls, err)
		}
	}
}

func TestExpand(t *testing.T) {
	f := map[string]string{"IMEI": imei, "SERIAL": "T2-0042"}
	for in, want := range map[string]string{
		"[IMEI]/logger":         imei + "/logger",
		"plant/[SERIAL]/[imei]": "plant/T2-0042/" + imei,
		"fixed":                 "fixed",
	} {
		if got, err := Expand(in, f); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	for _, bad := range []string{"[IMIE]/logger", "[IMEI/logger"} {
		if _, err := Expand(bad, f); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, c := range []struct {
		cfg Config
		err string
	}{
		{Config{Broker: "tcp://h"}, "IMEI"},
		{Config{Broker: "tcp://h", IMEI: imei, CAFile: "ca.crt"}, "not TLS"},
		{Config{Broker: "ssl://h", IMEI: imei, CAFile: "/nonexistent/ca.crt"}, "CA file"},
		{Config{Broker: "ssl://h", IMEI: imei, CertFile: "c.crt"}, "go together"},
		{Config{Broker: "tcp://h", IMEI: imei, LoggerTopic: "[IMEI]/#"}, "wildcards"},
		{Config{Broker: "tcp://h", IMEI: imei, AT: &ATConfig{}}, "Runner"},
	} {
		if _, err := New(c.cfg); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%+v: %v, want %q", c.cfg, err, c.err)
		}
	}
	p, err := New(Config{Broker: "tcp://h", IMEI: imei, Fields: map[string]string{"serial": "S1"}, LoggerTopic: "[SERIAL]/data"})
	if err != nil || p.ClientID() != imei || p.LoggerTopic() != "S1/data" || p.StatusTopic() != imei+"/status" {
		t.Fatalf("%v %v", p, err)
	}
}
