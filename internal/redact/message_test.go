package redact

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

func TestMessage(t *testing.T) {
	t.Parallel()
	const text = "secret123 set apn=x;pwd=y"
	d := sms.Deliver{
		SMSC:       sms.ParseAddress("+491710760000"),
		Originator: sms.ParseAddress("+4917612345678"),
		Timestamp:  time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		Text:       text,
	}
	s := sms.Submit{Destination: sms.ParseAddress("+4917612345678"), Text: text}
	for _, tt := range []struct {
		name     string
		encode   func(bool) ([]byte, error)
		withSMSC bool
	}{
		{"deliver", d.Encode, true},
		{"submit with SMSC", s.Encode, true},
		{"submit without SMSC", s.Encode, false},
	} {
		pdu, err := tt.encode(tt.withSMSC)
		if err != nil {
			t.Fatal(err)
		}
		off, err := sms.UserDataOffset(pdu, tt.withSMSC)
		if err != nil {
			t.Fatal(err)
		}
		line := strings.ToUpper(hex.EncodeToString(pdu))
		got := Message(line)
		if strings.Contains(got, line[2*off+2:]) {
			t.Errorf("%s: the user data survives in %q", tt.name, got)
		}
		if !strings.HasPrefix(got, line[:2*off+2]) || !strings.Contains(got, "user data redacted") {
			t.Errorf("%s: Message(%q) = %q, want the header kept", tt.name, line, got)
		}
	}
	for _, in := range []string{text, "07911234", "ABCDEF0123"} {
		if got := Message(in); strings.Contains(got, in) || !strings.Contains(got, "redacted") {
			t.Errorf("Message(%q) = %q", in, got)
		}
	}
	if got := Message(""); got != "" {
		t.Errorf("Message(\"\") = %q", got)
	}
}

func TestLine(t *testing.T) {
	t.Parallel()
	d := sms.Deliver{
		SMSC:       sms.ParseAddress("+491710760000"),
		Originator: sms.ParseAddress("+4917612345678"),
		Text:       "secret123 status",
	}
	pdu, err := d.Encode(true)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.ToUpper(hex.EncodeToString(pdu))
	if got := Line(line); !strings.Contains(got, "user data redacted") {
		t.Errorf("Line(PDU) = %q", got)
	}
	for in, want := range map[string]string{
		"89490200001234567890": "89490200001234567890", // an ICCID
		`AT+CPIN="1234"`:       `AT+CPIN="***"`,
		"+CSQ: 20,99":          "+CSQ: 20,99",
		"":                     "",
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}
