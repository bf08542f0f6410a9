package at

import "strings"

// secretParams lists, per command (upper case, with its "="), the zero-based
// parameter positions that hold a PIN, PUK or password. -1 means all.
var secretParams = map[string][]int{
	"+CPIN=":     {-1},
	"+CPIN2=":    {-1},
	"^CPIN=":     {-1},
	"+CLCK=":     {2},
	"+CPWD=":     {1, 2},
	"+CGAUTH=":   {3},
	"+QICSGP=":   {4},
	"^NDISDUP=":  {4},
	"^AUTHDATA=": {3},
	"+UAUTH=":    {3},
	// CMDMP keys: AT+DMPCONFIG=2,<appkey>,<password>,<ifType>,<tmIMEI>
	"+DMPCONFIG=2,": {1},
}

// Redact returns an AT command line with its secrets replaced by "****", for
// traces and logs: AT+CPIN="1234" becomes AT+CPIN="****". Lines that are not
// AT commands, or have no secrets, come back unchanged.
func Redact(line string) string {
	if len(line) < 2 || !hasPrefixFold(line, "AT") {
		return line
	}
	for i := 2; i < len(line); i++ {
		for name, idx := range secretParams {
			if !hasPrefixFold(line[i:], name) {
				continue
			}
			start := i + len(name)
			end := len(line)
			if j := strings.IndexByte(line[start:], ';'); j >= 0 {
				end = start + j
			}
			masked := redactParams(line[start:end], idx)
			line = line[:start] + masked + line[end:]
			i = start + len(masked) - 1
			break
		}
	}
	return line
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case only, so that
// indices stay byte positions of s whatever bytes it holds.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		a, b := s[i], prefix[i]
		if 'a' <= a && a <= 'z' {
			a -= 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// redactParams masks the listed comma-separated parameters of args; commas
// inside quotes do not separate.
func redactParams(args string, idx []int) string {
	secret := func(n int) bool {
		for _, i := range idx {
			if i == -1 || i == n {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	n, inQuote, masked := 0, false, false
	for i := 0; i < len(args); i++ {
		c := args[i]
		switch {
		case c == '"':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == ',' && !inQuote:
			n++
			masked = false
			b.WriteByte(c)
		case secret(n) && (c != ' ' || inQuote):
			if !masked {
				b.WriteString("****")
				masked = true
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
