package atpolicy

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	b := func(name, args string) Command { return Command{Kind: Basic, Name: name, Form: Action, Args: args} }
	s := func(name string, f Form, args string) Command {
		return Command{Kind: SParam, Name: name, Form: f, Args: args}
	}
	x := func(name string, f Form, args string) Command {
		return Command{Kind: Extended, Name: name, Form: f, Args: args}
	}
	for _, tc := range []struct {
		line string
		want []Command
	}{
		{"AT", nil},
		{"at", nil},
		{" AT ", nil},
		{"AT;", nil},
		{"ATE0V1Q0", []Command{b("E", "0"), b("V", "1"), b("Q", "0")}},
		{"ATE", []Command{b("E", "")}},
		{"ATE00", []Command{b("E", "0")}},
		{"ATX04", []Command{b("X", "4")}},
		{"ATV0+CSQ?", []Command{b("V", "0"), x("+CSQ", Read, "")}},
		{"ATZ+COPS?", []Command{b("Z", ""), x("+COPS", Read, "")}},
		{"AT&F+CNMI?", []Command{b("&F", ""), x("+CNMI", Read, "")}},
		{"ATH+CSQ?", []Command{b("H", ""), x("+CSQ", Read, "")}},
		{"AT&D2", []Command{b("&D", "2")}},
		{"at&c1&w", []Command{b("&C", "1"), b("&W", "")}},
		{"ATI", []Command{b("I", "")}},
		{"ATI3", []Command{b("I", "3")}},
		{"ATS0=1", []Command{s("S0", Set, "1")}},
		{"ATS07?", []Command{s("S7", Read, "")}},
		{"ATS0=V0", []Command{s("S0", Set, ""), b("V", "0")}},
		{"ATS3=13S4?", []Command{s("S3", Set, "13"), s("S4", Read, "")}},
		// V.250 6.3.1: the dial string takes the rest of the line.
		{"ATD*99#", []Command{b("D", "*99#")}},
		{"ATD13903710616;", []Command{b("D", "13903710616;")}},
		{"ATE0D*99***1#", []Command{b("E", "0"), b("D", "*99***1#")}},
		{`ATD>"Bob;Alice";`, []Command{b("D", `>"Bob;Alice";`)}},
		{"ATD 123 456", []Command{b("D", "123456")}},
		{"AT+CSQ", []Command{x("+CSQ", Action, "")}},
		{"at+cops=?", []Command{x("+COPS", Test, "")}},
		{"AT+CFUN=1,1", []Command{x("+CFUN", Set, "1,1")}},
		{"AT+CSQ;+COPS?;+CREG=?", []Command{x("+CSQ", Action, ""), x("+COPS", Read, ""), x("+CREG", Test, "")}},
		{"AT+CSQ;V0", []Command{x("+CSQ", Action, ""), b("V", "0")}},
		{"AT + CSQ ; + COPS ?", []Command{x("+CSQ", Action, ""), x("+COPS", Read, "")}},
		{`AT+CGDCONT=1,"IP","em";+CGACT=1,1`, []Command{x("+CGDCONT", Set, `1,"IP","em"`), x("+CGACT", Set, "1,1")}},
		{`AT+CMGS="+49 170;1"`, []Command{x("+CMGS", Set, `"+49 170;1"`)}},
		{`at+cpin="ab cd"`, []Command{x("+CPIN", Set, `"ab cd"`)}},
		{`AT+CPIN="1234"`, []Command{x("+CPIN", Set, `"1234"`)}},
		{`AT+CSCS="\22"`, []Command{x("+CSCS", Set, `"\22"`)}},
		// The seeds: Huawei MU709 and the modules' own prefixes.
		{"AT^SYSCFG=14,0,3FFFFFFF,1,2", []Command{x("^SYSCFG", Set, "14,0,3FFFFFFF,1,2")}},
		{`AT^FREQLOCK=1,"02",10738,,30`, []Command{x("^FREQLOCK", Set, `1,"02",10738,,30`)}},
		{"AT^HCSQ?", []Command{x("^HCSQ", Read, "")}},
		{"AT%XSYSTEMMODE=1,0,0,0", []Command{x("%XSYSTEMMODE", Set, "1,0,0,0")}},
		{"AT#XSOCKET?", []Command{x("#XSOCKET", Read, "")}},
		{"AT$QCRMCALL=1,1", []Command{x("$QCRMCALL", Set, "1,1")}},
		{"AT*CNTI=0", []Command{x("*CNTI", Set, "0")}},
		{"AT!GSTATUS?", []Command{x("!GSTATUS", Read, "")}},
		{"AT+DMPCONFIG=4,1", []Command{x("+DMPCONFIG", Set, "4,1")}},
	} {
		got, err := Parse(tc.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.line, got, tc.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ line, why string }{
		{"", "not an AT command"},
		{"hello", "not an AT command"},
		{"xAT+CFUN=0", "not an AT command"},
		{"A/", "repeats the previous command line"},
		{"a/", "repeats the previous command line"},
		{"AT\b\b+CFUN=0", "backspace"},
		{"AT+CSQ\b\b\b\bCFUN=0", "backspace"},
		{"AT+CSQ\r\nAT+CFUN=0", "control character 0x0D"},
		{"AT+CSQ\x1a", "control character 0x1A"},
		{"AT+CSQ\t", "control character 0x09"},
		{"AT+CSQ\x7f", "control character 0x7F"},
		{"AT+CSQ\xc1", "not ASCII"},
		{`AT+CPIN="1234`, "unterminated string"},
		{`AT+X="\";+CFUN=0;""`, "not followed by two hex digits"},
		{`AT\Q3`, "backslash outside a string"},
		{"ATD1;+CFUN=0", "commands after the dial string"},
		{"AT+CSQ?V0", "without ';'"},
		{"AT+CSQ&F", "without ';'"},
		{"AT+CSQ%XRESET?", "without ';'"},
		{"AT+CGSN!RESET", "without ';'"},
		{"AT+", "does not start with a letter"},
		{"AT+5", "does not start with a letter"},
		{"ATS=1", "S without a parameter number"},
		{"ATS0", "neither read"},
		{"AT&", "'&' without a letter"},
		{"AT&1", "'&' without a letter"},
		{"AT/", "no command starts"},
		{"ATA/", "no command starts"},
		{`AT""`, "no command starts"},
		{"AT0", "no command starts"},
		{`AT+CLCK="SC",1,"1234"?`, "parameter 3 holds"},
		{"AT+CFUN=?0", "'?' outside a string"},
		{`AT+CGDCONT=1,"IP","em"+CFUN=0`, "parameter 3 holds"},
		{`AT+CGDCONT=1"IP"`, "'\"' outside a string"},
	} {
		cmds, err := Parse(tc.line)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", tc.line, cmds)
			continue
		}
		if !strings.Contains(err.Error(), tc.why) {
			t.Errorf("Parse(%q): %v, want %q", tc.line, err, tc.why)
		}
	}
}

func TestCommandString(t *testing.T) {
	t.Parallel()
	for _, line := range []string{"ATE0", "ATH", "AT&F", "ATD*99#", "ATS0=1", "ATS0?", "AT+CSQ", "AT+COPS?", "AT+COPS=?", `AT+CPIN="1234"`} {
		cmds, err := Parse(line)
		if err != nil || len(cmds) != 1 {
			t.Fatalf("Parse(%q) = %v, %v", line, cmds, err)
		}
		if got := cmds[0].String(); got != line {
			t.Errorf("%q reads back as %q", line, got)
		}
	}
}
