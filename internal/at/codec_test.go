package at

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func collect(f *Framer, chunks ...string) []Token {
	var out []Token
	for _, c := range chunks {
		f.Feed([]byte(c), func(t Token) { out = append(out, t) })
	}
	return out
}

func TestFramer(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
