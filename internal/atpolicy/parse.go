package atpolicy

import (
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/redact"
)

// Kind is the syntax family of one command of a command line (V.250 5.3
// and 5.4).
type Kind int

const (
	// Basic is a letter, or '&' and a letter, with an optional number:
	// ATE0, ATH, AT&F, AT&D2; and the dial command ATD..., which takes the
	// rest of the line.
	Basic Kind = iota + 1
	// SParam reads or sets an S-parameter: ATS0?, ATS0=1.
	SParam
	// Extended is a prefix character (+, or a vendor's ^ % $ * # !) and a
	// name: AT+CSQ, AT^SYSINFOEX, AT%XSYSTEMMODE=1.
	Extended
)

// Form is how a command is invoked.
type Form int

const (
	// Action executes: ATE0, ATD*99#, AT+CSQ.
	Action Form = iota + 1
	// Set assigns: ATS0=1, AT+CFUN=0.
	Set
	// Read asks for the current value: ATS0?, AT+CFUN?.
	Read
	// Test asks for the supported values: AT+CFUN=?.
	Test
)

// Command is one command of a command line.
type Command struct {
	Kind Kind
	// Name is in upper case: "E", "&F", "D", "S0", "+CSQ", "^SYSINFO".
	Name string
	Form Form
	// Args is a basic command's number without leading zeros ("" when
	// absent), an S-parameter's new value, an extended command's text
	// after '=', or the dial string; spaces outside strings removed.
	Args string
}

// String is the command on its own line: "ATE0", "ATS0=1", "AT+COPS=?".
func (c Command) String() string {
	s := "AT" + c.Name
	switch c.Form {
	case Set:
		return s + "=" + c.Args
	case Read:
		return s + "?"
	case Test:
		return s + "=?"
	}
	return s + c.Args
}

// extPrefixes start an extended command name: '+' (V.250 5.4.1) and the
// characters modules use for their own commands (Huawei ^, Nordic %,
// Qualcomm $, Telit #, SIMCom *, Sierra !).
const extPrefixes = "+^%$*#!"

// extNameChars may follow the first letter of an extended command name
// besides letters and digits. V.250 5.4.1 allows '!' and '%' too, but they
// start Sierra and Nordic commands: a module may read AT+CSQ%XRESET as two
// commands, so such a name is refused.
const extNameChars = "-./:_"

// Parse splits a command line into its commands as a V.250 modem would
// read it: "AT" or "at", then basic commands one after the other, S-
// parameters, and extended commands separated by ';'. Spaces outside
// strings are ignored (V.250 5.2.1) and letters are upper-cased outside
// strings. "AT" alone yields no command.
//
// It refuses what it cannot be sure how a modem would read: control
// characters (backspace edits the line in the modem, S5), bytes outside
// ASCII (a modem may strip the eighth bit), "A/" (repeats whatever ran
// last), an unterminated string, a backslash outside a string or not
// followed by two hex digits (V.250 5.4.2.2; some modules read \" as a
// quote), a ';' inside a dial string before its end, and anything else
// outside the grammar.
func Parse(line string) ([]Command, error) {
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\b':
			return nil, fmt.Errorf("backspace at byte %d (the modem would edit the line)", i)
		case c < 0x20 || c == 0x7f:
			return nil, fmt.Errorf("control character 0x%02X at byte %d", c, i)
		case c > 0x7f:
			return nil, fmt.Errorf("byte 0x%02X at %d is not ASCII", c, i)
		}
	}
	line = strings.Trim(line, " ")
	if strings.EqualFold(line, "A/") {
		return nil, fmt.Errorf("A/ repeats the previous command line, whatever it was")
	}
	if len(line) < 2 || !strings.EqualFold(line[:2], "AT") {
		return nil, fmt.Errorf("not an AT command")
	}
	body, err := squeeze(line[2:])
	if err != nil {
		return nil, err
	}
	var out []Command
	for i := 0; i < len(body); {
		c := body[i]
		var cmd Command
		switch {
		case c == ';':
			i++
			continue
		case strings.IndexByte(extPrefixes, c) >= 0:
			cmd, i, err = extended(body, i)
		case c == '&':
			if i+1 >= len(body) || !isLetter(body[i+1]) {
				return nil, fmt.Errorf("'&' without a letter at %q", clip(body[i:]))
			}
			cmd, i = basic("&"+string(body[i+1]), body, i+2)
		case c == 'D':
			cmd, i, err = dial(body, i+1)
		case c == 'S':
			cmd, i, err = sParam(body, i+1)
		case isLetter(c):
			cmd, i = basic(string(c), body, i+1)
		default:
			return nil, fmt.Errorf("no command starts with %q", clip(body[i:]))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, cmd)
	}
	return out, nil
}

// squeeze removes the spaces outside strings and upper-cases the letters
// outside strings; it refuses an unterminated string and a backslash that
// is not V.250's \hh escape.
func squeeze(s string) (string, error) {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\\':
			if !quoted {
				return "", fmt.Errorf("backslash outside a string at %q", clip(s[i:]))
			}
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", fmt.Errorf("backslash in a string not followed by two hex digits")
			}
		case c == ' ' && !quoted:
			continue
		case !quoted && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
	}
	if quoted {
		return "", fmt.Errorf("unterminated string")
	}
	return b.String(), nil
}

