package at

import (
	"context"
	"strings"
	"time"
)

// Default timeouts from the Huawei MU709 guide, table 1-2.
const (
	DefaultTimeout = 30 * time.Second
	SMSSendTimeout = 60 * time.Second
	ScanTimeout    = 120 * time.Second
)

// DefaultTimeouts maps command prefixes to their timeouts (guide table 1-2).
// Config.Timeouts adds to it or overrides it; the longest prefix wins.
var DefaultTimeouts = map[string]time.Duration{
	"AT+CMGS":   SMSSendTimeout,
	"AT+CMSS":   SMSSendTimeout,
	"AT+COPS=?": ScanTimeout,
}

// DefaultAbortive lists the commands a later command may abort (guide 1.2.2).
var DefaultAbortive = []string{
	"ATD", "ATA", "AT+CLCK", "AT+COPS=?", "AT+CLCC", "AT+CLIP",
	"AT^IPINIT", "AT^IPOPEN", "AT^IPSEND", "AT^IPSENDEX", "AT^IPCLOSE",
	"AT^EMSEND", "AT^HTTPCMD", "AT^FTPCMD", "AT^SSLO", "AT^SSLTX", "AT^SSLRX",
}

// Response is what the modem answered to one command.
type Response struct {
	Command string   // the command as sent, without CR
	Lines   []string // information lines, in order, without echo and URCs
	Final   string   // the final result line ("OK", "+CME ERROR: 10", ...)
	Rate    string   // for CONNECT <rate>
}

// Prefixed returns the lines that start with prefix (e.g. "+CSQ:"), with the
// prefix and the following blanks removed.
func (r *Response) Prefixed(prefix string) []string {
	var out []string
	for _, l := range r.Lines {
		if strings.HasPrefix(l, prefix) {
			out = append(out, strings.TrimSpace(l[len(prefix):]))
		}
	}
	return out
}

// Option changes how one command is run.
type Option func(*request)

// WithTimeout sets this command's timeout, overriding the prefix tables.
func WithTimeout(d time.Duration) Option { return func(r *request) { r.timeout = d } }

// WithLongerTimeout lets this command take up to d when d is longer than
// its own timeout (from the prefix tables, or WithTimeout), and never
// shortens it: a bound set for commands in general (the remote AT timeout)
// does not cut one known to take long, such as AT+COPS=? (120 s), and does
// not set off the health procedure behind it.
func WithLongerTimeout(d time.Duration) Option { return func(r *request) { r.atLeast = d } }

// WithPayload sends data after the modem's "> " prompt, followed by Ctrl-Z
// (AT+CMGS, AT+CMGW and vendor data commands). If the caller gives up before
// the prompt arrives, ESC is sent instead and nothing is transmitted.
func WithPayload(data []byte) Option {
	return func(r *request) { r.payload = append([]byte(nil), data...); r.hasPayload = true }
}

// WithSent has fn called when the command is written to the port: a
// caller that gives up can tell a command the modem never saw from one it
// did not answer. fn runs on the engine's command loop and must not block.
func WithSent(fn func()) Option { return func(r *request) { r.onSent = fn } }

// Preempt makes this command abort the command in progress when that one is
// abortive (guide 1.2.2), instead of waiting behind it.
func Preempt() Option { return func(r *request) { r.preempt = true } }

// result is what a request's caller receives.
type result struct {
	resp *Response
	err  error
}

// request is one command on its way through the engine. Fields below the
// line are owned by the command loop.
type request struct {
	ctx        context.Context
	cmd        string
	prefixes   []string // own information-line prefixes, one per command on the line (responsePrefixes)
	payload    []byte
	hasPayload bool
	timeout    time.Duration
	atLeast    time.Duration // WithLongerTimeout
	preempt    bool
	probe      bool       // the engine's own health probe
	step       healthStep // which command of the health procedure, for a probe
	done       chan result
	onSent     func() // WithSent

	abortive   bool
	sentAt     time.Time
	lines      []string
	size       int
	overflow   bool
	echoSeen   bool
	promptSent bool
	aborting   bool
	cancelled  bool
	// for the health probe: a final result seen, waiting out the settle
	// time in case it belonged to the timed-out command before it
	settling bool
	final    Final
}

// owns reports whether an information line belongs to the command by its
// prefix.
func (r *request) owns(line string) bool {
	for _, p := range r.prefixes {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// finish hands the result to the caller; the channel has room for it.
func (r *request) finish(resp *Response, err error) {
	r.done <- result{resp: resp, err: err}
}

// responsePrefix derives the prefix of a command's own information lines:
// "AT+CSQ" → "+CSQ:", "AT^HCSQ?" → "^HCSQ:", "AT+CREG=2" → "+CREG:". Basic
// commands (ATI, AT&F) have none.
func responsePrefix(cmd string) string {
	s := strings.ToUpper(strings.TrimSpace(cmd))
	if !strings.HasPrefix(s, "AT") {
		return ""
	}
	return extendedName(s[2:])
}

// extendedName returns "+NAME:" for an extended command body ("+CSQ",
// "^HCSQ?", "+CREG=2"), "" for a basic one.
func extendedName(s string) string {
	if len(s) < 2 || !strings.ContainsRune("+^$#%*", rune(s[0])) {
		return ""
	}
	if end := strings.IndexAny(s, "=?;"); end >= 0 {
		s = s[:end]
	}
	return s + ":"
}

// responsePrefixes gives the prefixes of every command on a compound line:
// "AT+CSQ;+CREG?" → "+CSQ:", "+CREG:".
func responsePrefixes(cmd string) []string {
	var out []string
	for i, part := range strings.Split(strings.ToUpper(strings.TrimSpace(cmd)), ";") {
		if i == 0 {
			part = strings.TrimPrefix(part, "AT")
		}
		if p := extendedName(strings.TrimSpace(part)); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// matchPrefix reports whether cmd starts with prefix, ignoring case.
func matchPrefix(cmd, prefix string) bool {
	return len(cmd) >= len(prefix) && strings.EqualFold(cmd[:len(prefix)], prefix)
}
