package sms

import (
	"bytes"
	"encoding/hex"
	"testing"
	"time"
)

// The PDU-mode examples of the Huawei MU709 AT application guide, section 9.
//
// Notes on the guide's text:
//   - The destination semi-octets 3109730137F1 are the number 13903710731.
//   - The UCS2 PDU is printed with line-break spaces; with them removed it
//     reads ...0008FF0677ED6D88606F (UDL 06, then 77ED 6D88 606F) and is
//     consistent. A copy reading ...0008FF06677ED6D88606F has an extra '6'
//     and an odd number of hex digits. The guide's "AT+CMGS=10" for it is
//     also wrong: the TPDU is 20 octets, as its own description says.
//   - The +CMGL PDU (9.4.1) carries sender +8613903710742, timestamp
//     2012-05-17 16:27:53 +00 and text "test4", TPDU length 25 (matching the
//     "+CMGL: 1,0,,25" line). The text-mode listing above it shows
//     "test1"/"test2" at other times; the PDU is a different message.
var seedSMSC = Address{Number: "+8613800688509", TON: TONInternational, NPI: NPIISDN}

func TestSeedSubmit(t *testing.T) {
	tests := []struct {
		name   string
		pdu    string
		length int
		want   Submit
	}{
		{
			name:   "GSM 7-bit message (9.2.1)",
			pdu:    "0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701",
			length: 21,
			want: Submit{
				SMSC:        seedSMSC,
				Destination: Address{Number: "13903710731", TON: TONUnknown, NPI: NPIISDN},
				Validity:    Validity{Format: ValidityRelative, Relative: 63 * 7 * 24 * time.Hour},
				Text:        "message",
			},
		},
		{
			name:   "UCS2 短消息 (9.2.1)",
			pdu:    "0891683108608805F911000B813109730137F10008FF0677ED6D88606F",
			length: 20,
			want: Submit{
				SMSC:        seedSMSC,
				Destination: Address{Number: "13903710731", TON: TONUnknown, NPI: NPIISDN},
				DCS:         0x08,
				Validity:    Validity{Format: ValidityRelative, Relative: 63 * 7 * 24 * time.Hour},
				Text:        "短消息",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdu := mustHex(t, tt.pdu)
			got, err := DecodeSubmit(pdu, true)
			if err != nil {
				t.Fatal(err)
			}
			if !sameSubmit(got, tt.want) {
				t.Errorf("decoded\n%+v\nwant\n%+v", got, tt.want)
			}
			if n := TPDULength(pdu, true); n != tt.length {
				t.Errorf("TPDULength = %d, want %d", n, tt.length)
			}
			enc, err := tt.want.Encode(true)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, pdu) {
				t.Errorf("Encode = %X, want %X", enc, pdu)
			}
		})
	}
}

// TestSeedStrayDigit pins down why the copy with the extra '6' is not used:
// it is not even whole octets, and without its last digit the six octets
// after UDL 06 are not 短消息.
func TestSeedStrayDigit(t *testing.T) {
	const stray = "0891683108608805F911000B813109730137F10008FF06677ED6D88606F"
	if _, err := hex.DecodeString(stray); err == nil {
		t.Fatal("the stray-digit copy decodes as hex")
	}
	s, err := DecodeSubmit(mustHex(t, stray[:len(stray)-1]), true)
	if err != nil {
		t.Fatal(err)
	}
	if s.Text == "短消息" {
		t.Error("the stray-digit copy decodes to the seed's text")
	}
}

func TestSeedDeliver(t *testing.T) {
	pdu := mustHex(t, "0891683108608805F9040D91683109730147F200002150716172350005F4F29C4E03")
	want := Deliver{
		SMSC:       seedSMSC,
		Originator: Address{Number: "+8613903710742", TON: TONInternational, NPI: NPIISDN},
		Timestamp:  time.Date(2012, 5, 17, 16, 27, 53, 0, time.UTC),
		Text:       "test4",
	}
	got, err := DecodeDeliver(pdu, true)
	if err != nil {
		t.Fatal(err)
	}
	if !sameDeliver(got, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", got, want)
	}
	if got.MoreMessages {
		t.Error("first octet 04 sets TP-MMS: no more messages, but MoreMessages is true")
	}
	if n := TPDULength(pdu, true); n != 25 {
		t.Errorf("TPDULength = %d, want 25", n)
	}
	enc, err := want.Encode(true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, pdu) {
		t.Errorf("Encode = %X, want %X", enc, pdu)
	}
}
