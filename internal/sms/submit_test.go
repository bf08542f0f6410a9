package sms

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestSubmitVectors(t *testing.T) {
	tests := []struct {
		name     string
		withSMSC bool
		s        Submit
		hex      string
	}{
		{
			name: "concatenated part 2 of 2, septet-aligned after the header",
			s: Submit{
				StatusReportRequest: true,
				MessageRef:          0x2A,
				Destination:         ParseAddress("+4917612345678"),
				Validity:            Validity{Format: ValidityRelative, Relative: 24 * time.Hour},
				UDH:                 UDH{NewConcat(0xCC, 2, 2)},
				Text:                "Part two of two",
			},
			hex: "71 2A 0D91947116325476F8 00 00 A7 16 050003CC0202 A061391D44BFBF416F33887E7F03",
		},
		{
			name:     "8-bit class 1 data with ports, absolute validity",
			withSMSC: true,
			s: Submit{
				RejectDuplicates: true,
				Destination:      ParseAddress("12345"),
				DCS:              0xF5,
				Validity:         Validity{Format: ValidityAbsolute, Absolute: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", -4*3600))},
				UDH:              UDH{NewPorts(2948, 9200)},
				Data:             []byte{0xCA, 0xFE},
			},
			hex: "00 5D 00 05812143F5 00 F5 62102030405069 09 0605040B8423F0 CAFE",
		},
		{
			name: "enhanced validity, reply path, empty text",
			s: Submit{
				ReplyPath:  true,
				MessageRef: 0xFF,
				PID:        0x41,
				Validity:   Validity{Format: ValidityEnhanced, Enhanced: [7]byte{0x01, 0x22}},
			},
			hex: "89 FF 0080 41 00 01220000000000 00",
		},
		{
			name:     "UCS2 emoji to alphanumeric, no validity",
			withSMSC: true,
			s: Submit{
				SMSC:        ParseAddress("+8613800688509"),
				Destination: ParseAddress("cellgate"),
				DCS:         0x08,
				Text:        "😀",
			},
			hex: "0891683108608805F9 01 00 0ED0E3329B7D0ED3CB 00 08 04 D83DDE00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := mustHex(t, tt.hex)
			got, err := tt.s.Encode(tt.withSMSC)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("Encode = %X\nwant     %X", got, want)
			}
			back, err := DecodeSubmit(want, tt.withSMSC)
			if err != nil {
				t.Fatal(err)
			}
			if !sameSubmit(back, tt.s) {
				t.Errorf("decoded\n%+v\nwant\n%+v", back, tt.s)
			}
		})
	}
}

func TestSubmitRoundTrip(t *testing.T) {
	to := ParseAddress("+4917612345678")
	rel := Validity{Format: ValidityRelative, Relative: 3 * 24 * time.Hour}
	tests := []struct {
		name string
		s    Submit
	}{
		{"plain", Submit{Destination: to, Text: "hello"}},
		{"every flag", Submit{RejectDuplicates: true, StatusReportRequest: true, ReplyPath: true, MessageRef: 7, Destination: to, Validity: rel, Text: "x"}},
		{"160 septets", Submit{Destination: to, Validity: rel, Text: strings.Repeat("a", 160)}},
		{"153 septets with concat", Submit{Destination: to, UDH: UDH{NewConcat(200, 3, 1)}, Text: strings.Repeat("€", 76) + "b"}},
		{"UCS2 with concat", Submit{Destination: to, DCS: 0x08, UDH: UDH{NewConcat(0xBEEF, 2, 1)}, Text: strings.Repeat("😀", 16) + "消息"}},
		{"flash", Submit{Destination: to, DCS: NewDCS(GSM7, 0), Text: "now"}},
		{"absolute validity, 8-bit", Submit{Destination: to, DCS: 0x04, Validity: Validity{Format: ValidityAbsolute, Absolute: time.Date(2027, 7, 7, 7, 7, 7, 0, time.FixedZone("", 45*60))}, Data: []byte{0, 0xFF}}},
		{"absolute validity zero", Submit{Destination: to, Validity: Validity{Format: ValidityAbsolute}}},
		{"national number", Submit{Destination: Address{Number: "030123456", TON: TONNational, NPI: NPIISDN}, Text: "hi"}},
	}
	for _, tt := range tests {
		for _, withSMSC := range []bool{false, true} {
			tt.s.SMSC = Address{}
			if withSMSC {
				tt.s.SMSC = ParseAddress("+491710760000")
			}
			pdu, err := tt.s.Encode(withSMSC)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			back, err := DecodeSubmit(pdu, withSMSC)
			if err != nil {
				t.Errorf("%s: decoding %X: %v", tt.name, pdu, err)
				continue
			}
			if !sameSubmit(back, tt.s) {
				t.Errorf("%s: decoded\n%+v\nwant\n%+v", tt.name, back, tt.s)
			}
		}
	}
}

func TestSubmitDecodeErrors(t *testing.T) {
	tests := []struct {
		name     string
		withSMSC bool
		hex      string
		err      string
	}{
		{"an SMS-DELIVER", true, "0891683108608805F9040D91683109730147F200002150716172350005F4F29C4E03", "not an SMS-SUBMIT: TP-MTI is 0, want 1"},
		{"reserved TP-MTI", false, "03", "TP-MTI is 3, want 1"},
		{"no message reference", false, "11", "missing message reference"},
		{"no destination", false, "11 00", "missing destination address length"},
		{"no relative validity", false, "11 00 0B813109730137F1 00 00", "missing relative validity period"},
		{"absolute validity cut short", false, "19 00 0B813109730137F1 00 00 2150", "truncated absolute validity period: want 7 octets, have 2"},
		{"bad absolute validity", false, "19 00 0B813109730137F1 00 00 2150716172FF00 00", "absolute validity period: octet 6 (0xff) is not two decimal digits"},
		{"enhanced validity cut short", false, "09 00 0B813109730137F1 00 00 0122", "truncated enhanced validity period: want 7 octets, have 2"},
		{"user data short", true, "0891683108608805F911000B813109730137F10000FF07EDF27C1E3E", "truncated user data: want 7 septets, have 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeSubmit(mustHex(t, tt.hex), tt.withSMSC)
			wantErr(t, err, tt.err)
		})
	}
}

func TestSubmitEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		s    Submit
		err  string
	}{
		{"validity format", Submit{Validity: Validity{Format: 5}}, "validity format 5 is not 0-3"},
		{"relative validity too long", Submit{Validity: Validity{Format: ValidityRelative, Relative: 64 * 7 * 24 * time.Hour}}, "exceeds 63 weeks"},
		{"bad destination", Submit{Destination: Address{Number: "+49", NPI: 1}}, `destination address "+49": '+' is not an address digit`},
		{"bad absolute validity", Submit{Validity: Validity{Format: ValidityAbsolute, Absolute: time.Date(2030, 1, 1, 0, 0, 0, 0, time.FixedZone("", 7))}}, "absolute validity period: zone offset 7s"},
		{"not GSM", Submit{Text: "a😀"}, "text has '😀' at byte 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.s.Encode(false)
			wantErr(t, err, tt.err)
		})
	}
}
