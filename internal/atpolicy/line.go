package atpolicy

import (
	"strings"

	"github.com/cellgate/cellgate/internal/redact"
)

// standAlone are the commands that must be alone on their line: the AT
// engine gives them a longer timeout (a network scan, sending a message)
// or lets a later command abort them (dialling, a call, a socket), and it
// recognises them only at the start of a line. Behind another command
// they would run under the default timeout, and the engine would give up
// on a modem that is still busy.
var standAlone = []string{
	"AT+COPS=?", "AT+CMGS", "AT+CMSS", "ATD", "ATA", "AT+CLCK", "AT+CLCC", "AT+CLIP",
	"AT^IPINIT", "AT^IPOPEN", "AT^IPSEND", "AT^IPCLOSE", "AT^EMSEND", "AT^HTTPCMD", "AT^FTPCMD",
	"AT^SSLO", "AT^SSLTX", "AT^SSLRX",
}

func standsAlone(c Command) bool {
	k := c.key()
	for _, s := range standAlone {
		if strings.HasPrefix(k, s) {
			return true
		}
	}
	return false
}

// Prepare checks line as Check does and returns the line to send: the
// commands as they were judged, in upper case outside strings, without
// spaces, and with a basic command's number without leading zeros
// ("at + cops = ?" is sent as "AT+COPS=?"). The modem then runs exactly
// what was judged, and the AT engine, which picks a command's timeout by
// the start of its line, recognises it. A command of standAlone is refused
// on a line with others.
func (p *Policy) Prepare(line string) (string, error) {
	cmds, err := p.check(line)
	if err != nil {
		return "", err
	}
	if len(cmds) > 1 {
		for _, c := range cmds {
			if standsAlone(c) {
				return "", &RefusedError{Command: line, Reason: redact.Command(c.String()) + ": takes long or may be aborted: send it alone on its line"}
			}
		}
	}
	return join(cmds), nil
}

// join writes cmds as one command line: "AT", then each command without
// its "AT", an extended command ended by ';' when another follows.
func join(cmds []Command) string {
	var b strings.Builder
	b.WriteString("AT")
	for i, c := range cmds {
		if i > 0 && cmds[i-1].Kind == Extended {
			b.WriteByte(';')
		}
		b.WriteString(strings.TrimPrefix(c.String(), "AT"))
	}
	return b.String()
}
