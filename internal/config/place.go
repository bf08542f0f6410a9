package config

import (
	"fmt"
	"strings"
)

// set reports whether path was given a (non-null) value in the file.
func (d *decoder) set(path string) bool { return d.marks[path].set }

// errorf reports a problem with the field at path. It points at the field,
// or at the nearest enclosing field written in the file when path itself
// was not. A field whose value could not be decoded is reported once.
func (d *decoder) errorf(path, format string, args ...any) {
	for p := path; ; p = parent(p) {
		if d.bad[p] {
			return
		}
		if p == "" {
			break
		}
	}
	d.errs = append(d.errs, d.at(path, fmt.Sprintf(format, args...)))
}

// at is msg about the field at path, at the place it or the nearest
// enclosing field was written.
func (d *decoder) at(path, msg string) *Error {
	e := &Error{File: d.file, Field: path, Msg: msg}
	for p := path; p != ""; p = parent(p) {
		if m, ok := d.marks[p]; ok {
			e.Line, e.Column = m.line, m.col
			break
		}
	}
	return e
}

// line is the line path was written on, 0 if it was not.
func (d *decoder) line(path string) int { return d.marks[path].line }

// parent is the enclosing field: "a.b[2]" → "a.b" → "a" → "".
func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}
