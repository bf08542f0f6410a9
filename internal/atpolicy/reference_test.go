package atpolicy

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// This file holds a second V.250 tokenizer, written apart from Parse and on
// another principle: the line is cut into strings and the rest by
// strings.Split on '"', and each command is recognised by an anchored
// regular expression. FuzzPolicyAgainstReference checks the policy's
// decisions against what this tokenizer reads.

// refCmd is a command as the reference reads it.
type refCmd struct {
	name string // "E", "&F", "S0", "D", "+CSQ"
	form string // "", "=", "?", "=?"
	args string
}

// refTokens are tried in this order at the start of what is left of the
// line (upper case, spaces outside strings removed). Go regular expressions
// prefer the leftmost alternative, so "=?" is a test form only at the end
// of a command.
var (
	refSep    = regexp.MustCompile(`^;`)
	refDial   = regexp.MustCompile(`^D(.*)$`)
	refSParam = regexp.MustCompile(`^S([0-9]+)(\?|=([0-9]*))`)
	refBasic  = regexp.MustCompile(`^(&?[A-Z])([0-9]*)`)
	refExt    = regexp.MustCompile(`^([-+^%$*#!][A-Z][A-Z0-9!%\-./:_]*)(?:(=\?)(?:;|$)|(\?)(?:;|$)|(=)((?:"[^"]*"|[^;"])*)(?:;|$)|(?:;|$))`)
	refEscape = regexp.MustCompile(`\\[0-9A-Fa-f]{2}`)
	refQuoted = regexp.MustCompile(`"[^"]*"`)
)

