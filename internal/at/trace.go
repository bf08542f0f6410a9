package at

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/redact"
)

// Tracer writes a raw traffic trace: one line per write to the modem and per
// token read from it, with a UTC timestamp and the direction (">" to the
// modem, "<" from it). Bytes are quoted so control characters show; PINs,
// PUKs and passwords are redacted (redact.Command), and so are the short
// messages read, shown, written and sent (redact.Message): a PDU keeps its
// header, a text is replaced by its length. A trace can be shared with
// support. It is safe for concurrent use.
type Tracer struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
	// body says what the next line from the modem is: a message body or
	// not (see Received).
	body bodyState
}

// bodyState tells which lines from the modem carry a short message.
type bodyState int

const (
	noBody     bodyState = iota
	oneBody              // the line after +CMT:, or after +CDS: in PDU mode
	bodies               // the lines after +CMGR: or +CMGL:, up to the final result
	echoBodies           // the payload echoed after the "> " prompt, up to +CMGS:/+CMGW: or the final result
)

// NewTracer returns a Tracer writing to w.
func NewTracer(w io.Writer) *Tracer { return &Tracer{w: w, now: time.Now} }

// Sent traces bytes written to the modem. A write that ends in Ctrl-Z is
// the payload of AT+CMGS or AT+CMGW: a message.
func (t *Tracer) Sent(b []byte) {
	if t == nil {
		return
	}
	s := string(b)
	if n := len(s); n > 0 && s[n-1] == ctrlZ {
		s = redact.Message(s[:n-1]) + s[n-1:]
	} else {
		trimmed := strings.TrimRight(s, "\r")
		s = redact.Command(trimmed) + s[len(trimmed):]
	}
	t.write('>', strconv.Quote(s))
}

// Received traces a token read from the modem. The line after +CMT: or
// +CDS:, the lines after +CMGR: or +CMGL: up to the final result (or the
// next +CMGL:), and the payload the modem echoes after its "> " prompt are
// message bodies. Every other line is traced with its secrets redacted.
func (t *Tracer) Received(tok Token) {
	if t == nil {
		return
	}
	switch tok.Kind {
	case TokPrompt:
		t.mu.Lock()
		t.body = echoBodies
		t.mu.Unlock()
		t.write('<', strconv.Quote(tok.Line))
	case TokOverflow:
		t.write('<', fmt.Sprintf("[overlong line: %d bytes dropped]", tok.Dropped))
	default:
		t.mu.Lock()
		line := t.receivedLine(tok.Line)
		t.mu.Unlock()
		t.write('<', strconv.Quote(line))
	}
}

// receivedLine redacts one line from the modem and moves the body state on.
func (t *Tracer) receivedLine(line string) string {
	s := strings.TrimSpace(line)
	_, final := ParseFinal(s)
	header := hasPrefixFold(s, "+CMGR:") || hasPrefixFold(s, "+CMGL:")
	switch {
	case final:
		t.body = noBody
	case t.body == oneBody:
		t.body = noBody
		return redact.Message(line)
	case t.body == echoBodies && (hasPrefixFold(s, "+CMGS:") || hasPrefixFold(s, "+CMGW:")):
		t.body = noBody
	case t.body == bodies && !header, t.body == echoBodies:
		return redact.Message(line)
	case header:
		t.body = bodies
	case hasPrefixFold(s, "+CMT:"), hasPrefixFold(s, "+CDS:") && isDigits(strings.TrimSpace(s[len("+CDS:"):])):
		// +CMT: is followed by the PDU or the text; +CDS: by a PDU in PDU
		// mode only, where its one parameter is the length.
		t.body = oneBody
	}
	return redact.Command(line)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case only.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
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
