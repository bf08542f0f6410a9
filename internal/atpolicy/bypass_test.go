package atpolicy

import (
	"errors"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/at"
)

// checkAll reports every line of allowed that p refuses and every line of
// refused that p allows.
func checkAll(t *testing.T, p Policy, allowed, refused []string) {
	t.Helper()
	for _, c := range allowed {
		if err := p.Check(c); err != nil {
			t.Errorf("%+v refused %q: %v", p, c, err)
		}
	}
	for _, c := range refused {
		if err := p.Check(c); err == nil {
			t.Errorf("%+v allowed %q", p, c)
		}
	}
}

// Lines an attacker would try against the default policy: commands that
// brick, silence or isolate a remote router, hidden behind a query, in
// another spelling, or in a form that looks like a read.
func TestDefaultPolicyRefusesHarmfulSpellings(t *testing.T) {
	t.Parallel()
	refused := []string{
		"AT+CSQ;V0", "AT+CSQ?;&F", "AT S0=1", "A T+CFUN=0", "AT+CSQ\b\bV0", "AT+CSQ\x08\x08\x08\x08\x08\x08CFUN=0",
		"AT+CFUN=1,1 ", "AT+CFUN=1,1 x", "AT+CFUN = 0", "AT+CFUN=00", "AT+CFUN=0,0", "AT+cfun=0", `AT+CFUN="0"`,
		"AT+COPS=02", "AT+CGATT=00", "AT+CMGD=1,4", "AT+CNMI=0,0,0,0,0", `AT+CSCA="+4915"`,
		`AT+CGDCONT=1,"IP","evil"`, "AT^SYSCFG=13,1,3FFFFFFF,2,4", `AT^SYSCFGEX="03",3FFFFFFF,1,2,7FFFFFFFFFFFFFFF,,`,
		`AT+QCFG="band",0,1,1`, `AT+QCFG="nwscanmode",3,1`, "AT+CPOF", `AT$QCPWD="0000"`, "AT+CGACT=0", "AT+CGACT=0,1",
		"AT+CMGF=1", `AT+CSCS="UCS2"`, "AT+CMEE=0", "AT+ICF=3", "AT&W", "ATS3=0", "ATS4=13", "ATS3 = 0",
		`AT+CRSM= 214 ,28539,0,0,3,"FFFFFF"`, `AT+CRSM="214",28539`, `AT+CSIM=10,"00A40000"`,
		`AT+CPOL=1,2,"26201"`, `AT+CPMS="SM","SM","SM"`, "AT+CFUN=0?", `AT+CLCK="SC",1,"1234"?`, "AT+CSQ=?0",
		"AT+CSQ=??", "AT+CSQ?V0", "AT+CSQ?+CFUN=0", "ATI;Z", "ATIZ", "ATI10", "ATE0", "ATQ1", "ATV0", "ATX0",
		"ATH", "ATO", "ATA", "ATD*99#", "ATDL", "AT&D0", "AT&C0", "ATZ0", "AT&F0", "AT+CFUN=4", "AT+CFUN=04",
		"AT+COPS=2", "AT+COPS=1,2,26201", `AT+CPIN="1234"`, `AT+CPIN="12345678","1234"`, `AT^CPIN="1234"`,
		"AT+CPWD", "AT+IPR=0", "AT+IFC=0,0", "AT+QFUPDS", "A/", "a/", "AT+CSQ\rATV0", "AT+CSQ\nATV0",
		"AT+CSQ\x1aATV0", "AT+CSQ\x1bATV0", "AT+CSQ\x00ATV0", "AT+CSQ\tATV0", "AT+CSQ\x7fV0", "AT+CSQ\xa0;V0",
		"ATAT+CFUN=0", "AT+CSQ;AT+CFUN=0", "+++", "AT\\Q0", "AT%C0", "AT@X", "AT+CSQ;S3=0", `AT+X="a`,
		`AT+CGDCONT?;+CGDCONT=1,"IP","x"`, "AT+CSQ.X", "AT+CSQ+CFUN=0", "AT+CSQ\"V0\"",
	}
	checkAll(t, Policy{}, nil, refused)
	allowed := []string{"AT", "AT+CSQ", "AT+CSQ?", "AT+CSQ=?", "ATI", "ATI0", "ATI9", "ATI00009", "ATS0?",
		"AT+CSQ;+CREG?;+CEREG?", "at+cops=?", "AT+CFUN?", "AT+CLCK=?", "AT + CSQ", "AT+CSQ;"}
	checkAll(t, Policy{}, allowed, nil)
}

