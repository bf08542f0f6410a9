package simimport

import (
	"fmt"
	"strings"
)

// MaxErrors is the number of problems Parse reports before giving up.
const MaxErrors = 100

// Error is one problem in a batch file.
type Error struct {
	File   string
	Line   int    // 1-based; 0 when the problem concerns the whole file
	Column string // canonical column name ("iccid", "pin1"), "" if none
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Column != "" {
		b.WriteString(e.Column)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorList is the error Parse returns: every problem found, in file
// order.
type ErrorList struct {
	Errors []*Error
	// Truncated reports that Parse stopped after MaxErrors problems, so
	// the rest of the file was not checked.
	Truncated bool
}

func (l *ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	if l.Truncated {
		fmt.Fprintf(&b, "\n(stopped after %d errors; fix these and import again)", len(l.Errors))
	}
	return b.String()
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (l *ErrorList) Unwrap() []error {
	errs := make([]error, len(l.Errors))
	for i, e := range l.Errors {
		errs[i] = e
	}
	return errs
}
