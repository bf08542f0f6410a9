package gsm

import (
	"strconv"
	"strings"
)

// field is one parameter of a response line.
type field struct {
	s      string // the text, without quotes and surrounding blanks
	quoted bool   // the modem sent it in double quotes
}

// raw is the parameter as the modem wrote it, for error messages.
func (f field) raw() string {
	if f.quoted {
		return `"` + f.s + `"`
	}
	return f.s
}

// parser carries a line's prefix and text so that every error names them.
type parser struct {
	prefix string
	line   string
}

// open checks that line starts with prefix and a colon (the prefix in any
// letter case, blanks before the colon allowed) and splits its parameters.
func open(line, prefix string) (*parser, []field, error) {
	p := &parser{prefix: prefix, line: strings.TrimSpace(line)}
	body, ok := cutPrefix(p.line, prefix)
	if !ok {
		return p, nil, p.fail("not a " + prefix + " line")
	}
	fs, err := p.split(body)
	return p, fs, err
}

// cutPrefix returns what follows "prefix:" in s.
func cutPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimLeft(s[len(prefix):], " \t")
	if !strings.HasPrefix(rest, ":") {
		return "", false
	}
	return strings.TrimSpace(rest[1:]), true
}

// split cuts body at the commas outside double quotes. An empty body is no
// parameters at all.
func (p *parser) split(body string) ([]field, error) {
	if body == "" {
		return nil, nil
	}
	var out []field
	i := 0
	for {
		for i < len(body) && isBlank(body[i]) {
			i++
		}
		if i < len(body) && body[i] == '"' {
			j := strings.IndexByte(body[i+1:], '"')
			if j < 0 {
				return nil, p.fail("unterminated string")
			}
			out = append(out, field{s: body[i+1 : i+1+j], quoted: true})
			i += j + 2
			for i < len(body) && isBlank(body[i]) {
				i++
			}
			if i == len(body) {
				return out, nil
			}
			if body[i] != ',' {
				return nil, p.fail("text after a closing quote")
			}
			i++
			continue
		}
		j := strings.IndexByte(body[i:], ',')
		end := len(body)
		if j >= 0 {
			end = i + j
		}
		s := strings.TrimSpace(body[i:end])
		if strings.IndexByte(s, '"') >= 0 {
			return nil, p.fail("stray quote")
		}
		out = append(out, field{s: s})
		if j < 0 {
			return out, nil
		}
		i = end + 1
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// fail is an error about the line as a whole.
func (p *parser) fail(reason string) error {
	return &ParseError{Prefix: p.prefix, Reason: reason, Line: p.line}
}

// bad is an error about one parameter.
func (p *parser) bad(name string, f field, reason string) error {
	return &ParseError{Prefix: p.prefix, Field: name, Value: f.raw(), Reason: reason, Line: p.line}
}

// count checks the number of parameters.
func (p *parser) count(fs []field, lo, hi int) error {
	switch {
	case len(fs) < lo:
		return p.fail("too few parameters")
	case len(fs) > hi:
		return p.fail("too many parameters")
	}
	return nil
}

// atoi parses a decimal integer, allowing a leading minus sign; documents
// (not modems) often print the minus as an en dash or a minus sign, which
// are accepted too.
func atoi(s string) (int, bool) {
	for _, dash := range []string{"\u2013", "\u2212"} {
		if strings.HasPrefix(s, dash) {
			s = "-" + s[len(dash):]
		}
	}
	if s == "" || len(s) > 12 {
		return 0, false
	}
	start := 0
	if s[0] == '-' {
		start = 1
	}
	if start == len(s) {
		return 0, false
	}
	for i := start; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// int parses a mandatory integer in [lo, hi].
func (p *parser) int(f field, name string, lo, hi int) (int, error) {
	n, ok := atoi(f.s)
	if !ok {
		return 0, p.bad(name, f, "")
	}
	if n < lo || n > hi {
		return 0, p.bad(name, f, "out of range "+strconv.Itoa(lo)+".."+strconv.Itoa(hi))
	}
	return n, nil
}

// optInt parses an optional integer in [lo, hi]; absent is -1.
func (p *parser) optInt(f field, name string, lo, hi int) (int, error) {
	if f.s == "" {
		return -1, nil
	}
	return p.int(f, name, lo, hi)
}

// hex parses an optional hexadecimal string of at most max digits (an "0x"
// prefix is dropped) and returns it in upper case; absent is "".
func (p *parser) hex(f field, name string, max int) (string, error) {
	s := f.s
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		s = s[2:]
	}
	if len(s) > max {
		return "", p.bad(name, f, "more than "+strconv.Itoa(max)+" hex digits")
	}
	if !isHex(s) {
		return "", p.bad(name, f, "not hexadecimal")
	}
	return strings.ToUpper(s), nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// bits parses an optional string of exactly n binary digits; absent is "".
func (p *parser) bits(f field, name string, n int) (string, error) {
	if f.s == "" {
		return "", nil
	}
	if !isBits(f.s, n) {
		return "", p.bad(name, f, "want "+strconv.Itoa(n)+" binary digits")
	}
	return f.s, nil
}

func isBits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '0' && s[i] != '1' {
			return false
		}
	}
	return true
}

// digits reports whether s is n..m decimal digits.
func digits(s string, n, m int) bool {
	if len(s) < n || len(s) > m {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// fl returns a pointer to v, for the optional measurements of Signal.
func fl(v float64) *float64 { return &v }

// openResponse is open, but also accepts the set command the response
// answers, "AT<prefix>=<parameters>", reporting set = true. Documents
// (and logs with echo) show the timers in that form.
func openResponse(line, prefix string) (p *parser, fs []field, set bool, err error) {
	t := strings.TrimSpace(line)
	cmd := "AT" + prefix + "="
	if len(t) >= len(cmd) && strings.EqualFold(t[:len(cmd)], cmd) {
		p = &parser{prefix: prefix, line: t}
		fs, err = p.split(strings.TrimSpace(t[len(cmd):]))
		return p, fs, true, err
	}
	p, fs, err = open(line, prefix)
	return p, fs, false, err
}