// An allow entry names one command, or a command with the first of its
// parameters: it must not open a longer parameter list or a longer name.
// Allowing AT+QICSGP=1 (read the APN of context 1) allowed writing it.
func TestRegressionAllowPrefixOpensLongerCommand(t *testing.T) {
	t.Parallel()
	checkAll(t, Policy{Allow: []string{"AT+QICSGP=1"}},
		[]string{"AT+QICSGP=1", "AT+QICSGP=01", "at+qicsgp = 1"},
		[]string{`AT+QICSGP=1,1,"evil","","",0`, "AT+QICSGP=10", "AT+QICSGP=1;+CFUN=0"})
	checkAll(t, Policy{Allow: []string{"AT+CFUN=1"}},
		[]string{"AT+CFUN=1", "AT+CFUN=001"},
		[]string{"AT+CFUN=1,1", "AT+CFUN=10", "AT+CFUN=0"})
	checkAll(t, Policy{Allow: []string{"ATS1"}},
		[]string{"ATS1=5", "ATS01=5"},
		[]string{"ATS10=5", "ATS12=0", "ATS3=0"})
	checkAll(t, Policy{Allow: []string{`AT+QCFG="nwscanmode"`}},
		[]string{`AT+QCFG="nwscanmode"`, `AT+QCFG="NWSCANMODE"`},
		[]string{`AT+QCFG="nwscanmode",3,1`, `AT+QCFG="nwscanmodeX",3`})
	checkAll(t, Policy{Allow: []string{"AT+CM"}}, nil, []string{"AT+CMGD=1,4", "AT+CMGF=1"})
	// An entry that ends with '=' or ',' opens the parameters after it, and
	// one that names a command alone opens all its forms.
	checkAll(t, Policy{Allow: []string{"AT+CFUN=1,", "AT+CGDCONT=", "ATE", "AT+CGACT", `AT+QCFG="band",`}},
		[]string{"AT+CFUN=1,1", `AT+CGDCONT=1,"IP","em"`, "ATE0", "ATE1", "AT+CGACT=1,1", `AT+QCFG="band",0,1,1`},
		[]string{"AT+CFUN=0", "AT+CFUN=1", "AT+CGDCONTX=1", "AT+CGACTX", `AT+QCFG="nwscanmode",3`, "ATV0"})
}

// A deny entry holds whatever spelling of a number the command uses: a
// modem reads 04, "4" and 4 alike.
func TestRegressionDenyBypassedByNumberSpelling(t *testing.T) {
	t.Parallel()
	p := Policy{Allow: []string{"AT+CFUN=", "AT+COPS=", "ATS0=", "ATS3="}, Deny: []string{"AT+CFUN=0", "AT+CFUN=4", "AT+CFUN=1,1", "AT+COPS=2", "ATS3="}}
	checkAll(t, p,
		[]string{"AT+CFUN=1", "AT+CFUN=1,0", "AT+COPS=0", `AT+COPS=1,2,"26201"`, "ATS0=1"},
		[]string{"AT+CFUN=04", "AT+CFUN=0004", `AT+CFUN="4"`, `AT+CFUN="04"`, "AT+CFUN= 0 4", "AT+CFUN=1,01",
			"AT+CFUN=01,1", `AT+CFUN=1,"1"`, "AT+COPS=02", `AT+COPS="2"`, "ATS03=0", "ATS003=13"})
}

// A set command's parameters are numbers, strings and constants; text
// there that starts another command (a '+', '^', '&' outside a string) is
// read by some modules as the next command. An allowed set must not carry
// one.
func TestRegressionAllowedSetCarriesAnotherCommand(t *testing.T) {
	t.Parallel()
	p := Policy{Allow: []string{"AT+CGDCONT=", "ATS0="}}
	checkAll(t, p,
		[]string{`AT+CGDCONT=1,"IP","em"`, `AT+CGDCONT=1,"IP","a+b;c^d&e?f"`, `AT+CGDCONT=1,"IPV4V6","em",,0,0`, "ATS0=1"},
		[]string{`AT+CGDCONT=1,"IP","em"+CFUN=0`, `AT+CGDCONT=1,"IP","em"^RESET`, `AT+CGDCONT=1,"IP","em"&F`,
			`AT+CGDCONT=1,"IP","em"$QCPWD`, `AT+CGDCONT=1?`, `AT+CGDCONT=1=0`, `AT+CGDCONT=1"IP"`, `AT+CGDCONT="IP"1`})
}

