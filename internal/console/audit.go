package console

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AuditEntry records one request, accepted or refused.
type AuditEntry struct {
	Time time.Time
	// From is the sender in E.164 form when it is a number.
	From string
	// Command is the command as received, without the password word and
	// with every secret value (pwd=, *.password=, *.pin=, ...) replaced
	// by "***". A one-word message that is not a command is left out, as
	// it may be a mistyped password.
	Command string
	// Accepted is true when the sender was authenticated and the command
	// was valid and run; Result then says how it went.
	Accepted bool
	// Result is the reply sent, or why the request was refused.
	Result string
}

// Masked replaces secret values in replies and audit entries.
const Masked = "***"

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

// clean redacts secrets and makes s safe to print on one log line.
func (a *auditor) clean(s string) string {
	s = a.scrub(Redact(s))
	s = a.scrub(printable(s, len(s)))
	return printable(s, maxAuditField)
}

// scrub masks every occurrence of the console password.
func (a *auditor) scrub(s string) string {
	if a.secret == "" {
		return s
	}
	return strings.ReplaceAll(s, a.secret, Masked)
}

// secretKeySuffixes mark the keys whose values are secret, matched at the
// end of the key, case-insensitively: "pwd", "modem.password",
// "modem.pin", and AT commands such as +CPIN= and +CPWD=.
var secretKeySuffixes = []string{"pwd", "passwd", "password", "pass", "pin", "puk", "secret", "key", "token"}

// Redact replaces the value of every "<key>=<value>" in s whose key looks
// secret with Masked. A value runs up to the next ';' or the end of s;
// spaces around the '=' are allowed.
func Redact(s string) string {
	var b strings.Builder
	i := 0
	for i < len(s) {
		eq := strings.IndexByte(s[i:], '=')
		if eq < 0 {
			break
		}
		eq += i
		k := eq
		for k > i && s[k-1] == ' ' {
			k--
		}
		start := k
		for start > i && isKeyByte(s[start-1]) {
			start--
		}
		if !isSecretKey(s[start:k]) {
			b.WriteString(s[i : eq+1])
			i = eq + 1
			continue
		}
		end := strings.IndexByte(s[eq+1:], ';')
		if end < 0 {
			end = len(s)
		} else {
			end += eq + 1
		}
		b.WriteString(s[i : eq+1])
		b.WriteString(Masked)
		i = end
	}
	b.WriteString(s[i:])
	return b.String()
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
}

func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range secretKeySuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}

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
