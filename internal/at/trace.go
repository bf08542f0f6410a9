package at

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tracer writes a raw traffic trace: one line per write to the modem and per
// token read from it, with a UTC timestamp and the direction (">" to the
// modem, "<" from it). Bytes are quoted so control characters show; PINs,
// PUKs and passwords are redacted. It is safe for concurrent use.
type Tracer struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// NewTracer returns a Tracer writing to w.
func NewTracer(w io.Writer) *Tracer { return &Tracer{w: w, now: time.Now} }

// Sent traces bytes written to the modem.
func (t *Tracer) Sent(b []byte) {
	if t == nil {
		return
	}
	s := string(b)
	if trimmed := strings.TrimRight(s, "\r"); strings.HasPrefix(strings.ToUpper(trimmed), "AT") {
		s = Redact(trimmed) + s[len(trimmed):]
	}
	t.write('>', strconv.Quote(s))
}

// Received traces a token read from the modem.
func (t *Tracer) Received(tok Token) {
	if t == nil {
		return
	}
	switch tok.Kind {
	case TokPrompt:
		t.write('<', strconv.Quote(tok.Line))
	case TokOverflow:
		t.write('<', fmt.Sprintf("[overlong line: %d bytes dropped]", tok.Dropped))
	default:
		t.write('<', strconv.Quote(Redact(tok.Line)))
	}
}

// Note traces an engine event (open, close, timeout).
func (t *Tracer) Note(msg string) {
	if t == nil {
		return
	}
	t.write('#', msg)
}

func (t *Tracer) write(dir byte, text string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "%s %c %s\n", t.now().UTC().Format("2006-01-02T15:04:05.000000Z"), dir, text)
}
