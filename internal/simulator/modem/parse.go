package modem

import (
	"strconv"
	"strings"
)

// form is the syntax a command was given in (V.250 5.3 and 5.4), as a bit so
// that a command entry can name several.
type form int

const (
	formExec form = 1 << iota // AT+CMD, or a basic command such as ATE0
	formTest                  // AT+CMD=?
	formRead                  // AT+CMD?
	formSet                   // AT+CMD=<args>
)

// parsed is one command of a command line.
type parsed struct {
	name string // upper case: "+CSQ", "^HCSQ", "E", "&D", "D", "S"
	form form
	raw  string // parameter text: the arguments after '=', a basic command's number, a dial string
}

// extended command names may hold these besides letters and digits (V.250 5.4.1).
const extNameChars = "!%-./:_"

// parseLine splits the body of a command line (what follows "AT") into its
// commands. Spaces outside strings are ignored, as V.250 5.2.1 allows.
func parseLine(body string) ([]parsed, error) {
	var out []parsed
	i := 0
	for i < len(body) {
		c := body[i]
		switch {
		case c == ' ' || c == ';':
			i++
		case c == '+' || c == '^' || c == '$' || c == '%' || c == '#' || c == '*':
			j := i + 1
			for j < len(body) && (isAlnum(body[j]) || strings.IndexByte(extNameChars, body[j]) >= 0) {
				j++
			}
			if j == i+1 {
				return nil, errSyntax
			}
			p := parsed{name: strings.ToUpper(body[i:j]), form: formExec}
			rest := body[j:]
			switch {
			case strings.HasPrefix(rest, "=?"):
				p.form = formTest
				j += 2
			case strings.HasPrefix(rest, "?"):
				p.form = formRead
				j++
			case strings.HasPrefix(rest, "="):
				p.form = formSet
				end := argsEnd(body, j+1)
				p.raw = body[j+1 : end]
				j = end
			}
			out = append(out, p)
			i = j
		case c == '&':
			if i+1 >= len(body) || !isAlpha(body[i+1]) {
				return nil, errSyntax
			}
			p, j := basic("&"+strings.ToUpper(body[i+1:i+2]), body, i+2)
			if p.raw == "" && (p.name == "&C" || p.name == "&D") && j < len(body) && isAlpha(body[j]) {
				return nil, errSyntax // guide 3.4.2: AT&CA is ERROR
			}
			out = append(out, p)
			i = j
		case c == 'D' || c == 'd':
			out = append(out, parsed{name: "D", form: formExec, raw: strings.TrimSpace(body[i+1:])})
			i = len(body)
		case c == 'S' || c == 's':
			j := i + 1
			for j < len(body) && isDigit(body[j]) {
				j++
			}
			if j == i+1 {
				return nil, errSyntax
			}
			p := parsed{name: "S", raw: body[i+1 : j]}
			switch {
			case j < len(body) && body[j] == '?':
				p.form = formRead
				j++
			case j < len(body) && body[j] == '=':
				k := j + 1
				for k < len(body) && isDigit(body[k]) {
					k++
				}
				p.form = formSet
				p.raw += "=" + body[j+1:k]
				j = k
			default:
				return nil, errSyntax
			}
			out = append(out, p)
			i = j
		case isAlpha(c):
			p, j := basic(strings.ToUpper(string(c)), body, i+1)
			out = append(out, p)
			i = j
		default:
			return nil, errSyntax
		}
	}
	return out, nil
}

// basic parses the number after a basic command name (V.250 5.3.1).
func basic(name, body string, i int) (parsed, int) {
	j := i
	for j < len(body) && isDigit(body[j]) {
		j++
	}
	return parsed{name: name, form: formExec, raw: body[i:j]}, j
}

// argsEnd finds the ';' that ends an extended command's arguments, skipping
// strings.
func argsEnd(s string, i int) int {
	quoted := false
	for ; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				return i
			}
		}
	}
	return i
}

// arg is one comma-separated argument.
type arg struct {
	s      string // without quotes
	quoted bool
}

// splitArgs splits an argument list at commas outside strings.
func splitArgs(raw string) []arg {
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	var out []arg
	var cur strings.Builder
	quoted, wasQuoted := false, false
	flush := func() {
		s := cur.String()
		if !wasQuoted {
			s = strings.TrimSpace(s)
		}
		out = append(out, arg{s: s, quoted: wasQuoted})
		cur.Reset()
		wasQuoted = false
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '"':
			quoted = !quoted
			wasQuoted = true
		case c == ',' && !quoted:
			flush()
		case (c == ' ' || c == '\t') && !quoted && wasQuoted:
			// spaces around a string
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}

// atoi parses a decimal number with nothing around it.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }
