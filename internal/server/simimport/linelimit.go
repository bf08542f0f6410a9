package simimport

import (
	"fmt"
	"io"
)

// lineTooLongError is returned by lineLimit when a line exceeds the limit.
type lineTooLongError struct {
	line, max int
}

func (e *lineTooLongError) Error() string {
	return fmt.Sprintf("line is longer than %d bytes; is this a SIM batch file?", e.max)
}

// lineLimit passes its reader's bytes through until a line grows longer
// than max bytes; then it returns the bytes before that point and a
// *lineTooLongError.
type lineLimit struct {
	r    io.Reader
	max  int
	line int // 1-based number of the current line
	n    int // bytes in the current line so far
	err  error
}

func (l *lineLimit) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.line++
			l.n = 0
			continue
		}
		l.n++
		if l.n > l.max {
			l.err = &lineTooLongError{line: l.line, max: l.max}
			return i, l.err
		}
	}
	return n, err
}
