package config

import (
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in     string
		want   Rate
		str    string
		perSec float64
		bad    bool
	}{
		{in: "20/s", want: Rate{20, time.Second}, str: "20/s", perSec: 20},
		{in: " 50 / 1s ", want: Rate{50, time.Second}, str: "50/s", perSec: 50},
		{in: "600/m", want: Rate{600, time.Minute}, str: "600/m", perSec: 10},
		{in: "100/1m30s", want: Rate{100, 90 * time.Second}, str: "100/1m30s", perSec: 100 / 90.0},
		{in: "5/10s", want: Rate{5, 10 * time.Second}, str: "5/10s", perSec: 0.5},
		{in: "1/h", want: Rate{1, time.Hour}, str: "1/h", perSec: 1 / 3600.0},
		{in: "off", want: Rate{}, str: "off"},
		{in: "OFF", want: Rate{}, str: "off"},
		{in: "20", bad: true},
		{in: "20/", bad: true},
		{in: "/s", bad: true},
		{in: "0/s", bad: true},
		{in: "-1/s", bad: true},
		{in: "20/0s", bad: true},
		{in: "20/-1s", bad: true},
		{in: "x/s", bad: true},
		{in: "20/fortnight", bad: true},
		{in: "", bad: true},
	} {
		got, err := ParseRate(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: %v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want || got.String() != c.str || got.PerSecond() != c.perSec {
			t.Errorf("%q: %v (%q, %v/s) %v, want %v (%q, %v/s)", c.in, got, got.String(), got.PerSecond(), err, c.want, c.str, c.perSec)
		}
		if back, err := ParseRate(got.String()); err != nil || back != got {
			t.Errorf("%q: String %q reads back as %v %v", c.in, got.String(), back, err)
		}
	}
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"20/s", "100/1m30s", "off", "/", "1/1ns", "9999999999999999999/s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			return
		}
		if !r.IsZero() && (r.N < 1 || r.Per <= 0) {
			t.Fatalf("%q: %+v", s, r)
		}
		if back, err := ParseRate(r.String()); err != nil || back != r {
			t.Fatalf("%q: %+v writes %q, reads back %+v %v", s, r, r.String(), back, err)
		}
	})
}
