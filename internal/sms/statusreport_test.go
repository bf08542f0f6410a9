package sms

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sameStatusReport compares two StatusReports, times by instant and offset.
func sameStatusReport(a, b StatusReport) bool {
	if !sameTime(a.SCTimestamp, b.SCTimestamp) || !sameTime(a.Discharge, b.Discharge) {
		return false
	}
	a.SCTimestamp, b.SCTimestamp = time.Time{}, time.Time{}
	a.Discharge, b.Discharge = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

func bytePtr(b byte) *byte { return &b }
func dcsPtr(d DCS) *DCS    { return &d }

func TestStatusReportVectors(t *testing.T) {
	plus2 := time.FixedZone("", 2*3600)
	tests := []struct {
		name     string
		withSMSC bool
		hex      string
		want     StatusReport
	}{
		{
			// A +CDS line published with an octet-by-octet breakdown
			// (amro.blogspot.com, "Receiving SMS status report message",
			// 2007): no SMSC prefix, delivered.
			name: "published +CDS, delivered",
			hex:  "06 00 0B910221815716F2 70902151012180 70902151017180 00",
			want: StatusReport{
				Recipient:   Address{Number: "+20121875612", TON: TONInternational, NPI: NPIISDN},
				SCTimestamp: time.Date(2007, 9, 12, 15, 10, 12, 0, plus2),
				Discharge:   time.Date(2007, 9, 12, 15, 10, 17, 0, plus2),
			},
		},
		{
			// Built by hand from TS 23.040 9.2.2.3: first octet 66 is
			// MTI 10, no more messages, TP-SRQ and TP-UDHI; TP-PI 07 brings
			// PID 00, DCS 08 and 10 octets of user data: a concatenation
			// header and "Hi" in UCS2.
			name:     "SMSC, SRQ, every optional field, permanent error",
			withSMSC: true,
			hex: "0891683108608805F9 66 2A 0D91683109730147F2 21507161723500 21507161824500 46" +
				" 07 00 08 0A 050003070201 00480069",
			want: StatusReport{
				SMSC:                  seedSMSC,
				StatusReportQualifier: true,
				MessageRef:            0x2A,
				Recipient:             Address{Number: "+8613903710742", TON: TONInternational, NPI: NPIISDN},
				SCTimestamp:           time.Date(2012, 5, 17, 16, 27, 53, 0, time.UTC),
				Discharge:             time.Date(2012, 5, 17, 16, 28, 54, 0, time.UTC),
				Status:                0x46,
				PID:                   bytePtr(0),
				DCS:                   dcsPtr(0x08),
				UDH:                   UDH{NewConcat(7, 2, 1)},
				Text:                  "Hi",
			},
		},
		{
			// More messages waiting (TP-MMS clear), a temporary error, and
			// GSM 7-bit user data without TP-DCS.
			name: "more messages, GSM 7-bit text without DCS",
			hex:  "02 FF 0481 2143 00000000000000 62101020304040 21 04 02 C834",
			want: StatusReport{
				MoreMessages: true,
				MessageRef:   0xFF,
				Recipient:    Address{Number: "1234", TON: TONUnknown, NPI: NPIISDN},
				Discharge:    time.Date(2026, 1, 1, 2, 3, 4, 0, time.FixedZone("", 3600)),
				Status:       0x21,
				Text:         "Hi",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdu := mustHex(t, tt.hex)
			got, err := DecodeStatusReport(pdu, tt.withSMSC)
			if err != nil {
				t.Fatal(err)
			}
			if !sameStatusReport(got, tt.want) {
				t.Errorf("decoded\n%+v\nwant\n%+v", got, tt.want)
			}
			enc, err := tt.want.Encode(tt.withSMSC)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, pdu) {
				t.Errorf("Encode = %X, want %X", enc, pdu)
			}
		})
	}
}

