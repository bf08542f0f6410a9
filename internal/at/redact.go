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
}

// Redact returns an AT command line with its secrets replaced by "****", for
// traces and logs: AT+CPIN="1234" becomes AT+CPIN="****". Lines that are not
// AT commands, or have no secrets, come back unchanged.
func Redact(line string) string {
	if len(line) < 2 || !strings.EqualFold(line[:2], "AT") {
		return line
	}
	upper := strings.ToUpper(line)
	for name, idx := range secretParams {
		i := strings.Index(upper, name)
		if i < 0 {
			continue
		}
		start := i + len(name)
		end := len(line)
		if j := strings.IndexByte(line[start:], ';'); j >= 0 {
			end = start + j
		}
		line = line[:start] + redactParams(line[start:end], idx) + line[end:]
		upper = strings.ToUpper(line)
	}
	return line
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
