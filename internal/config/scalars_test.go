package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"10m", 10 * time.Minute, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"500ms", 500 * time.Millisecond, ""},
		{"off", 0, ""},
		{"OFF", 0, ""},
		{"0", 0, ""},
		{"0s", 0, ""},
		{"-1s", 0, "is negative"},
		{"10", 0, "has no unit"},
		{"10 minutes", 0, "is not a duration"},
		{"", 0, "is not a duration"},
	} {
		d, err := ParseDuration(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || d.D() != tt.want):
			t.Errorf("%q: %v, %v; want %v", tt.in, d, err, tt.want)
		}
	}
}

func TestDurationString(t *testing.T) {
	t.Parallel()
	for in, want := range map[time.Duration]string{
		10 * time.Minute: "10m", 90 * time.Minute: "1h30m", time.Hour: "1h",
		500 * time.Millisecond: "500ms", 0: "0s", 90 * time.Second: "1m30s",
	} {
		if got := Duration(in).String(); got != want {
			t.Errorf("%v: %q, want %q", in, got, want)
		}
	}
}

func TestParseSize(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"64MiB", 64 << 20, true},
		{"512KiB", 512 << 10, true},
		{"1GiB", 1 << 30, true},
		{"10MB", 10_000_000, true},
		{"1024", 1024, true},
		{"64 mib", 64 << 20, true},
		{"1.5GiB", 0, false},
		{"-1", 0, false},
		{"MiB", 0, false},
		{"64 megs", 0, false},
		{"99999999999TiB", 0, false},
	} {
		s, err := ParseSize(tt.in)
		if (err == nil) != tt.ok || s.Bytes() != tt.want {
			t.Errorf("%q: %d, %v", tt.in, s.Bytes(), err)
		}
	}
	for in, want := range map[Size]string{64 << 20: "64MiB", 10_000_000: "10MB", 1000: "1kB", 1001: "1001", 0: "0"} {
		if got := in.String(); got != want {
			t.Errorf("%d: %q, want %q", in, got, want)
		}
	}
}

func TestParseRate(t *testing.T) {
	t.Parallel()
	if n, per, err := ParseRate("10/1m"); n != 10 || per != time.Minute || err != nil {
		t.Errorf("10/1m: %d %v %v", n, per, err)
	}
	for _, bad := range []string{"", "10", "0/1m", "10/0s", "ten/1m", "10/minute", "-1/1m"} {
		if _, _, err := ParseRate(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestParseAction(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want Action
		ok   bool
		err  bool
	}{
		{"", Action{}, false, false},
		{"gpio:17", Action{GPIO: 17}, true, false},
		{"gpio:4:active-low", Action{GPIO: 4, ActiveLow: true}, true, false},
		{"/sbin/reboot", Action{Command: "/sbin/reboot"}, true, false},
		{"gpio:x", Action{}, false, true},
		{"gpio:4:low", Action{}, false, true},
		{"gpio:-1", Action{}, false, true},
	} {
		a, ok, err := ParseAction(tt.in)
		if a != tt.want || ok != tt.ok || (err != nil) != tt.err {
			t.Errorf("%q: %+v %v %v", tt.in, a, ok, err)
		}
	}
}

func TestParseHost(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in, network, address string
		ok                   bool
	}{
		{"", "", "", true},
		{"tcp:8.8.8.8:53", "tcp", "8.8.8.8:53", true},
		{"tcp:[2001:db8::1]:443", "tcp", "[2001:db8::1]:443", true},
		{"icmp:example.com", "icmp", "example.com", true},
		{"icmp:2001:db8::1", "icmp", "2001:db8::1", true},
		{"icmp:example.com:80", "", "", false},
		{"icmp:", "", "", false},
		{"tcp:8.8.8.8", "", "", false},
		{"udp:8.8.8.8:53", "", "", false},
		{"8.8.8.8", "", "", false},
	} {
		n, a, err := ParseHost(tt.in)
		if n != tt.network || a != tt.address || (err == nil) != tt.ok {
			t.Errorf("%q: %q %q %v", tt.in, n, a, err)
		}
	}
}