func TestStatusReportOptionalFields(t *testing.T) {
	const head = "06 00 0481 2143 21507161723500 21507161824500 00"
	tests := []struct {
		name, hex string
		want      StatusReport
		err       string
	}{
		{name: "empty TP-PI", hex: head + "00"},
		{name: "TP-PI extension skipped", hex: head + "81 00 7F", want: StatusReport{PID: bytePtr(0x7F)}},
		{name: "reserved TP-PI bits ignored", hex: head + "7A 04", want: StatusReport{DCS: dcsPtr(0x04)}},
		{name: "UDHI without TP-UDL", hex: "46" + head[2:] + "01 00", want: StatusReport{PID: bytePtr(0)}},
		{name: "8-bit user data", hex: head + "06 04 02 CAFE", want: StatusReport{DCS: dcsPtr(0x04), Data: []byte{0xCA, 0xFE}}},
		{name: "trailing octets", hex: head + "01 00 00", err: "unexpected octets"},
		{name: "missing PID", hex: head + "01", err: "missing protocol identifier"},
		{name: "missing extension", hex: head + "80", err: "parameter indicator extension"},
		{name: "truncated user data", hex: head + "04 05 C8", err: "truncated user data"},
		{name: "missing status", hex: "06 00 0481 2143 21507161723500 21507161824500", err: "missing status"},
		{name: "bad discharge time", hex: "06 00 0481 2143 21507161723500 21507161824A00 00", err: "discharge time"},
		{name: "not a status report", hex: "04 00 0481 2143 21507161723500 21507161824500 00", err: "not an SMS-STATUS-REPORT"},
	}
	base := StatusReport{
		Recipient:   Address{Number: "1234", TON: TONUnknown, NPI: NPIISDN},
		SCTimestamp: time.Date(2012, 5, 17, 16, 27, 53, 0, time.UTC),
		Discharge:   time.Date(2012, 5, 17, 16, 28, 54, 0, time.UTC),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeStatusReport(mustHex(t, tt.hex), false)
			if !wantErr(t, err, tt.err) {
				return
			}
			want := base
			want.PID, want.DCS, want.Data = tt.want.PID, tt.want.DCS, tt.want.Data
			if !sameStatusReport(got, want) {
				t.Errorf("decoded\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestStatusReportEncodeErrors(t *testing.T) {
	s := StatusReport{Recipient: ParseAddress("+1"), Text: strings.Repeat("x", 161)}
	if _, err := s.Encode(false); !strings.Contains(fmtErr(err), "too long") {
		t.Errorf("161 septets: %v", err)
	}
	s = StatusReport{Recipient: ParseAddress("+1"), SCTimestamp: time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := s.Encode(false); !strings.Contains(fmtErr(err), "service centre timestamp") {
		t.Errorf("year 1999: %v", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestStatusClasses(t *testing.T) {
	tests := []struct {
		st               byte
		delivered, final bool
		text             string
	}{
		{0x00, true, true, "received by the recipient"},
		{0x02, true, true, "replaced by the service centre"},
		{0x05, true, true, "delivered (reserved status 0x05)"},
		{0x1F, true, true, "delivered (service-centre-specific status 0x1f)"},
		{0x20, false, false, "congestion, still trying"},
		{0x3F, false, false, "temporary error, still trying (service-centre-specific status 0x3f)"},
		{0x40, false, true, "remote procedure error"},
		{0x46, false, true, "validity period expired"},
		{0x4A, false, true, "permanent error (reserved status 0x4a)"},
		{0x62, false, true, "no response from the recipient, no more attempts"},
		{0x70, false, true, "temporary error, no more attempts (service-centre-specific status 0x70)"},
		{0x80, false, true, "reserved status 0x80"},
	}
	for _, tt := range tests {
		s := StatusReport{Status: tt.st}
		if s.Delivered() != tt.delivered || s.Final() != tt.final {
			t.Errorf("status %#02x: Delivered %v Final %v, want %v %v", tt.st, s.Delivered(), s.Final(), tt.delivered, tt.final)
		}
		if got := StatusText(tt.st); got != tt.text {
			t.Errorf("StatusText(%#02x) = %q, want %q", tt.st, got, tt.text)
		}
	}
	for st := 0; st < 256; st++ {
		if StatusText(byte(st)) == "" {
			t.Errorf("StatusText(%#02x) is empty", st)
		}
	}
}
