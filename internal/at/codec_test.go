package at

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseFinal(t *testing.T) {
	cases := []struct {
		line    string
		final   bool
		ok      bool
		rate    string
		wantErr error
		code    int
	}{
		{line: "OK", final: true, ok: true},
		{line: " OK ", final: true, ok: true},
		{line: "ERROR", final: true, wantErr: ErrError},
		{line: "CONNECT", final: true, ok: true},
		{line: "CONNECT 7200000", final: true, ok: true, rate: "7200000"}, // guide 4.2 "CONNECT xxx"
		{line: "NO CARRIER", final: true, wantErr: &ResultError{Result: "NO CARRIER"}},
		{line: "BUSY", final: true, wantErr: &ResultError{Result: "BUSY"}},
		{line: "NO ANSWER", final: true, wantErr: &ResultError{Result: "NO ANSWER"}},
		{line: "NO DIALTONE", final: true, wantErr: &ResultError{Result: "NO DIALTONE"}},
		{line: "COMMAND NOT SUPPORT", final: true, wantErr: &ResultError{Result: "COMMAND NOT SUPPORT"}},
		// guide 1.2.2 and 2.3.2: "+CME ERROR: SIM failure"
		{line: "+CME ERROR: SIM failure", final: true, wantErr: &CMEError{Code: 13}, code: 13},
		{line: "+CME ERROR: 10", final: true, wantErr: &CMEError{Code: 10}, code: 10},
		{line: "+CME ERROR: SIM PIN required", final: true, wantErr: &CMEError{Code: 11}, code: 11},
		{line: "+CME ERROR: memory failure", final: true, wantErr: &CMEError{Code: 23}, code: 23}, // guide 2.2.2
		{line: "+CME ERROR: 159", final: true, wantErr: &CMEError{Code: 159}, code: 159},          // Quectel table 1
		// guide 9.1.2 / 9.2.2
		{line: "+CMS ERROR: 500", final: true, wantErr: &CMSError{Code: 500}, code: 500},
		{line: "+CMS ERROR: 304", final: true, wantErr: &CMSError{Code: 304}, code: 304},
		{line: "+CMS ERROR: INVALID TXT Param", final: true, wantErr: &CMSError{Code: -1, Text: "INVALID TXT Param"}, code: -1},
		{line: "+CSQ: 20,99"},
		{line: "OKAY"},
		{line: "> "},
		{line: ""},
	}
	for _, c := range cases {
		f, final := ParseFinal(c.line)
		if final != c.final {
			t.Errorf("%q: final=%v, want %v", c.line, final, c.final)
			continue
		}
		if !final {
			continue
		}
		if f.OK != c.ok || f.Rate != c.rate {
			t.Errorf("%q: got %+v", c.line, f)
		}
		if c.wantErr != nil && !errors.Is(f.Err, c.wantErr) {
			t.Errorf("%q: err %v is not %v", c.line, f.Err, c.wantErr)
		}
		var cme *CMEError
		var cms *CMSError
		switch {
		case errors.As(f.Err, &cme) && cme.Code != c.code, errors.As(f.Err, &cms) && cms.Code != c.code:
			t.Errorf("%q: code mismatch in %v, want %d", c.line, f.Err, c.code)
		}
	}
}

func TestErrorMeanings(t *testing.T) {
	// The Quectel CMDMP note, chapter 3, tables 1 and 2.
	cme := map[int]string{3: "operation not allowed", 4: "operation not supported", 23: "memory failure",
		30: "no network service", 50: "incorrect parameters", 51: "command implemented but currently disabled",
		52: "command aborted by user", 159: "uplink busy/flow control"}
	for code, want := range cme {
		if got, _ := CMEMeaning(code); !strings.EqualFold(got, want) {
			t.Errorf("CME %d: %q, want %q", code, got, want)
		}
	}
	cms := map[int]string{300: "ME failure", 304: "invalid PDU mode parameter", 310: "SIM not inserted",
		316: "SIM PUK required", 321: "invalid memory index", 322: "memory full", 330: "SMSC address unknown",
		340: "no +CNMA acknowledgement expected", 500: "unknown error"}
	for code, want := range cms {
		if got, _ := CMSMeaning(code); !strings.EqualFold(got, want) {
			t.Errorf("CMS %d: %q, want %q", code, got, want)
		}
	}
	err := newCMEError("11")
	if err.Error() != "+CME ERROR: 11 (SIM PIN required)" {
		t.Errorf("message: %q", err.Error())
	}
}

func collect(f *Framer, chunks ...string) []Token {
	var out []Token
	for _, c := range chunks {
		f.Feed([]byte(c), func(t Token) { out = append(out, t) })
	}
	return out
}

