package sms

import (
	"testing"
	"time"
)

func TestUserDataOffset(t *testing.T) {
	t.Parallel()
	d := Deliver{
		SMSC:       ParseAddress("+491710760000"),
		Originator: ParseAddress("+4917612345678"),
		Timestamp:  time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		Text:       "secret123 status",
	}
	s := Submit{Destination: ParseAddress("+4917612345678"), Text: "hello", Validity: Validity{Format: ValidityRelative, Relative: 24 * time.Hour}}
	for _, tt := range []struct {
		name     string
		encode   func(bool) ([]byte, error)
		withSMSC bool
	}{
		{"deliver with SMSC", d.Encode, true},
		{"deliver without SMSC", d.Encode, false},
		{"submit with SMSC", s.Encode, true},
		{"submit without SMSC", s.Encode, false},
	} {
		pdu, err := tt.encode(tt.withSMSC)
		if err != nil {
			t.Fatal(err)
		}
		off, err := UserDataOffset(pdu, tt.withSMSC)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		// The octet at the offset is TP-UDL and the rest is the user data.
		udl := int(pdu[off])
		if want := (7*udl + 7) / 8; len(pdu)-off-1 != want {
			t.Errorf("%s: offset %d leaves %d octets of user data, want %d", tt.name, off, len(pdu)-off-1, want)
		}
	}
	if _, err := UserDataOffset([]byte{0x00, 0x02}, true); err == nil {
		t.Error("a status report gave an offset")
	}
	if _, err := UserDataOffset([]byte{0x07, 0x91}, true); err == nil {
		t.Error("a truncated PDU gave an offset")
	}
}
