package config

import (
	"fmt"
	"io/fs"
	"strings"
)

// checker completes and validates a decoded Config, reporting problems at
// the place each field was written.
type checker struct {
	*decoder
	warns ErrorList
	// mode is the configuration file's permissions; haveMode is false
	// when the configuration was not read from a file (Parse).
	mode     fs.FileMode
	haveMode bool
}

// set reports whether path was given a (non-null) value in the file.
func (k *checker) set(path string) bool { return k.marks[path].set }

// errorf reports a problem with the field at path. It points at the field,
// or at the nearest enclosing field written in the file when path itself
// was not. A field whose value could not be decoded is reported once.
func (k *checker) errorf(path, format string, args ...any) {
	for p := path; ; p = parent(p) {
		if k.bad[p] {
			return
		}
		if p == "" {
			break
		}
	}
	k.errs = append(k.errs, k.at(path, fmt.Sprintf(format, args...)))
}

// warnf reports something accepted but unsafe about the field at path,
// placed like errorf's problems.
func (k *checker) warnf(path, format string, args ...any) {
	k.warns = append(k.warns, k.at(path, fmt.Sprintf(format, args...)))
}

// at is msg about the field at path, at the place it or the nearest
// enclosing field was written.
func (k *checker) at(path, msg string) *Error {
	e := &Error{File: k.file, Field: path, Msg: msg}
	for p := path; p != ""; p = parent(p) {
		if m, ok := k.marks[p]; ok {
			e.Line, e.Column = m.line, m.col
			break
		}
	}
	return e
}

// line is the line path was written on, 0 if it was not.
func (k *checker) line(path string) int { return k.marks[path].line }

// parent is the enclosing field: "a.b[2]" → "a.b" → "a" → "".
func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}
