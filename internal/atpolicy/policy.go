// Package atpolicy decides which AT commands may reach the modem from a
// remote operator (an SMS console command, an AT request over MQTT).
//
// A router in a remote place must not be bricked or locked by one command
// typed in a hurry. A command line is parsed as a V.250 modem reads it
// (Parse) and every command in it is judged on its own: ATV0+CSQ? is two
// commands, and ATV0 is refused whatever follows it. By default only
// queries are allowed: read (AT+CSQ?, ATS0?) and test (AT+COPS=?) forms,
// ATI and ATI0..ATI9, and a list of harmless execute commands (AT+CSQ,
// AT+CGSN, ...). Commands that can lock a SIM, silence the radio, change
// the serial line or the result codes, wipe settings or load firmware are
// refused unless the configuration allows them explicitly.
// Everything else that changes state is refused too unless allowed. A line
// the parser cannot read is refused. Prepare returns the line to send: the
// commands as they were judged, so that the modem runs what was judged. A
// Limiter bounds how many commands a source may send per minute.
package atpolicy

import (
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/redact"
)

// RefusedError says why a command was refused.
type RefusedError struct {
	Command string
	Reason  string
	// malformed: the line could not be parsed, so neither can its secrets
	// be found; Error masks all its strings.
	malformed bool
}

// Error names the command with its PINs and passwords masked: the error
// goes into replies and logs. The strings of a line that could not be
// parsed are all masked.
func (e *RefusedError) Error() string {
	cmd := redact.Command(e.Command)
	if e.malformed {
		cmd = maskStrings(e.Command)
	}
	return fmt.Sprintf("refused %s: %s", cmd, e.Reason)
}

// Policy is a set of rules; the zero value is the default policy.
//
// Allow and Deny entries name one command as it would stand alone on a
// line ("AT+CFUN=1,1", "ATE0", "ATS0=", "AT+CGDCONT="), compared without
// spaces, regardless of case, and with numbers as a modem reads them
// (AT+CFUN=04 and AT+CFUN="4" are AT+CFUN=4). A command of a line such as
// ATE0;+CFUN=1,1 is matched as ATE0 and as AT+CFUN=1,1, so an entry that
// names several commands ("ATE0V1") matches none.
//
// An allow entry covers the command it spells, and longer ones only where
// it stops at a boundary: after the name alone (AT+CGACT, ATE, ATS0: every
// form of that command) or after '=' or ',' (AT+CGDCONT=, AT+CFUN=1,: any
// parameters that follow). AT+CFUN=1 does not allow AT+CFUN=1,1 (a reset),
// AT+QICSGP=1 (read context 1) does not allow writing it, ATS1 does not
// allow ATS10, and AT+CM allows nothing. A deny entry is a prefix:
// AT+CFUN=0 refuses AT+CFUN=0,1 too.
type Policy struct {
	// Allow lists commands allowed on top of the queries, including
	// dangerous ones ("AT+CFUN=1,1" to allow a modem reset).
	Allow []string
	// Deny lists further prefixes to refuse even if they are queries.
	Deny []string
}

// queries are execute and set commands that only read.
var queries = []string{
	"AT+GMI", "AT+GMM", "AT+GMR", "AT+GSN", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CGSN",
	"AT+CIMI", "AT+CCID", "AT+QCCID", "AT+NCCID", "AT+CNUM", "AT+CSQ", "AT+CESQ", "AT+QCSQ", "AT+CPAS",
	"AT+CEER", "AT+CGPADDR", "AT+CGCONTRDP", "AT+CEDRXRDP", "AT^MONSC", "AT^MONNC", "AT^SYSINFOEX",
	"AT^SYSINFO", `AT+QENG="SERVINGCELL"`, `AT+QENG="NEIGHBOURCELL"`,
}

// dangerous are refused with their reason unless allowed explicitly: SIM
// locks and PINs, radio off, serial line, factory reset, firmware, writes
// to the SIM. Their read and test forms are queries.
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

// basicWhy says what the basic commands a remote operator might try do to
// the gateway's link with the modem.
var basicWhy = map[string]string{
	"A":  "answers a call",
	"D":  "dials",
	"E":  "changes the command echo the gateway expects",
	"H":  "hangs up: drops the data call",
	"O":  "returns to the online data state",
	"Q":  "silences the result codes: the gateway no longer hears the modem",
	"V":  "changes the result code format: the gateway no longer understands the modem",
	"X":  "changes the result codes",
	"&C": "changes the serial line's DCD signal",
	"&D": "changes what the serial line's DTR signal does",
	"&W": "writes the settings to the modem's profile",
}

// Mask is line with its PINs and passwords masked (redact.Command), for
// replies, events and logs. A line Parse cannot read has every string
// masked: where its secrets stand cannot be told.
func Mask(line string) string {
	if _, err := Parse(line); err != nil {
		return redact.Command(maskStrings(line))
	}
	return redact.Command(line)
}

// Check decides whether line may be sent. Every command of the line is
// judged on its own; a line that cannot be parsed is refused.
func (p *Policy) Check(line string) error {
	_, err := p.check(line)
	return err
}

// check is Check returning the commands of an allowed line.
func (p *Policy) check(line string) ([]Command, error) {
	cmds, err := Parse(line)
	if err != nil {
		return nil, &RefusedError{Command: line, Reason: err.Error(), malformed: true}
	}
	for _, c := range cmds {
		if why := p.judge(c); why != "" {
			if len(cmds) > 1 {
				why = redact.Command(c.String()) + ": " + why
			}
			return nil, &RefusedError{Command: line, Reason: why}
		}
	}
	return cmds, nil
}

// judge says why one command is refused, or "" when it is allowed.
func (p *Policy) judge(c Command) string {
	k := c.key()
	for _, d := range p.Deny {
		if strings.HasPrefix(k, entryKey(d)) {
			return "denied by configuration"
		}
	}
	for _, a := range p.Allow {
		if allows(entryKey(a), c, k) {
			return ""
		}
	}
	if c.Form == Read || c.Form == Test {
		return "" // read and test forms only read
	}
	for _, d := range dangerous {
		if strings.HasPrefix(k, d.prefix) {
			return d.why
		}
	}
	switch c.Kind {
	case Basic:
		if c.Name == "I" && len(c.Args) <= 1 {
			return "" // ATI, ATI0..ATI9: identification
		}
		if why, ok := basicWhy[c.Name]; ok {
			return why
		}
	case SParam:
		return "changes an S-parameter (line ending, editing or timing)"
	case Extended:
		for _, q := range queries {
			if k == q {
				return ""
			}
		}
	}
	return "changes the modem's state; allow it in the remote AT policy"
}

// matchKey is a command or a configured prefix as compared: upper case,
// without spaces.
func matchKey(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) }
