package gsm

import (
	"errors"
	"fmt"
)

// ParseError is the error every parser returns for a line it rejects.
type ParseError struct {
	Prefix string // the line's prefix, "+CREG"; "" when the line has none Decode knows
	Field  string // the 27.007 (or vendor) parameter name, "stat"; "" for the line as a whole
	Value  string // the offending text of Field
	Reason string // what is wrong, when the parameter name alone does not say
	Line   string // the line, trimmed (long lines are shortened)
	Err    error  // an underlying error, such as ErrTimerDeactivated
}

// maxErrLine bounds how much of a line an error repeats.
const maxErrLine = 160

// Error names the prefix, the parameter and the line:
// gsm: +CREG: bad <stat> "x" in "+CREG: 2,x".
func (e *ParseError) Error() string {
	line := e.Line
	if len(line) > maxErrLine {
		line = line[:maxErrLine] + "..."
	}
	reason := ""
	if e.Reason != "" {
		reason = " (" + e.Reason + ")"
	}
	switch {
	case e.Prefix == "":
		return fmt.Sprintf("gsm: %s: %q", e.Reason, line)
	case e.Field != "":
		return fmt.Sprintf("gsm: %s: bad <%s> %q%s in %q", e.Prefix, e.Field, e.Value, reason, line)
	default:
		return fmt.Sprintf("gsm: %s: %s in %q", e.Prefix, e.Reason, line)
	}
}

// Unwrap returns the underlying error, if any.
func (e *ParseError) Unwrap() error { return e.Err }

// ErrTimerDeactivated is returned (wrapped) by the GPRS timer decoders when
// the unit bits are 111, "value indicates that the timer is deactivated".
var ErrTimerDeactivated = errors.New("gsm: timer deactivated")

// ErrUnknownLine is returned (wrapped) by Decode for a line whose prefix no
// parser handles.
var ErrUnknownLine = errors.New("gsm: unknown line")