// basic reads the number after a basic command's name at s[i:].
func basic(name, s string, i int) (Command, int) {
	j := digits(s, i)
	return Command{Kind: Basic, Name: name, Form: Action, Args: number(s[i:j])}, j
}

// dial reads a dial string (V.250 6.3.1): the rest of the line. A ';' may
// end it (stay in command state); commands after it are not parsed.
func dial(s string, i int) (Command, int, error) {
	rest := s[i:]
	quoted := false
	for k := 0; k < len(rest); k++ {
		switch rest[k] {
		case '"':
			quoted = !quoted
		case ';':
			if !quoted && k != len(rest)-1 {
				return Command{}, 0, fmt.Errorf("commands after the dial string %q", clip(rest))
			}
		}
	}
	return Command{Kind: Basic, Name: "D", Form: Action, Args: rest}, len(s), nil
}

// sParam reads "S<n>?" or "S<n>=[<value>]" after the S at s[i:].
func sParam(s string, i int) (Command, int, error) {
	j := digits(s, i)
	if j == i {
		return Command{}, 0, fmt.Errorf("S without a parameter number at %q", clip(s[i-1:]))
	}
	name := "S" + number(s[i:j])
	switch {
	case j < len(s) && s[j] == '?':
		return Command{Kind: SParam, Name: name, Form: Read}, j + 1, nil
	case j < len(s) && s[j] == '=':
		k := digits(s, j+1)
		return Command{Kind: SParam, Name: name, Form: Set, Args: s[j+1 : k]}, k, nil
	}
	return Command{}, 0, fmt.Errorf("%s neither read (?) nor set (=)", name)
}

// extended reads an extended command at s[i:]: its prefix, its name, and
// one of "=?", "?", "=<args>" or nothing, then the end or ';'.
func extended(s string, i int) (Command, int, error) {
	j := i + 1
	if j >= len(s) || !isLetter(s[j]) {
		return Command{}, 0, fmt.Errorf("%q does not start with a letter", clip(s[i:]))
	}
	for j < len(s) && (isLetter(s[j]) || isDigit(s[j]) || strings.IndexByte(extNameChars, s[j]) >= 0) {
		j++
	}
	cmd := Command{Kind: Extended, Name: s[i:j], Form: Action}
	rest := s[j:]
	switch {
	case strings.HasPrefix(rest, "=?") && (len(rest) == 2 || rest[2] == ';'):
		cmd.Form, j = Test, j+2
	case strings.HasPrefix(rest, "?"):
		cmd.Form, j = Read, j+1
	case strings.HasPrefix(rest, "="):
		k := j + 1
		for quoted := false; k < len(s) && (quoted || s[k] != ';'); k++ {
			if s[k] == '"' {
				quoted = !quoted
			}
		}
		cmd.Form, cmd.Args, j = Set, s[j+1:k], k
		if _, err := params(cmd.Args); err != nil {
			return Command{}, 0, fmt.Errorf("AT%s: %v", cmd.Name, err)
		}
	}
	if j < len(s) && s[j] != ';' {
		return Command{}, 0, fmt.Errorf("%s followed by %q without ';'", cmd, clip(s[j:]))
	}
	return cmd, j, nil
}

// paramChars may stand in a parameter outside a string besides letters
// and digits: numbers, hexadecimal masks, IP addresses and the like. What
// else a module might read as the start of another command (+ ^ & $ ? =).
const paramChars = "-./:_"

// params splits an extended command's parameters at the commas outside
// strings. Each is empty, one string ("..."), or letters, digits and
// paramChars; anything else is refused, so that nothing in the parameters
// can be read as a further command.
func params(args string) ([]string, error) {
	var out []string
	start, quoted := 0, false
	for k := 0; k <= len(args); k++ {
		if k < len(args) && (quoted || args[k] != ',') {
			if args[k] == '"' {
				quoted = !quoted
			}
			continue
		}
		p := args[start:k]
		start = k + 1
		if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' && strings.Count(p, `"`) == 2 {
			out = append(out, p)
			continue
		}
		for i := 0; i < len(p); i++ {
			if c := p[i]; !isLetter(c) && !isDigit(c) && strings.IndexByte(paramChars, c) < 0 {
				return nil, fmt.Errorf("parameter %d holds %q outside a string", len(out)+1, c)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// number drops a number's leading zeros: V.250 reads "E00" as "E0".
func number(s string) string {
	if t := strings.TrimLeft(s, "0"); t != "" || s == "" {
		return t
	}
	return "0"
}

func digits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// clip shortens text quoted in an error, and masks its strings: a PIN may
// stand in them.
func clip(s string) string {
	s = maskStrings(s)
	if len(s) > 20 {
		return s[:20] + "..."
	}
	return s
}

// maskStrings replaces the content of every string in s, an unterminated
// one included, by redact.Mask.
func maskStrings(s string) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			if quoted {
				b.WriteString(redact.Mask)
			}
			quoted = !quoted
			b.WriteByte('"')
		case !quoted:
			b.WriteByte(s[i])
		}
	}
	if quoted {
		b.WriteString(redact.Mask)
	}
	return b.String()
}

func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || 'A' <= c && c <= 'F' || 'a' <= c && c <= 'f' }
