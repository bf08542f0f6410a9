package sms

import (
	"bytes"
	"testing"
	"time"
)

func TestRelativeVP(t *testing.T) {
	const day, week = 24 * time.Hour, 7 * 24 * time.Hour
	tests := []struct {
		d    time.Duration
		vp   byte
		back time.Duration // the period vp stands for
	}{
		{time.Nanosecond, 0, 5 * time.Minute},
		{5 * time.Minute, 0, 5 * time.Minute},
		{5*time.Minute + 1, 1, 10 * time.Minute},
		{time.Hour, 11, time.Hour},
		{12 * time.Hour, 143, 12 * time.Hour},
		{12*time.Hour + 1, 144, 12*time.Hour + 30*time.Minute},
		{18 * time.Hour, 155, 18 * time.Hour},
		{day, 167, day},
		{day + 1, 168, 2 * day},
		{2 * day, 168, 2 * day},
		{3*day - time.Minute, 169, 3 * day},
		{30 * day, 196, 30 * day},
		{30*day + 1, 197, 5 * week},
		{5 * week, 197, 5 * week},
		{10 * week, 202, 10 * week},
		{63 * week, 255, 63 * week},
	}
	for _, tt := range tests {
		vp, err := EncodeRelativeVP(tt.d)
		if err != nil || vp != tt.vp {
			t.Errorf("EncodeRelativeVP(%v) = %d, %v; want %d", tt.d, vp, err, tt.vp)
		}
		if got := DecodeRelativeVP(tt.vp); got != tt.back {
			t.Errorf("DecodeRelativeVP(%d) = %v, want %v", tt.vp, got, tt.back)
		}
	}
	for vp := 0; vp < 256; vp++ {
		d := DecodeRelativeVP(byte(vp))
		if back, err := EncodeRelativeVP(d); err != nil || back != byte(vp) {
			t.Errorf("vp %d -> %v -> %d, %v", vp, d, back, err)
		}
		if vp > 0 && d <= DecodeRelativeVP(byte(vp-1)) {
			t.Errorf("vp %d: %v is not longer than vp %d", vp, d, vp-1)
		}
	}
	for _, d := range []time.Duration{0, -time.Minute, 63*week + 1} {
		_, err := EncodeRelativeVP(d)
		if err == nil {
			t.Errorf("EncodeRelativeVP(%v) succeeded", d)
		}
	}
}

func TestValidityField(t *testing.T) {
	tests := []struct {
		name string
		v    Validity
		hex  string
		err  string
	}{
		{"none", Validity{}, "", ""},
		{"relative one day", Validity{Format: ValidityRelative, Relative: 24 * time.Hour}, "A7", ""},
		{"absolute", Validity{Format: ValidityAbsolute, Absolute: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", -4*3600))}, "62102030405069", ""},
		{"enhanced kept verbatim", Validity{Format: ValidityEnhanced, Enhanced: [7]byte{0x01, 0x22, 0, 0, 0, 0, 0}}, "01220000000000", ""},
		{"relative zero", Validity{Format: ValidityRelative}, "", "is not positive"},
		{"bad format", Validity{Format: 4}, "", "validity format 4 is not 0-3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.v.appendTo(nil)
			if !wantErr(t, err, tt.err) {
				return
			}
			if want := mustHex(t, tt.hex); !bytes.Equal(got, want) {
				t.Fatalf("encoded %X, want %X", got, want)
			}
			back, err := decodeValidity(&reader{b: got}, tt.v.Format)
			if err != nil {
				t.Fatal(err)
			}
			if !sameTime(back.Absolute, tt.v.Absolute) || back.Relative != tt.v.Relative || back.Enhanced != tt.v.Enhanced || back.Format != tt.v.Format {
				t.Errorf("decoded %+v, want %+v", back, tt.v)
			}
		})
	}
}