// refParse reads line, or says false.
func refParse(line string) ([]refCmd, bool) {
	for _, r := range line {
		if r < ' ' || r > '~' {
			return nil, false
		}
	}
	line = strings.TrimSpace(line)
	if len(line) < 2 || strings.ToUpper(line[:2]) != "AT" {
		return nil, false
	}
	parts := strings.Split(line[2:], `"`)
	if len(parts)%2 == 0 {
		return nil, false // an odd number of quotes
	}
	for i, p := range parts {
		if i%2 == 0 {
			if strings.Contains(p, `\`) {
				return nil, false
			}
			parts[i] = strings.ToUpper(strings.ReplaceAll(p, " ", ""))
		} else if strings.Contains(refEscape.ReplaceAllString(p, ""), `\`) {
			return nil, false
		}
	}
	rest := strings.Join(parts, `"`)
	var out []refCmd
	for rest != "" {
		if m := refSep.FindString(rest); m != "" {
			rest = rest[len(m):]
			continue
		}
		if m := refDial.FindStringSubmatch(rest); m != nil {
			outside := refQuoted.ReplaceAllString(m[1], "")
			if i := strings.Index(outside, ";"); i >= 0 && i < len(outside)-1 {
				return nil, false
			}
			out = append(out, refCmd{name: "D", args: m[1]})
			break
		}
		if m := refSParam.FindStringSubmatch(rest); m != nil {
			c := refCmd{name: "S" + refNumber(m[1]), form: m[2]}
			if m[2] != "?" {
				c.form, c.args = "=", m[3]
			}
			out = append(out, c)
			rest = rest[len(m[0]):]
			continue
		}
		if strings.HasPrefix(rest, "S") || strings.HasPrefix(rest, "D") {
			return nil, false
		}
		if m := refBasic.FindStringSubmatch(rest); m != nil {
			out = append(out, refCmd{name: m[1], args: refNumber(m[2])})
			rest = rest[len(m[0]):]
			continue
		}
		if m := refExt.FindStringSubmatch(rest); m != nil {
			out = append(out, refCmd{name: m[1], form: m[2] + m[3] + m[4], args: m[5]})
			rest = rest[len(m[0]):]
			continue
		}
		return nil, false
	}
	return out, true
}

func refNumber(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// refAllowed says whether one command may run under p, from the policy's
// rules as documented: a configured deny prefix refuses, a configured allow
// entry allows the command it names (and what follows it only after the
// name alone, '=' or ','), read and test forms and the listed queries are
// allowed, nothing else is. Numbers compare as a modem reads them.
func refAllowed(p *Policy, c refCmd) bool {
	key := refKey(c)
	for _, d := range p.Deny {
		if strings.HasPrefix(key, refEntry(d)) {
			return false
		}
	}
	for _, a := range p.Allow {
		e := refEntry(a)
		if key == e || strings.HasPrefix(key, e) &&
			(e == "AT"+c.name || strings.HasSuffix(e, "=") || strings.HasSuffix(e, ",")) {
			return true
		}
	}
	switch {
	case c.form == "?" || c.form == "=?":
		return true
	case c.name == "I" && len(c.args) <= 1:
		return true
	case strings.HasPrefix(c.name, "+") || strings.HasPrefix(c.name, "^"):
		for _, q := range queries {
			if key == q {
				return true
			}
		}
	}
	return false
}

var (
	refParam  = regexp.MustCompile(`("[^"]*"|[^,"]*)(,|$)`)
	refNum    = regexp.MustCompile(`^"?([0-9]+)"?$`)
	refHexEsc = regexp.MustCompile(`\\([0-9A-Fa-f]{2})`)
)

// refKey spells c as the policy compares it: upper case, no spaces, each
// parameter that is a number (quoted or not) without leading zeros and
// quotes, \hh escapes decoded but for '"' and '\'.
func refKey(c refCmd) string {
	args := c.args
	if c.form == "=" && strings.HasPrefix(c.name, "S") && !strings.ContainsAny(c.name, "+^%$*#!") {
		args = refNumber(args)
	} else if c.form == "=" {
		var ps []string
		for _, m := range refParam.FindAllStringSubmatch(args, -1) {
			v := refHexEsc.ReplaceAllStringFunc(m[1], func(e string) string {
				if b, _ := strconv.ParseUint(e[1:], 16, 8); b != '"' && b != '\\' {
					return string(rune(b))
				}
				return e
			})
			if n := refNum.FindStringSubmatch(v); n != nil && (v[0] == '"') == (v[len(v)-1] == '"') {
				v = refNumber(n[1])
			}
			ps = append(ps, v)
			if m[2] == "" {
				break
			}
		}
		args = strings.Join(ps, ",")
	}
	return strings.ToUpper(strings.ReplaceAll("AT"+c.name+c.form+args, " ", ""))
}

// refEntry is an allow or deny entry spelled as refKey spells a command,
// when the reference reads it as one command.
func refEntry(e string) string {
	if cmds, ok := refParse(e); ok && len(cmds) == 1 {
		return refKey(cmds[0])
	}
	return strings.ToUpper(strings.ReplaceAll(e, " ", ""))
}

func TestReferenceTokenizer(t *testing.T) {
	t.Parallel()
	for line, want := range map[string][]refCmd{
		"AT":                       nil,
		"ATE0V1Q0":                 {{name: "E", args: "0"}, {name: "V", args: "1"}, {name: "Q", args: "0"}},
		"ATV0+CSQ?":                {{name: "V", args: "0"}, {name: "+CSQ", form: "?"}},
		"ATS0=1;+COPS=?":           {{name: "S0", form: "=", args: "1"}, {name: "+COPS", form: "=?"}},
		`AT+CMGS="a;b";D*99#`:      {{name: "+CMGS", form: "=", args: `"a;b"`}, {name: "D", args: "*99#"}},
		`at &f + cpin = "12 34" ;`: {{name: "&F"}, {name: "+CPIN", form: "=", args: `"12 34"`}},
	} {
		got, ok := refParse(line)
		if !ok || len(got) != len(want) {
			t.Errorf("refParse(%q) = %+v, %v", line, got, ok)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("refParse(%q)[%d] = %+v, want %+v", line, i, got[i], want[i])
			}
		}
	}
	for _, line := range []string{"A/", "AT\b", "AT+CSQ?V0", "ATD1;+CFUN=0", `AT+X="\"`, "ATS0", `AT"`} {
		if got, ok := refParse(line); ok {
			t.Errorf("refParse(%q) = %+v", line, got)
		}
	}
}

// FuzzPolicyAgainstReference: a line the policy allows is one the reference
// tokenizer reads, and every command it reads is allowed on its own; where
// both tokenizers read a line they read the same commands.
func FuzzPolicyAgainstReference(f *testing.F) {
	for _, s := range []string{
		"ATV0+CSQ?", "ATZ+COPS?", "AT&F+CNMI?", "ATH+CSQ?", "ATZ+CNMI?", "ATE0+CSQ?", "ATS0=1+CSQ?",
		"ATS0?", "ATI0", "A/", "at+csq", "AT+CSQ;+COPS?", `AT+CPIN="1234"`, "AT+CPIN=?", "AT+CFUN=1,1",
		`AT+CLCK="SC",1,"1234"?`, "AT+CSQ\b\b\b\bCFUN=0?", "ATD*99#;+CSQ?", "AT+CSQ; +CFUN = 0",
		`AT+X="\";+CFUN=0;""`, `AT+CMGS="a;b"`, "AT;", ";;", "AT+CSQ\r\nAT+CFUN=0", "ATE0;+CFUN=1,1",
		"AT+CFUN=01,1", `AT+CFUN="1",1`, "ATS07=1", `AT+CGDCONT=1,"IP","em"+CFUN=0`, "AT+CFUN=1,10", `AT+QCFG="\62and",1`,
	} {
		f.Add(s)
	}
	policies := []*Policy{{}, {Allow: []string{"AT+CFUN=1,1", "ATE0", "ATS7="}, Deny: []string{"AT+COPS=?", "ATS0?"}},
		{Allow: []string{"AT+CFUN=1", "ATS1", "AT+QCFG=", "ATE"}, Deny: []string{"AT+CFUN=4", `AT+QCFG="band"`}}}
	f.Fuzz(func(t *testing.T, line string) {
		got, perr := Parse(line)
		ref, ok := refParse(line)
		if perr == nil && ok {
			if len(got) != len(ref) {
				t.Fatalf("%q: Parse reads %d commands %v, the reference %d %+v", line, len(got), got, len(ref), ref)
			}
			for i, c := range got {
				r := ref[i]
				if c.Name != r.name || c.String() != "AT"+r.name+r.form+r.args {
					t.Fatalf("%q: command %d is %q, the reference reads %+v", line, i, c, r)
				}
			}
		}
		for _, p := range policies {
			if sent, err := p.Prepare(line); err == nil {
				again, perr := Parse(sent)
				if perr != nil || !reflect.DeepEqual(again, got) || p.Check(sent) != nil {
					t.Fatalf("%q is sent as %q, read as %+v (%v), not as %+v", line, sent, again, perr, got)
				}
			}
			if p.Check(line) != nil {
				continue
			}
			if !ok {
				t.Fatalf("%q allowed by %+v, and the reference cannot read it", line, *p)
			}
			for _, r := range ref {
				if !refAllowed(p, r) {
					t.Fatalf("%q allowed by %+v, and it holds %+v", line, *p, r)
				}
			}
		}
	})
}
