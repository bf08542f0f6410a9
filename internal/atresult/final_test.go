package atresult

import (
	"errors"
	"testing"
)

func TestParseFinal(t *testing.T) {
	t.Parallel()
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
