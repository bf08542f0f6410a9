package sms

import (
	"testing"
)

func TestDecodeAny(t *testing.T) {
	const (
		deliver = "0891683108608805F9040D91683109730147F200002150716172350005F4F29C4E03"
		submit  = "0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701"
		report  = "00 06000B910221815716F2709021510121807090215101718000"
	)
	tests := []struct {
		name        string
		hex         string
		fromNetwork bool
		kind        Kind
		err         string
	}{
		{"deliver from the network", deliver, true, KindDeliver, ""},
		{"submit to the network", submit, false, KindSubmit, ""},
		{"status report from the network", report, true, KindStatusReport, ""},
		{"command to the network", report, false, KindCommand, ""},
		{"deliver report", deliver, false, 0, "SMS-DELIVER-REPORT is not supported"},
		{"submit report", submit, true, 0, "SMS-SUBMIT-REPORT is not supported"},
		{"reserved MTI", "00 03", true, 0, "reserved"},
		{"empty", "", true, 0, "missing SMSC address length"},
		{"SMSC only", "00", true, 0, "missing first octet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdu := mustHex(t, tt.hex)
			k, err := KindOf(pdu, true, tt.fromNetwork)
			if !wantErr(t, err, tt.err) {
				if k != 0 {
					t.Errorf("KindOf gave %v with the error", k)
				}
				if v, err := DecodeAny(pdu, true, tt.fromNetwork); err == nil || v != nil {
					t.Errorf("DecodeAny = %v, %v; want nil and an error", v, err)
				}
				return
			}
			if k != tt.kind {
				t.Fatalf("KindOf = %v, want %v", k, tt.kind)
			}
			v, err := DecodeHex(" "+tt.hex+"\r\n", true, tt.fromNetwork)
			if tt.kind == KindCommand {
				if err == nil || v != nil {
					t.Errorf("DecodeHex of a command = %v, %v; want nil and an error", v, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch v := v.(type) {
			case Deliver:
				if tt.kind != KindDeliver || v.Text != "test4" {
					t.Errorf("got Deliver %+v", v)
				}
			case Submit:
				if tt.kind != KindSubmit || v.Text != "message" {
					t.Errorf("got Submit %+v", v)
				}
			case StatusReport:
				if tt.kind != KindStatusReport || v.Recipient.Number != "+20121875612" || !v.Delivered() {
					t.Errorf("got StatusReport %+v", v)
				}
			default:
				t.Errorf("got %T", v)
			}
		})
	}
}

func TestDecodeAnyErrors(t *testing.T) {
	if v, err := DecodeHex("0G", false, true); err == nil || v != nil {
		t.Errorf("bad hex: %v, %v", v, err)
	}
	// A DELIVER with a truncated body gives a nil value, not a zero Deliver.
	if v, err := DecodeHex("04 0B91", false, true); err == nil || v != nil {
		t.Errorf("truncated deliver: %v, %v", v, err)
	}
	for k, s := range map[Kind]string{KindDeliver: "SMS-DELIVER", KindSubmit: "SMS-SUBMIT", KindStatusReport: "SMS-STATUS-REPORT", KindCommand: "SMS-COMMAND", 9: "Kind(9)"} {
		if k.String() != s {
			t.Errorf("Kind %d String = %q, want %q", int(k), k.String(), s)
		}
	}
}
