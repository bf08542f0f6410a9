package gsm

import (
	"errors"
	"strings"

	"github.com/cellgate/cellgate/internal/atresult"
)

// FinalResult is a final result code: OK, CONNECT, ERROR, +CME ERROR,
// +CMS ERROR and the other V.250 results.
type FinalResult struct {
	Result string `json:"result"` // "OK", "CONNECT", "ERROR", "+CME ERROR", "+CMS ERROR", "NO CARRIER", ...
	OK     bool   `json:"ok"`     // the command succeeded (OK, CONNECT)
	// Code and Text are the error of +CME ERROR and +CMS ERROR, with its
	// 27.007/27.005 meaning; Code is -1 when the modem sent text.
	Code int    `json:"code,omitempty"`
	Text string `json:"text,omitempty"`
}

// ParseFinalResult parses a final result code with the parser the AT engine
// uses too, atresult.ParseFinal, so that +CME ERROR and +CMS ERROR codes get
// the meanings of its 27.007/27.005 tables (atresult.CMEMeaning,
// atresult.CMSMeaning), whether the modem sent the number or the text.
func ParseFinalResult(line string) (FinalResult, error) {
	t := strings.TrimSpace(line)
	f, ok := atresult.ParseFinal(t)
	if !ok {
		return FinalResult{}, &ParseError{Reason: "not a final result code", Line: t}
	}
	r := FinalResult{OK: f.OK}
	var cme *atresult.CMEError
	var cms *atresult.CMSError
	var other *atresult.ResultError
	switch {
	case f.Connect:
		r.Result, r.Text = "CONNECT", f.Rate
	case f.OK:
		r.Result = "OK"
	case errors.As(f.Err, &cme):
		r.Result, r.Code, r.Text = "+CME ERROR", cme.Code, cme.Text
	case errors.As(f.Err, &cms):
		r.Result, r.Code, r.Text = "+CMS ERROR", cms.Code, cms.Text
	case errors.As(f.Err, &other):
		r.Result = other.Result
	}
	return r, nil
}
