package sms

import "testing"

func TestDCS(t *testing.T) {
	tests := []struct {
		dcs        DCS
		enc        Encoding
		class      int // -1: none
		compressed bool
	}{
		{0x00, GSM7, -1, false},
		{0x04, Data8, -1, false},
		{0x08, UCS2, -1, false},
		{0x0C, GSM7, -1, false}, // reserved alphabet
		{0x10, GSM7, 0, false},  // flash
		{0x11, GSM7, 1, false},
		{0x16, Data8, 2, false},
		{0x18, UCS2, 0, false},
		{0x13, GSM7, 3, false},
		{0x1B, UCS2, 3, false},
		{0x20, GSM7, -1, true},
		{0x34, Data8, 0, true},
		{0x40, GSM7, -1, false}, // automatic deletion group
		{0x48, UCS2, -1, false},
		{0x52, GSM7, 2, false},
		{0x80, GSM7, -1, false}, // reserved group
		{0xB8, GSM7, -1, false},
		{0xC0, GSM7, -1, false}, // message waiting, discard
		{0xD8, GSM7, -1, false}, // message waiting, store
		{0xE0, UCS2, -1, false}, // message waiting, store, UCS2
		{0xF0, GSM7, 0, false},
		{0xF1, GSM7, 1, false},
		{0xF4, Data8, 0, false},
		{0xF6, Data8, 2, false},
		{0xFF, Data8, 3, false},
	}
	for _, tt := range tests {
		if got := tt.dcs.Encoding(); got != tt.enc {
			t.Errorf("DCS %#02x: Encoding = %v, want %v", byte(tt.dcs), got, tt.enc)
		}
		class, ok := tt.dcs.Class()
		if !ok {
			class = -1
		}
		if class != tt.class {
			t.Errorf("DCS %#02x: Class = %d, %v; want %d", byte(tt.dcs), class, ok, tt.class)
		}
		if got := tt.dcs.Flash(); got != (tt.class == 0) {
			t.Errorf("DCS %#02x: Flash = %v", byte(tt.dcs), got)
		}
		if got := tt.dcs.Compressed(); got != tt.compressed {
			t.Errorf("DCS %#02x: Compressed = %v", byte(tt.dcs), got)
		}
	}
}

func TestNewDCS(t *testing.T) {
	tests := []struct {
		enc   Encoding
		class int
		want  DCS
	}{
		{GSM7, -1, 0x00},
		{Data8, -1, 0x04},
		{UCS2, -1, 0x08},
		{GSM7, 0, 0x10},
		{UCS2, 0, 0x18},
		{Data8, 1, 0x15},
		{GSM7, 3, 0x13},
		{GSM7, 4, 0x00},
		{Encoding(9), -1, 0x00},
	}
	for _, tt := range tests {
		if got := NewDCS(tt.enc, tt.class); got != tt.want {
			t.Errorf("NewDCS(%v, %d) = %#02x, want %#02x", tt.enc, tt.class, byte(got), byte(tt.want))
		}
	}
	if s := Encoding(9).String(); s != "Encoding(9)" {
		t.Errorf("Encoding(9).String() = %q", s)
	}
}
