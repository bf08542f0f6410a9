package atresult

import "strings"

// Final is a recognised final result code.
type Final struct {
	// OK is true for results that end a command successfully: OK and
	// CONNECT [<rate>].
	OK bool
	// Connect is true for CONNECT; Rate holds its text after the space.
	Connect bool
	Rate    string
	// Err is the failure for every other final result.
	Err error
}

// failing final results that carry no parameter (V.250 6.2.1, and the texts
// Huawei modules use for unsupported commands).
var failingResults = map[string]bool{
	"ERROR": true, "NO CARRIER": true, "BUSY": true, "NO ANSWER": true,
	"NO DIALTONE": true, "NO DIAL TONE": true, "ABORTED": true,
	"COMMAND NOT SUPPORT": true, "TOO MANY PARAMETERS": true,
}

// ParseFinal reports whether line is a final result code and which. It is a
// pure function of the line: leading and trailing white space are ignored,
// and the verbose texts are matched exactly as V.250 and 27.007 spell them.
func ParseFinal(line string) (Final, bool) {
	s := strings.TrimSpace(line)
	switch {
	case s == "OK":
		return Final{OK: true}, true
	case s == "CONNECT":
		return Final{OK: true, Connect: true}, true
	case strings.HasPrefix(s, "CONNECT "):
		return Final{OK: true, Connect: true, Rate: strings.TrimSpace(s[len("CONNECT "):])}, true
	case strings.HasPrefix(s, "+CME ERROR:"):
		return Final{Err: newCMEError(s[len("+CME ERROR:"):])}, true
	case strings.HasPrefix(s, "+CMS ERROR:"):
		return Final{Err: newCMSError(s[len("+CMS ERROR:"):])}, true
	case failingResults[s]:
		return Final{Err: &ResultError{Result: s}}, true
	}
	return Final{}, false
}
