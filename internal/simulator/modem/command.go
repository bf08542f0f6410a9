package modem

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// handler runs one form of a command. It is called with Modem.mu held and
// returns nil for OK or an error from results.go.
type handler func(x *call) error

// simNeed is what a command needs of the SIM before it runs (except its test
// form, which always runs).
type simNeed int

const (
	simAny      simNeed = iota // runs without a SIM
	simInside                  // needs a SIM (guide 1.2.2: "+CME ERROR: SIM failure" otherwise)
	simUnlocked                // needs a SIM with its PIN entered
)

// command is one entry of the command table: the data that says how a
// command is answered.
type command struct {
	name     string // upper case with its prefix: "+CSQ", "^NDISDUP", "E", "&D"
	test     handler
	read     handler
	set      handler
	exec     handler
	sim      simNeed
	abortive form     // the forms a received character aborts (guide 1.2.2)
	vendors  []Vendor // the personalities that answer it; nil for every one
}

func (c *command) handler(f form) handler {
	switch f {
	case formTest:
		return c.test
	case formRead:
		return c.read
	case formSet:
		return c.set
	}
	return c.exec
}

// commandSets are the tables of the command files, joined by buildTable.
var commandSets = [][]command{
	basicCommands,
	callCommands,
	simCommands,
	netCommands,
	dataCommands,
	authCommands,
	smsCommands,
	psmCommands,
	diagCommands,
	quectelCommands,
	ubloxCommands,
	quectelNBCommands,
}

// buildTable gives the commands vendor v answers, by name.
func buildTable(v Vendor) map[string]*command {
	t := make(map[string]*command)
	for _, set := range commandSets {
		for i := range set {
			c := &set[i]
			if c.vendors != nil && !slices.Contains(c.vendors, v) {
				continue
			}
			if _, dup := t[c.name]; dup {
				panic("modem: command " + c.name + " defined twice")
			}
			t[c.name] = c
		}
	}
	return t
}

// call is one command being run: its arguments, the state and the output.
type call struct {
	m    *Modem
	p    *port
	st   *state
	cmd  *command
	form form
	raw  string
	args []arg
	// then runs after the final result has been written, without locks.
	then func()
}

// n gives the number of arguments.
func (x *call) n() int { return len(x.args) }

// has reports whether argument i is present and not empty.
func (x *call) has(i int) bool {
	return i < len(x.args) && (x.args[i].s != "" || x.args[i].quoted)
}

// str gives argument i as text, "" when absent.
func (x *call) str(i int) string {
	if i < len(x.args) {
		return x.args[i].s
	}
	return ""
}

// quoted gives argument i, which must be a string.
func (x *call) quoted(i int) (string, error) {
	if i >= len(x.args) || !x.args[i].quoted {
		return "", errSyntax
	}
	return x.args[i].s, nil
}

// int gives argument i as a number, def when it is absent or empty.
func (x *call) int(i, def int) (int, error) {
	if !x.has(i) {
		return def, nil
	}
	if x.args[i].quoted {
		return 0, errSyntax
	}
	n, ok := atoi(x.args[i].s)
	if !ok {
		return 0, errSyntax
	}
	return n, nil
}

// signed gives argument i as a number that may be negative, in [lo, hi],
// def when it is absent or empty.
func (x *call) signed(i, def, lo, hi int) (int, error) {
	if !x.has(i) {
		return def, nil
	}
	s := x.str(i)
	if x.args[i].quoted {
		return 0, errSyntax
	}
	neg := strings.HasPrefix(s, "-")
	n, ok := atoi(strings.TrimPrefix(s, "-"))
	if neg {
		n = -n
	}
	if !ok || n < lo || n > hi {
		return 0, errSyntax
	}
	return n, nil
}

// intIn gives argument i as a number in [lo, hi], def when absent.
func (x *call) intIn(i, def, lo, hi int) (int, error) {
	n, err := x.int(i, def)
	if err != nil || n < lo || n > hi {
		return 0, errSyntax
	}
	return n, nil
}

// basicInt gives the number of a basic command (ATE1), def when none.
func (x *call) basicInt(def, lo, hi int) (int, error) {
	if x.raw == "" {
		return def, nil
	}
	n, ok := atoi(x.raw)
	if !ok || n < lo || n > hi {
		return 0, errSyntax
	}
	return n, nil
}

// line adds an information response line.
func (x *call) line(s string) { x.p.out = append(x.p.out, s) }

// linef adds a formatted information response line.
func (x *call) linef(format string, a ...any) { x.line(fmt.Sprintf(format, a...)) }

// wait lets d pass with the state unlocked. A character received meanwhile
// aborts the command when its form is abortive: wait then returns errAborted.
// It returns errPowerCycle or errGone when the module is reset or the port
// closes; the handler must return those.
func (x *call) wait(d time.Duration) error {
	x.m.mu.Unlock()
	defer x.m.mu.Lock()
	x.p.flushOut()
	return x.p.wait(d, x.cmd.abortive&x.form != 0)
}

// prompt sends the "\r\n> " prompt and reads the payload up to Ctrl-Z, with
// the state unlocked. cancelled is set when ESC ended it instead.
func (x *call) prompt(text bool) (payload string, cancelled bool, err error) {
	x.m.mu.Unlock()
	defer x.m.mu.Lock()
	x.p.flushOut()
	return x.p.readPayload(text)
}

// vendor is the personality answering.
func (x *call) vendor() Vendor { return x.m.cfg.Vendor }

// ok is a handler that only answers OK.
func ok(*call) error { return nil }

// lines gives a handler that answers with fixed lines.
func lines(ls ...string) handler {
	return func(x *call) error {
		for _, l := range ls {
			x.line(l)
		}
		return nil
	}
}

// upper is strings.ToUpper for argument comparisons.
func upper(s string) string { return strings.ToUpper(s) }
