package atpolicy

import (
	"strconv"
	"strings"
)

// key is the command as the policy compares it: its String in upper case
// without spaces, with every number spelled as a modem reads it. A
// parameter's leading zeros go (AT+CFUN=04 is AT+CFUN=4), a string of
// digits loses its quotes too (AT+CFUN="4" is AT+CFUN=4: some modules take
// either), and a string's \hh escapes are decoded (V.250 5.4.2.2), except
// those of '"' and '\', which would change where the string ends.
func (c Command) key() string {
	switch {
	case c.Kind == SParam && c.Form == Set:
		c.Args = number(c.Args)
	case c.Kind == Extended && c.Form == Set:
		ps, err := params(c.Args)
		if err != nil {
			break // Parse refused it already
		}
		for i, p := range ps {
			ps[i] = normalParam(p)
		}
		c.Args = strings.Join(ps, ",")
	}
	return matchKey(c.String())
}

// normalParam is one parameter with its number or string spelled as key
// says.
func normalParam(p string) string {
	if len(p) >= 2 && p[0] == '"' {
		p = unescape(p[1 : len(p)-1])
		if p == "" || !allDigits(p) {
			return `"` + p + `"`
		}
	}
	if p != "" && allDigits(p) {
		return number(p)
	}
	return p
}

// unescape decodes the \hh escapes of a string's content but those of '"'
// and '\'.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil && v != '"' && v != '\\' {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// entryKey is a configured allow or deny entry as compared with a key: read
// as a command when it is one, so that its numbers are spelled the same
// way, or else as it stands.
func entryKey(e string) string {
	if cmds, err := Parse(e); err == nil && len(cmds) == 1 {
		return cmds[0].key()
	}
	return matchKey(e)
}

// allows reports whether the allow entry e (an entryKey) covers the
// command c with key k. An entry names a whole command: it covers the
// command it spells, and the longer commands only where it stops at a
// boundary the operator chose: after the name alone (AT+CFUN, ATE, ATS0:
// every form), or after '=' or ',' (AT+CGDCONT=, AT+CFUN=1,: the
// parameters that follow). AT+CFUN=1 does not cover AT+CFUN=1,1 nor
// AT+CFUN=10, ATS1 does not cover ATS10, and AT+CM covers nothing.
func allows(e string, c Command, k string) bool {
	if k == e {
		return true
	}
	if e == "" || !strings.HasPrefix(k, e) {
		return false
	}
	return e == "AT"+c.Name || strings.HasSuffix(e, "=") || strings.HasSuffix(e, ",")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
