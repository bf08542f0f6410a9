package sms

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestDeliverVectors(t *testing.T) {
	tests := []struct {
		name     string
		withSMSC bool
		d        Deliver
		hex      string
	}{
		{
			name: "alphanumeric originator, extension characters, zone -05:00",
			d: Deliver{
				Originator: Address{Number: "cellgate", TON: TONAlphanumeric},
				Timestamp:  time.Date(2025, 11, 24, 15, 33, 0, 0, time.FixedZone("", -5*3600)),
				Text:       "Price: 5€ [ok]",
			},
			hex: "04 0ED0E3329B7D0ED3CB 00 00 5211425133000A 11 50797A5CD6816A9B3268C37BAF373E",
		},
		{
			name: "UCS2 with a surrogate pair",
			d: Deliver{
				Originator: Address{Number: "+49176123456", TON: 1, NPI: 1},
				DCS:        0x08,
				Timestamp:  time.Date(2026, 1, 1, 2, 3, 4, 0, time.FixedZone("", 3600)),
				Text:       "Hi 😀",
			},
			hex: "04 0B919471163254F6 00 08 62101020304040 0A 004800690020D83DDE00",
		},
		{
			name:     "flags, flash, SMSC",
			withSMSC: true,
			d: Deliver{
				SMSC:                   Address{Number: "+8613800688509", TON: 1, NPI: 1},
				MoreMessages:           true,
				ReplyPath:              true,
				StatusReportIndication: true,
				LoopPrevention:         true,
				Originator:             Address{Number: "1234", TON: TONNational, NPI: NPIISDN},
				PID:                    0x00,
				DCS:                    0x10,
				Timestamp:              time.Date(2012, 5, 17, 16, 27, 53, 0, time.UTC),
				Text:                   "{a|b}~^\\",
			},
			hex: "0891683108608805F9 A8 04A12143 00 10 21507161723500 0E 1B547803146F529BDE86B27901",
		},
		{
			name: "8-bit data with ports, no SMSC given",
			d: Deliver{
				Originator: Address{Number: "+4917", TON: 1, NPI: 1},
				DCS:        0x04,
				UDH:        UDH{NewPorts(2948, 9200)},
				Data:       []byte{0xCA, 0xFE},
			},
			withSMSC: true,
			hex:      "00 44 04919471 00 04 00000000000000 09 0605040B8423F0 CAFE",
		},
		{
			name: "empty text",
			d:    Deliver{Timestamp: time.Date(2030, 6, 30, 12, 0, 0, 0, time.UTC)},
			hex:  "04 0080 00 00 03600321000000 00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := mustHex(t, tt.hex)
			got, err := tt.d.Encode(tt.withSMSC)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("Encode = %X\nwant     %X", got, want)
			}
			back, err := DecodeDeliver(want, tt.withSMSC)
			if err != nil {
				t.Fatal(err)
			}
			if !sameDeliver(back, tt.d) {
				t.Errorf("decoded\n%+v\nwant\n%+v", back, tt.d)
			}
		})
	}
}