// A deny entry holds a string however it is spelled with V.250's \hh
// escapes.
func TestRegressionDenyBypassedByStringEscape(t *testing.T) {
	t.Parallel()
	p := Policy{Allow: []string{"AT+QCFG="}, Deny: []string{`AT+QCFG="band"`}}
	checkAll(t, p,
		[]string{`AT+QCFG="roamservice",2,1`},
		[]string{`AT+QCFG="band",0,1,1`, `AT+QCFG="\62and",0,1,1`, `AT+QCFG="B\41ND",0`, `AT+QCFG=" band",0`})
}

// A refusal's reason goes into replies, events and logs: a malformed line
// holding a PIN must not show it there either.
func TestRegressionRefusalReasonShowsPIN(t *testing.T) {
	t.Parallel()
	var p Policy
	for _, line := range []string{`AT+CPIN "8642"`, `AT+CPIN="\q8642"`, `AT+CLCK"SC",1,"8642"`, `AT"8642"`, `AT+"8642"`,
		`AT&"8642"`, `AT+CPIN="8642"x`, `AT+CPIN="8642"?`, `AT+CPWD="SC","8642""9753"`, `AT+CPIN="12\4"`} {
		err := p.Check(line)
		if err == nil {
			t.Errorf("%q allowed", line)
			continue
		}
		if strings.Contains(err.Error(), "8642") || strings.Contains(err.Error(), "9753") {
			t.Errorf("%q: %v", line, err)
		}
	}
}

// The AT engine gives a command its timeout, and may abort it, by the
// start of the line it is sent as: "at + cops = ?" or "AT+CSQ;+COPS=?" ran a
// network scan of up to three minutes under the 30 s default, and the
// engine gave up on a modem that was still busy. The line goes out as it
// was judged, and such a command alone.
func TestRegressionLongCommandEscapesEngineTimeout(t *testing.T) {
	t.Parallel()
	p := Policy{Allow: []string{"ATE0", "ATD", "AT+CMGS="}}
	for line, want := range map[string]string{
		"at + cops = ?":           "AT+COPS=?",
		"AT+COPS=?":               "AT+COPS=?",
		"  at+csq ; + creg ? ;":   "AT+CSQ;+CREG?",
		"ATE00+CSQ;+CREG?":        "ATE0+CSQ;+CREG?",
		`at+qeng="servingcell"`:   `AT+QENG="servingcell"`,
		"AT":                      "AT",
		"atd *99 #":               "ATD*99#",
		`at+cmgs = "+49 170 123"`: `AT+CMGS="+49 170 123"`,
		"ATS0?E0":                 "ATS0?E0",
		"AT+CSQ;E0":               "AT+CSQ;E0",
	} {
		got, err := p.Prepare(line)
		if err != nil || got != want {
			t.Errorf("Prepare(%q) = %q, %v; want %q", line, got, err, want)
		}
	}
	for _, line := range []string{"AT+CSQ;+COPS=?", "AT+COPS=?;+CSQ", "ATE0D*99#", `AT+CSQ;+CMGS="1"`, "AT+CSQ;+CLCK=?", "ATV0"} {
		if got, err := p.Prepare(line); err == nil {
			t.Errorf("Prepare(%q) = %q", line, got)
		}
	}
}

// Every command the AT engine times or aborts by its own rule stands alone.
func TestStandAloneCoversTheEngineRules(t *testing.T) {
	t.Parallel()
	var rules []string
	for p := range at.DefaultTimeouts {
		rules = append(rules, p)
	}
	rules = append(rules, at.DefaultAbortive...)
	for _, r := range rules {
		cmds, err := Parse(r)
		if err != nil || len(cmds) != 1 || !standsAlone(cmds[0]) {
			t.Errorf("%s does not stand alone", r)
		}
	}
}

// The reason names the refused command of a line; the reason goes into
// replies and events on its own, so it holds the command masked.
func TestRegressionRefusalReasonNamesPINOfLine(t *testing.T) {
	t.Parallel()
	p := Policy{Allow: []string{"AT+CLCK="}}
	for _, line := range []string{`AT+CSQ;+CPIN="8642"`, `ATE0;+CPWD="SC","8642","9753"`, `AT+CLCK="SC",2,"8642";+CSQ`} {
		var re *RefusedError
		err := p.Check(line)
		if err == nil {
			_, err = p.Prepare(line)
		}
		if !errors.As(err, &re) {
			t.Errorf("%q: %v", line, err)
			continue
		}
		if strings.Contains(re.Reason, "8642") || strings.Contains(re.Error(), "8642") || strings.Contains(re.Error(), "9753") {
			t.Errorf("%q: reason %q", line, re.Reason)
		}
	}
}
