// Package atpolicy decides which AT commands may reach the modem from a
// remote operator (an SMS console command, an AT request over MQTT).
//
// A router in a remote place must not be bricked or locked by one command
// typed in a hurry. By default only queries are allowed: read (AT+CSQ?) and
// test (AT+COPS=?) forms and a list of harmless execute commands (ATI,
// AT+CSQ, AT+CGSN, ...). Commands that can lock a SIM, silence the radio,
// change the serial line, wipe settings or load firmware are refused unless
// the configuration allows them explicitly, by prefix. Everything else that
// changes state is refused too unless allowed. A Limiter bounds how many
// commands a source may send per minute.
package atpolicy

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// RefusedError says why a command was refused.
type RefusedError struct {
	Command string
	Reason  string
}

func (e *RefusedError) Error() string { return fmt.Sprintf("refused %s: %s", e.Command, e.Reason) }

// ErrRateLimited: the source sent too many commands.
var ErrRateLimited = errors.New("atpolicy: too many commands, try again later")

// Policy is a set of rules; the zero value is the default policy.
type Policy struct {
	// Allow lists command prefixes allowed on top of the queries, including
	// dangerous ones ("AT+CFUN=1,1" to allow a modem reset).
	Allow []string
	// Deny lists further prefixes to refuse even if they are queries.
	Deny []string
}

// queries are execute commands that only read.
var queries = []string{
	"ATI", "AT+GMI", "AT+GMM", "AT+GMR", "AT+GSN", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CGSN",
	"AT+CIMI", "AT+CCID", "AT+QCCID", "AT+NCCID", "AT+CNUM", "AT+CSQ", "AT+CESQ", "AT+QCSQ", "AT+CPAS",
	"AT+CEER", "AT+CGPADDR", "AT+CGCONTRDP", "AT+CEDRXRDP", "AT^MONSC", "AT^MONNC", "AT^SYSINFOEX",
	"AT^SYSINFO", `AT+QENG="SERVINGCELL"`, `AT+QENG="NEIGHBOURCELL"`, "AT+CCLK?", "AT",
}

// dangerous are refused even in their query-looking forms' neighbours,
// unless allowed explicitly: SIM locks and PINs, radio off, serial line,
// factory reset, firmware, writes to the SIM.
var dangerous = []struct{ prefix, why string }{
	{"AT+CLCK", "can lock the SIM or the network"},
	{"AT+CPWD", "changes a SIM password"},
	{"AT+CPIN=", "spends PIN tries"},
	{"AT^CPIN=", "spends PIN tries"},
	{"AT+CFUN=0", "switches the radio off: the router becomes unreachable"},
	{"AT+CFUN=4", "switches the radio off: the router becomes unreachable"},
	{"AT+CFUN=1,1", "resets the modem"},
	{"AT+IPR", "changes the serial line speed"},
	{"AT+IFC", "changes serial flow control"},
	{"AT&F", "restores factory settings"},
	{"ATZ", "resets the settings"},
	{"AT+CRSM=214", "writes to the SIM"},
	{"AT+CRSM=220", "writes to the SIM"},
	{"AT+CSIM", "sends raw commands to the SIM"},
	{"AT+QFUPDS", "loads firmware"},
	{"AT+QFOTADL", "loads firmware"},
	{"AT+UFWUPD", "loads firmware"},
	{"AT^FWLOAD", "loads firmware"},
	{"AT+CGATT=0", "detaches from the packet network"},
	{"AT^NDISDUP=1,0", "drops the data connection"},
	{"AT+COPS=2", "deregisters from the network"},
}

// Check decides whether cmd may be sent. A line with several commands
// (AT+CSQ;+COPS?) is checked command by command.
func (p *Policy) Check(cmd string) error {
	c := strings.TrimSpace(cmd)
	if len(c) < 2 || !strings.EqualFold(c[:2], "AT") {
		return &RefusedError{cmd, "not an AT command"}
	}
	if strings.ContainsAny(c, "\r\n\x1a\x1b") {
		return &RefusedError{cmd, "control characters"}
	}
	for i, part := range strings.Split(c, ";") {
		if i > 0 {
			part = "AT" + strings.TrimSpace(part)
		}
		if err := p.checkOne(part); err != nil {
			return &RefusedError{cmd, err.(*RefusedError).Reason}
		}
	}
	return nil
}

func (p *Policy) checkOne(c string) error {
	u := strings.ToUpper(strings.ReplaceAll(c, " ", ""))
	for _, d := range p.Deny {
		if strings.HasPrefix(u, strings.ToUpper(d)) {
			return &RefusedError{c, "denied by configuration"}
		}
	}
	for _, a := range p.Allow {
		if strings.HasPrefix(u, strings.ToUpper(strings.ReplaceAll(a, " ", ""))) {
			return nil
		}
	}
	for _, d := range dangerous {
		if strings.HasPrefix(u, d.prefix) && !strings.HasSuffix(u, "?") && !strings.HasSuffix(u, "=?") {
			return &RefusedError{c, d.why}
		}
	}
	if strings.HasSuffix(u, "?") {
		return nil // read and test forms only read
	}
	for _, q := range queries {
		if u == q {
			return nil
		}
	}
	return &RefusedError{c, "changes the modem's state; allow it in the remote AT policy"}
}

// Limiter allows at most N commands per source in any window of Per.
type Limiter struct {
	N   int
	Per time.Duration
	Now func() time.Time

	mu   sync.Mutex
	seen map[string][]time.Time
}

// Allow records a command from source and reports whether it is within the
// limit; over the limit it returns ErrRateLimited.
func (l *Limiter) Allow(source string) error {
	now := time.Now
	if l.Now != nil {
		now = l.Now
	}
	t := now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]time.Time{}
	}
	recent := l.seen[source][:0]
	for _, s := range l.seen[source] {
		if t.Sub(s) < l.Per {
			recent = append(recent, s)
		}
	}
	if len(recent) >= l.N {
		l.seen[source] = recent
		return ErrRateLimited
	}
	l.seen[source] = append(recent, t)
	if len(l.seen) > 1024 { // forget the quiet sources
		for k, v := range l.seen {
			if len(v) == 0 || t.Sub(v[len(v)-1]) >= l.Per {
				delete(l.seen, k)
			}
		}
	}
	return nil
}