func TestDeliverRoundTrip(t *testing.T) {
	ts := time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("", -(9*60+30)*60))
	from := ParseAddress("+4917612345678")
	tests := []struct {
		name string
		d    Deliver
	}{
		{"160 septets", Deliver{Originator: from, Timestamp: ts, Text: strings.Repeat("0123456789", 16)}},
		{"80 extension characters", Deliver{Originator: from, Timestamp: ts, Text: strings.Repeat("€", 80)}},
		{"153 septets after a concat header", Deliver{Originator: from, Timestamp: ts, UDH: UDH{NewConcat(1, 2, 1)}, Text: strings.Repeat("x", 153)}},
		{"152 septets after a 16-bit concat header", Deliver{Originator: from, Timestamp: ts, UDH: UDH{NewConcat(300, 2, 2)}, Text: strings.Repeat("y", 152)}},
		{"70 UCS2 characters", Deliver{Originator: from, DCS: 0x08, Timestamp: ts, Text: strings.Repeat("短", 70)}},
		{"35 emoji", Deliver{Originator: from, DCS: 0x08, Timestamp: ts, Text: strings.Repeat("🚀", 35)}},
		{"67 UCS2 characters after a header", Deliver{Originator: from, DCS: 0x08, Timestamp: ts, UDH: UDH{NewConcat(9, 3, 3)}, Text: strings.Repeat("ж", 67)}},
		{"140 octets of data", Deliver{Originator: from, DCS: 0xF6, Timestamp: ts, Data: bytes.Repeat([]byte{0xA5}, 140)}},
		{"compressed data", Deliver{Originator: from, DCS: 0x20, Timestamp: ts, Data: []byte{1, 2, 3}}},
		{"empty header", Deliver{Originator: from, Timestamp: ts, UDH: UDH{}, Text: "x"}},
		{"header only", Deliver{Originator: from, Timestamp: ts, UDH: UDH{{ID: 0x70, Data: []byte{1, 2, 3, 4, 5}}}}},
		{"unknown header element", Deliver{Originator: from, DCS: 0x04, Timestamp: ts, UDH: UDH{{ID: 0x24, Data: []byte{1}}, {ID: 0xAB}}, Data: []byte{0}}},
		{"message waiting UCS2 group", Deliver{Originator: from, DCS: 0xE0, Timestamp: ts, Text: "Voicemail ☎"}},
		{"all GSM characters", Deliver{Originator: ParseAddress("Info"), Timestamp: ts, Text: DecodeGSM7(allSeptets())}},
	}
	for _, tt := range tests {
		for _, withSMSC := range []bool{false, true} {
			tt.d.SMSC = Address{}
			if withSMSC {
				tt.d.SMSC = ParseAddress("+491710760000")
			}
			pdu, err := tt.d.Encode(withSMSC)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			back, err := DecodeDeliver(pdu, withSMSC)
			if err != nil {
				t.Errorf("%s: decoding %X: %v", tt.name, pdu, err)
				continue
			}
			if !sameDeliver(back, tt.d) {
				t.Errorf("%s: decoded\n%+v\nwant\n%+v", tt.name, back, tt.d)
			}
		}
	}
}

// allSeptets is every septet of the default alphabet but the escape, then
// every extension character.
func allSeptets() []byte {
	var s []byte
	for c := byte(0); c < 0x80; c++ {
		if c != gsm7Escape {
			s = append(s, c)
		}
	}
	for _, c := range []byte{0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65} {
		s = append(s, gsm7Escape, c)
	}
	return s
}

func TestDeliverDecodeErrors(t *testing.T) {
	const head = "04 0B813109730137F1 00 " // first octet, originator, PID
	const ts = "21507161723500 "
	tests := []struct {
		name     string
		withSMSC bool
		hex      string
		err      string
	}{
		{"empty", true, "", "missing SMSC address length"},
		{"SMSC only", true, "0891683108608805F9", "missing first octet"},
		{"SMSC cut short", true, "0891683108", "truncated SMSC address: want 8 octets, have 4"},
		{"an SMS-SUBMIT", true, "0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701", "not an SMS-DELIVER: TP-MTI is 1, want 0"},
		{"originator cut short", false, "04 0B81310973", "truncated originator address: want 6 octets, have 3"},
		{"no PID", false, "04 0B813109730137F1", "missing protocol identifier"},
		{"no DCS", false, head, "missing data coding scheme"},
		{"timestamp cut short", false, head + "00 215071", "truncated service centre timestamp: want 7 octets, have 3"},
		{"bad timestamp", false, head + "00 21200361723500 00", "2012-02-30 16:27:53 is not a valid time"},
		{"no UDL", false, head + "00" + ts, "missing user data length"},
		{"user data short of septets", false, head + "00" + ts + "07 EDF27C1E3E", "truncated user data: want 7 septets, have 5"},
		{"user data short of octets", false, head + "04" + ts + "05 0102", "truncated user data: want 5 octets, have 2"},
		{"trailing octets", false, head + "00" + ts + "07 EDF27C1E3E9701 0000", "2 unexpected octets after the user data"},
		{"UDL over 160 septets", false, head + "00" + ts + "A1" + strings.Repeat("00", 141), "user data length 161 exceeds 160 septets"},
		{"UDL over 140 octets", false, head + "08" + ts + "8E" + strings.Repeat("00", 142), "user data length 142 exceeds 140 octets"},
		{"odd UCS2", false, head + "08" + ts + "03 004100", "UCS2 user data has an odd number of octets (3)"},
		{"odd UCS2 after header", false, "44 0B813109730137F1 00 08" + ts + "06 0400020000 41", "odd number of octets (1)"},
		{"header with no user data", false, "44 0B813109730137F1 00 00" + ts + "00", "user data header indicated but user data is empty"},
		{"header longer than septets", false, "44 0B813109730137F1 00 00" + ts + "03 020000", "user data header (3 octets) exceeds the user data length of 3 septets"},
		{"header past user data", false, "44 0B813109730137F1 00 04" + ts + "03 050003", "header length 5 exceeds the user data (3 octets)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeDeliver(mustHex(t, tt.hex), tt.withSMSC)
			wantErr(t, err, tt.err)
		})
	}
}

func TestDeliverEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		d    Deliver
		err  string
	}{
		{"not GSM", Deliver{Text: "Жук"}, `text has 'Ж' at byte 0, which the GSM 7-bit alphabet lacks: use UCS2`},
		{"161 septets", Deliver{Text: strings.Repeat("a", 161)}, "user data too long: 161 septets, max 160"},
		{"81 extension characters", Deliver{Text: strings.Repeat("]", 81)}, "user data too long: 162 septets, max 160"},
		{"154 septets after header", Deliver{UDH: UDH{NewConcat(1, 2, 1)}, Text: strings.Repeat("a", 154)}, "user data too long: 161 septets, max 160"},
		{"71 UCS2 characters", Deliver{DCS: 0x08, Text: strings.Repeat("短", 71)}, "user data too long: 142 octets, max 140"},
		{"141 octets", Deliver{DCS: 0x04, Data: make([]byte, 141)}, "user data too long: 141 octets, max 140"},
		{"text under 8-bit DCS", Deliver{DCS: 0x04, Text: "x"}, "DCS 0x04 carries 8-bit data: put the payload in Data, not Text"},
		{"data under text DCS", Deliver{DCS: 0x08, Data: []byte{1}}, "DCS 0x08 carries text: put the payload in Text, not Data"},
		{"invalid UTF-8 in UCS2", Deliver{DCS: 0x08, Text: "a\xff"}, "text is not valid UTF-8"},
		{"bad originator", Deliver{Originator: Address{Number: "12-3"}}, `originator address "12-3": '-' is not an address digit`},
		{"bad SMSC", Deliver{SMSC: Address{Number: "x", TON: 1}}, `SMSC address "x": 'x' is not an address digit`},
		{"bad timestamp", Deliver{Timestamp: time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)}, "service centre timestamp: year 1999 is outside 2000-2099"},
		{"header element too long", Deliver{UDH: UDH{{ID: 1, Data: make([]byte, 300)}}}, "element 0x01 has 300 octets, max 255"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.d.Encode(true)
			wantErr(t, err, tt.err)
		})
	}
}

func TestTPDULength(t *testing.T) {
	tests := []struct {
		hex      string
		withSMSC bool
		want     int
	}{
		{"0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701", true, 21},
		{"11000B813109730137F10000FF07EDF27C1E3E9701", false, 21},
		{"0011000B813109730137F10000FF07EDF27C1E3E9701", true, 21},
		{"", false, 0},
		{"", true, -1},
		{"0891", true, -1},
		{"00", true, 0},
	}
	for _, tt := range tests {
		if got := TPDULength(mustHex(t, tt.hex), tt.withSMSC); got != tt.want {
			t.Errorf("TPDULength(%s, %v) = %d, want %d", tt.hex, tt.withSMSC, got, tt.want)
		}
	}
}
