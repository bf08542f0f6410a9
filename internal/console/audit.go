package console

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cellgate/cellgate/internal/atpolicy"
	"github.com/cellgate/cellgate/internal/redact"
)

// AuditEntry records one request, accepted or refused.
type AuditEntry struct {
	Time time.Time
	// From is the sender in E.164 form when it is a number.
	From string
	// Command is the command as received, without the password word and
	// with every secret (pwd=, *.password=, *.pin=, the PINs of AT
	// commands, Ftp= passwords: see redact.Command) replaced by "***". A one-word message that is not a command is left out, as
	// it may be a mistyped password.
	Command string
	// Accepted is true when the sender was authenticated and the command
	// was valid and run; Result then says how it went.
	Accepted bool
	// Result is the reply sent, or why the request was refused.
	Result string
}

// Masked replaces secret values in replies and audit entries.
const Masked = redact.Mask

// maxAuditField caps the command and result kept in an audit entry.
const maxAuditField = 200

// auditor builds and emits the entry of one request.
type auditor struct {
	c      *Console
	e      AuditEntry
	secret string // the console password, scrubbed from every field
}

func (a *auditor) refuse(command, why string) {
	a.e.Accepted = false
	a.log(command, why)
}

func (a *auditor) log(command, result string) {
	if a.c.cfg.Audit == nil {
		return
	}
	a.e.Command = a.clean(command)
	a.e.Result = a.clean(result)
	a.c.cfg.Audit(a.e)
}

// clean redacts secrets (redact.Command, atpolicy.Mask for an "at"
// command, and the console password) and
// makes s safe to print on one log line.
func (a *auditor) clean(s string) string {
	if w, rest, ok := strings.Cut(s, " "); ok && strings.EqualFold(w, "at") {
		// atpolicy.Mask masks every string of an AT command it cannot
		// parse, where redact.Command would not find the PIN.
		s = w + " " + atpolicy.Mask(strings.TrimSpace(rest))
	}
	s = a.scrub(redact.Command(s))
	s = a.scrub(printable(s, len(s)))
	return printable(s, maxAuditField)
}

// scrub masks every occurrence of the console password (redact.Values).
func (a *auditor) scrub(s string) string { return redact.Values(s, a.secret) }

// isSecretKey reports whether the setting k holds a secret.
func isSecretKey(k string) bool { return redact.SecretKey(k) }

// printable replaces control characters and invalid UTF-8 with '?' and cuts
// s to max runes.
func printable(s string, max int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if n == max {
			b.WriteString("...")
			break
		}
		if r == utf8.RuneError && size <= 1 || r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			r = '?'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