func TestFramer(t *testing.T) {
	line := func(s string) Token { return Token{Kind: TokLine, Line: s} }
	cases := []struct {
		name   string
		max    int
		prompt bool
		chunks []string
		want   []Token
	}{
		{"crlf lines", 0, false, []string{"\r\n+CSQ: 20,99\r\n\r\nOK\r\n"}, []Token{line("+CSQ: 20,99"), line("OK")}},
		{"split across reads", 0, false, []string{"\r\n+CS", "Q: 2", "0,99\r", "\n\r\nO", "K\r\n"}, []Token{line("+CSQ: 20,99"), line("OK")}},
		{"echo ends with CR only", 0, false, []string{"AT+CSQ\r\r\nOK\r\n"}, []Token{line("AT+CSQ"), line("OK")}},
		{"bare LF", 0, false, []string{"a\nb\n"}, []Token{line("a"), line("b")}},
		{"NUL skipped", 0, false, []string{"O\x00K\r\n"}, []Token{line("OK")}},
		{"prompt when wanted", 0, true, []string{"AT+CMGS=21\r\r\n> "}, []Token{line("AT+CMGS=21"), {Kind: TokPrompt, Line: "> "}}},
		{"prompt split", 0, true, []string{"\r\n>", " "}, []Token{{Kind: TokPrompt, Line: "> "}}},
		{"no prompt unless wanted", 0, false, []string{"\r\n> x\r\n"}, []Token{line("> x")}},
		{"overlong line dropped", 8, false, []string{"0123456789abc\r\nOK\r\n"}, []Token{{Kind: TokOverflow, Dropped: 13}, line("OK")}},
		{"line at limit kept", 4, false, []string{"abcd\r\n"}, []Token{line("abcd")}},
	}
	for _, c := range cases {
		f := &Framer{Max: c.max, Prompt: c.prompt}
		got := collect(f, c.chunks...)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

// A modem spewing a megabyte without a line end must not make the framer
// hold a megabyte.
func TestFramerBoundedOnMegabyteLine(t *testing.T) {
	f := &Framer{}
	junk := strings.Repeat("\xff\x01garbage", 1<<17) // ~1.1 MB
	var toks []Token
	for i := 0; i < len(junk); i += 4096 {
		end := min(i+4096, len(junk))
		f.Feed([]byte(junk[i:end]), func(t Token) { toks = append(toks, t) })
		if len(f.Pending()) > DefaultMaxLine {
			t.Fatalf("framer holds %d bytes", len(f.Pending()))
		}
	}
	f.Feed([]byte("\r\nOK\r\n"), func(t Token) { toks = append(toks, t) })
	if len(toks) != 2 || toks[0].Kind != TokOverflow || toks[0].Dropped != len(junk) || toks[1].Line != "OK" {
		t.Fatalf("tokens: %+v", toks[:min(len(toks), 3)])
	}
}

func TestResponsePrefix(t *testing.T) {
	cases := map[string]string{
		"AT+CSQ": "+CSQ:", "AT^HCSQ?": "^HCSQ:", "AT+CREG?": "+CREG:", "AT+CREG=2": "+CREG:",
		"AT+COPS=?": "+COPS:", "ati": "", "AT": "", "AT&F": "", "ATD*99#": "", "at+cgsn": "+CGSN:",
		"AT+CMGS=21": "+CMGS:", "AT$QCPDPP?": "$QCPDPP:",
	}
	for in, want := range cases {
		if got := responsePrefix(in); got != want {
			t.Errorf("responsePrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTimeoutsFromGuideTable(t *testing.T) {
	e := New(Stream(nil), Config{Timeouts: map[string]time.Duration{"at+cgatt=1": 75 * time.Second, "AT+CMGS": 90 * time.Second}})
	cases := map[string]time.Duration{
		"AT+CSQ": 30 * time.Second, "AT+CMGS=21": 90 * time.Second, "AT+CMSS=3": 60 * time.Second,
		"AT+COPS=?": 120 * time.Second, "AT+COPS?": 30 * time.Second, "AT+CGATT=1": 75 * time.Second,
	}
	for cmd, want := range cases {
		if got := e.timeoutFor(cmd); got != want {
			t.Errorf("timeout(%s) = %v, want %v", cmd, got, want)
		}
	}
	for _, cmd := range []string{"ATD*99#", "ATA", "AT+CLCK=\"SC\",1,\"1234\"", "AT+COPS=?", "AT^SSLO=1"} {
		if !e.isAbortive(cmd) {
			t.Errorf("%s should be abortive", cmd)
		}
	}
	for _, cmd := range []string{"AT+COPS?", "AT+CSQ", "AT"} {
		if e.isAbortive(cmd) {
			t.Errorf("%s should not be abortive", cmd)
		}
	}
}
