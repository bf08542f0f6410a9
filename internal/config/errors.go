package config

import (
	"fmt"
	"strings"
)

// Error is one problem in a configuration file: where it is, which field,
// and what was expected.
type Error struct {
	File         string
	Line, Column int    // 0 when unknown
	Field        string // dotted path of YAML keys: "buses[0].devices[1].unit"
	Msg          string

	err error // the underlying error, if any (such as fs.ErrNotExist)
}

// Error formats the problem as "file:line:col: field: msg".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error, so that errors.Is(err,
// fs.ErrNotExist) tells a missing file.
func (e *Error) Unwrap() error { return e.err }

// ErrorList is every problem found in a configuration file, in file order.
type ErrorList []*Error

// Error lists the problems one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the problems for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}
