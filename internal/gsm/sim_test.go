package gsm

import (
	"strings"
	"testing"
)

func TestParseCPIN(t *testing.T) {
	tests := []struct {
		line string
		want SIMState
	}{
		// Huawei MU709 guide 2.3.1.
		{"+CPIN: READY", SIMReady},
		{"+CPIN: SIM PIN", SIMPIN},
		{"+CPIN: SIM PUK", SIMPUK},
		{"+CPIN: SIM PIN2", SIMPIN2},
		{"+CPIN: SIM PUK2", SIMPUK2},
		{"+CPIN: PH-SIM PIN", PHSIMPIN},
		{"+CPIN: PH-NET PIN", PHNetPIN},
		{"+CPIN: PH-NETSUB PUK", PHNetSubPUK},
		{"+CPIN: PH-CORP PIN", PHCorpPIN},
		{"+CPIN: NOT INSERTED", SIMNotInserted},
		{"+CPIN: NOT READY", SIMNotReady},
		{`+CPIN: "READY"`, SIMReady},
		{"+CPIN:  sim  pin \r", SIMPIN},
	}
	for _, tt := range tests {
		got, err := ParseCPIN(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseCPIN(%q) = %q, %v; want %q", tt.line, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{"+CPIN: SIM BUSY", `bad <code> "SIM BUSY" (unknown)`},
		{"+CPIN:", `too few parameters`},
		{"+CPIN: READY,1", `too many parameters`},
		{"^CPIN: READY,,10,3,10,3", `not a +CPIN line`},
	} {
		if _, err := ParseCPIN(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCPIN(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
	if SIMReady.NeedsCode() || SIMNotInserted.NeedsCode() || !SIMPUK.NeedsCode() {
		t.Error("NeedsCode")
	}
}

func TestParseHuaweiCPIN(t *testing.T) {
	tests := []struct {
		line  string
		state SIMState
		c     PINCounters
	}{
		// As cellgate's simulator answers AT^CPIN? (Huawei ^CPIN format).
		{"^CPIN: READY,,10,3,10,3", SIMReady, PINCounters{PIN: 3, PUK: 10, PIN2: 3, PUK2: 10}},
		{"^CPIN: SIM PIN,2,10,2,10,3", SIMPIN, PINCounters{PIN: 2, PUK: 10, PIN2: 3, PUK2: 10}},
		{"^CPIN: SIM PUK,9,9,0,10,3", SIMPUK, PINCounters{PIN: 0, PUK: 9, PIN2: 3, PUK2: 10}},
		{"^CPIN: READY,,,,,", SIMReady, PINCounters{PIN: -1, PUK: -1, PIN2: -1, PUK2: -1}},
	}
	for _, tt := range tests {
		s, c, err := ParseHuaweiCPIN(tt.line)
		if err != nil || s != tt.state || c != tt.c {
			t.Errorf("ParseHuaweiCPIN(%q) = %q, %+v, %v; want %q, %+v", tt.line, s, c, err, tt.state, tt.c)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{"^CPIN: READY,,10,3,10", `too few parameters`},
		{"^CPIN: READY,,10,x,10,3", `bad <pin_times> "x"`},
		{"^CPIN: BOGUS,,10,3,10,3", `bad <code> "BOGUS"`},
		{"^CPIN: READY,,100,3,10,3", `bad <puk_times> "100"`},
	} {
		_, c, err := ParseHuaweiCPIN(tt.line)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseHuaweiCPIN(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
		if c != (PINCounters{-1, -1, -1, -1}) {
			t.Errorf("ParseHuaweiCPIN(%q) counters on error = %+v", tt.line, c)
		}
	}
}

func TestParseQPINC(t *testing.T) {
	for _, tt := range []struct {
		line     string
		fac      string
		pin, puk int
	}{
		{`+QPINC: "SC",3,10`, "SC", 3, 10},
		{`+QPINC: "P2",3,10`, "P2", 3, 10},
		{`+QPINC: SC,0,9`, "SC", 0, 9},
	} {
		fac, pin, puk, err := ParseQPINC(tt.line)
		if err != nil || fac != tt.fac || pin != tt.pin || puk != tt.puk {
			t.Errorf("ParseQPINC(%q) = %q, %d, %d, %v", tt.line, fac, pin, puk, err)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{`+QPINC: "XX",3,10`, `bad <facility>`},
		{`+QPINC: "SC",3`, `too few parameters`},
		{`+QPINC: "SC",a,10`, `bad <pincounter> "a"`},
		{`+QPINC: ("SC","P2")`, `stray quote`},
	} {
		if _, _, _, err := ParseQPINC(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseQPINC(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}
