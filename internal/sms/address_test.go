package sms

import (
	"bytes"
	"testing"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in   string
		want Address
	}{
		{"", Address{}},
		{"+4917612345678", Address{Number: "+4917612345678", TON: TONInternational, NPI: NPIISDN}},
		{"017612345678", Address{Number: "017612345678", TON: TONUnknown, NPI: NPIISDN}},
		{"*100#", Address{Number: "*100#", TON: TONUnknown, NPI: NPIISDN}},
		{"cellgate", Address{Number: "cellgate", TON: TONAlphanumeric}},
		{"+", Address{Number: "+", TON: TONAlphanumeric}},
		{"+49 176", Address{Number: "+49 176", TON: TONAlphanumeric}},
		{"1-2", Address{Number: "1-2", TON: TONAlphanumeric}},
	}
	for _, tt := range tests {
		if got := ParseAddress(tt.in); got != tt.want {
			t.Errorf("ParseAddress(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestTPAddress(t *testing.T) {
	tests := []struct {
		name string
		addr Address
		hex  string
		back Address // what decoding gives when it differs from addr
	}{
		{"international odd length", Address{Number: "+8613903710742", TON: 1, NPI: 1}, "0D91683109730147F2", Address{}},
		{"unknown type", Address{Number: "13903710731", NPI: 1}, "0B813109730137F1", Address{}},
		{"even length", Address{Number: "4917", NPI: 1}, "04819471", Address{}},
		{"international without plus", Address{Number: "4917", TON: 1, NPI: 1}, "04919471", Address{Number: "+4917", TON: 1, NPI: 1}},
		{"special digits", Address{Number: "*#abc0", TON: 2, NPI: 9}, "06A9BADC0E", Address{}},
		{"empty", Address{}, "0080", Address{}},
		{"alphanumeric", Address{Number: "cellgate", TON: TONAlphanumeric}, "0ED0E3329B7D0ED3CB", Address{}},
		{"alphanumeric seven septets", Address{Number: "Telekom", TON: TONAlphanumeric}, "0DD0D432BBBC7EB701", Address{}},
		{"alphanumeric with extension character", Address{Number: "a€", TON: TONAlphanumeric}, "06D0E14D19", Address{}},
		{"alphanumeric eleven septets", Address{Number: "ABCDEFGHIJK", TON: TONAlphanumeric}, "14D041E19058341E9149E512", Address{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := appendTPAddress(nil, tt.addr, "test address")
			if err != nil {
				t.Fatal(err)
			}
			if want := mustHex(t, tt.hex); !bytes.Equal(got, want) {
				t.Fatalf("encoded %X, want %X", got, want)
			}
			back := tt.back
			if back == (Address{}) {
				back = tt.addr
			}
			dec, err := decodeTPAddress(&reader{b: got}, "test address")
			if err != nil {
				t.Fatal(err)
			}
			if dec != back {
				t.Errorf("decoded %+v, want %+v", dec, back)
			}
		})
	}
}

func TestTPAddressErrors(t *testing.T) {
	encode := []struct {
		name string
		addr Address
		err  string
	}{
		{"letter in number", Address{Number: "12x", NPI: 1}, `"12x": 'x' is not an address digit`},
		{"plus without international type", Address{Number: "+49", NPI: 1}, "'+' is not an address digit"},
		{"too many digits", Address{Number: "123456789012345678901", NPI: 1}, "too long: 21 digits, max 20"},
		{"alphanumeric too long", Address{Number: "ABCDEFGHIJKL", TON: 5}, "too long: 12 septets, max 11"},
		{"alphanumeric outside alphabet", Address{Number: "Жук", TON: 5}, "not in the GSM 7-bit alphabet"},
		{"type of number out of range", Address{Number: "1", TON: 8}, "out of range"},
		{"numbering plan out of range", Address{Number: "1", NPI: 16}, "out of range"},
	}
	for _, tt := range encode {
		t.Run(tt.name, func(t *testing.T) {
			_, err := appendTPAddress(nil, tt.addr, "test address")
			wantErr(t, err, tt.err)
		})
	}
	decode := []struct {
		name string
		hex  string
		err  string
	}{
		{"no length", "", "missing test address length"},
		{"no type", "04", "missing test address type"},
		{"short value", "049194", "truncated test address: want 2 octets, have 1"},
		{"too long", "1591", "length 21 exceeds 20 semi-octets"},
		{"filler inside", "0491F471", "filler semi-octet at digit 2 of 4"},
	}
	for _, tt := range decode {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeTPAddress(&reader{b: mustHex(t, tt.hex)}, "test address")
			wantErr(t, err, tt.err)
		})
	}
}

func TestSMSCAddress(t *testing.T) {
	tests := []struct {
		name string
		addr Address
		hex  string
	}{
		{"seed SMSC", Address{Number: "+8613800688509", TON: 1, NPI: 1}, "0891683108608805F9"},
		{"use stored SMSC", Address{}, "00"},
		{"type only", Address{TON: 1, NPI: 1}, "0191"},
		{"even digits", Address{Number: "+4917", TON: 1, NPI: 1}, "03919471"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := appendSMSC(nil, tt.addr)
			if err != nil {
				t.Fatal(err)
			}
			if want := mustHex(t, tt.hex); !bytes.Equal(got, want) {
				t.Fatalf("encoded %X, want %X", got, want)
			}
			dec, err := decodeSMSC(&reader{b: got})
			if err != nil {
				t.Fatal(err)
			}
			if dec != tt.addr {
				t.Errorf("decoded %+v, want %+v", dec, tt.addr)
			}
		})
	}
	errs := []struct {
		name string
		hex  string
		err  string
	}{
		{"empty", "", "missing SMSC address length"},
		{"too long", "0C", "length 12 exceeds 11 octets"},
		{"short", "0891683108", "truncated SMSC address: want 8 octets, have 4"},
		{"digit after filler", "0391F471", "digits after a filler"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeSMSC(&reader{b: mustHex(t, tt.hex)})
			wantErr(t, err, tt.err)
		})
	}
	// The SMSC address is BCD digits whatever its type (TS 24.011 8.2.5).
	if _, err := appendSMSC(nil, Address{Number: "SMSC", TON: TONAlphanumeric}); err == nil {
		t.Error("alphanumeric SMSC address encoded")
	} else {
		wantErr(t, err, `"SMSC": 'S' is not an address digit`)
	}
	// Trailing fillers end the digits early.
	a, err := decodeSMSC(&reader{b: mustHex(t, "0381F1FF")})
	if err != nil || a != (Address{Number: "1", TON: 0, NPI: 1}) {
		t.Errorf("decodeSMSC(0381F1FF) = %+v, %v", a, err)
	}
}
