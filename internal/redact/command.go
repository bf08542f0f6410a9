package redact

import "strings"

// Mask replaces every secret value.
const Mask = "***"

// atSecret is an AT command, or the response line of one, with secret
// parameters.
type atSecret struct {
	name string // with its '+' or '^', upper case
	sep  byte   // '=' for the command, ':' for its response line
	// when, if set, tells from the parameter list whether this form of
	// the command carries the secret: a subcommand, a parameter tag, the
	// instruction of an APDU.
	when func(args string) bool
	// params are the zero-based positions of the secret parameters; -1
	// means all of them.
	params []int
}

// paramIs returns a when that holds if parameter n is v, in any letter
// case.
func paramIs(n int, v string) func(string) bool {
	return func(args string) bool { return strings.EqualFold(param(args, n), v) }
}

// pinAPDU reports whether the second parameter of AT+CSIM is an APDU that
// carries a PIN or PUK (ISO 7816-4 / TS 102 221 instructions VERIFY 20,
// CHANGE 24, DISABLE 26, ENABLE 28, UNBLOCK 2C).
func pinAPDU(args string) bool {
	apdu := strings.ToUpper(param(args, 1))
	if len(apdu) < 4 {
		return false
	}
	switch apdu[2:4] {
	case "20", "24", "26", "28", "2C":
		return true
	}
	return false
}

// atSecrets lists the AT commands with PINs, PUKs, passwords or keys.
var atSecrets = []atSecret{
	{name: "+CPIN", sep: '=', params: []int{-1}},
	{name: "+CPIN2", sep: '=', params: []int{-1}},
	{name: "^CPIN", sep: '=', params: []int{-1}},
	{name: "+CLCK", sep: '=', params: []int{2}},
	{name: "+CPWD", sep: '=', params: []int{1, 2}},
	{name: "+CGAUTH", sep: '=', params: []int{3}},
	// Some modules show the password in the read response too.
	{name: "+CGAUTH", sep: ':', params: []int{3}},
	{name: "+QICSGP", sep: '=', params: []int{4}},
	// The read form AT+QICSGP=<cid> answers
	// +QICSGP: <type>,<APN>,<user>,<password>,<auth>.
	{name: "+QICSGP", sep: ':', params: []int{3}},
	{name: "^NDISDUP", sep: '=', params: []int{4}},
	{name: "^AUTHDATA", sep: '=', params: []int{3}},
	{name: "^AUTHDATA", sep: ':', params: []int{3}},
	{name: "+UAUTH", sep: '=', params: []int{3}},
	{name: "+UAUTH", sep: ':', params: []int{3}},
	// u-blox AT+UPSD=<profile>,3,<password> and its read response.
	{name: "+UPSD", sep: '=', when: paramIs(1, "3"), params: []int{2}},
	{name: "+UPSD", sep: ':', when: paramIs(1, "3"), params: []int{2}},
	// SIMCom AT+CSTT=<apn>,<user>,<password> and its read response.
	{name: "+CSTT", sep: '=', params: []int{2}},
	{name: "+CSTT", sep: ':', params: []int{2}},
	// The modules' own clients: Quectel MQTT (AT+QMTCONN=<client>,<id>,
	// <user>,<password>) and FTP (AT+QFTPCFG="account",<user>,<password>),
	// u-blox MQTT (AT+UMQTT=4,<user>,<password>), SIMCom bearer
	// (AT+SAPBR=3,<cid>,"PWD",<password>).
	{name: "+QMTCONN", sep: '=', params: []int{3}},
	{name: "+QFTPCFG", sep: '=', when: paramIs(0, "account"), params: []int{2}},
	{name: "+QFTPCFG", sep: ':', when: paramIs(0, "account"), params: []int{2}},
	{name: "+UMQTT", sep: '=', when: paramIs(0, "4"), params: []int{2}},
	{name: "+UMQTT", sep: ':', when: paramIs(0, "4"), params: []int{2}},
	{name: "+SAPBR", sep: '=', when: paramIs(2, "PWD"), params: []int{3}},
	// A PIN or PUK sent to the SIM in an APDU: AT+CSIM=<length>,<APDU>.
	{name: "+CSIM", sep: '=', when: pinAPDU, params: []int{1}},
	// CMDMP: AT+DMPCONFIG=2,<appkey>,<password>,<ifType>,<tmIMEI>, and the
	// "+DMPCONFIG: 2,..." line of its read command.
	{name: "+DMPCONFIG", sep: '=', when: paramIs(0, "2"), params: []int{1, 2}},
	{name: "+DMPCONFIG", sep: ':', when: paramIs(0, "2"), params: []int{1, 2}},
}

// secretKeySuffixes mark the keys whose values are secret, matched at the
// end of the key, case-insensitively.
var secretKeySuffixes = []string{"pwd", "passwd", "password", "pass", "pin", "puk", "secret", "key", "token"}

// Command returns s, a command line or a text that carries one, with every
// secret it recognises replaced by Mask (see the package documentation).
// Text without secrets comes back unchanged. It never panics, whatever
// bytes s holds.
func Command(s string) string {
	s = atParams(s)
	s = keyValues(s)
	return urlPasswords(s)
}

// atParams masks the secret parameters of the AT commands in s.
func atParams(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); i++ {
		if s[i] != '+' && s[i] != '^' {
			continue
		}
		for _, sec := range atSecrets {
			start := matchName(s, i, sec.name, sec.sep)
			if start < 0 {
				continue
			}
			end := paramsEnd(s, start)
			if sec.when != nil && !sec.when(s[start:end]) {
				continue
			}
			b.WriteString(s[done:start])
			b.WriteString(maskParams(s[start:end], sec.params))
			done = end
			i = end - 1
			break
		}
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// matchName reports where the parameters start when s[i:] is name (in any
// letter case, spaces allowed between its letters as V.250 ignores them)
// followed by optional spaces and sep; -1 when it is not.
func matchName(s string, i int, name string, sep byte) int {
	j := i
	for k := 0; k < len(name); k++ {
		if k > 0 {
			for j < len(s) && s[j] == ' ' {
				j++
			}
		}
		if j >= len(s) || upper(s[j]) != name[k] {
			return -1
		}
		j++
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j >= len(s) || s[j] != sep {
		return -1
	}
	return j + 1
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// paramsEnd is where the parameter list starting at s[start] ends: at the
// first ';', CR or LF outside quotes, after a closing quote that no ',' or
// ';' follows (the command ends there and text goes on, as in "refused
// AT+CLCK="SC",1,"4321": can lock the SIM"), or at the end of s.
func paramsEnd(s string, start int) int {
	inQuote := false
	for j := start; j < len(s); j++ {
		switch c := s[j]; {
		case c == '\r' || c == '\n':
			return j
		case c == '"' && inQuote:
			inQuote = false
			k := j + 1
			for k < len(s) && s[k] == ' ' {
				k++
			}
			if k < len(s) && s[k] != ',' && s[k] != ';' && s[k] != '\r' && s[k] != '\n' {
				return j + 1
			}
		case c == '"':
			inQuote = true
		case c == ';' && !inQuote:
			return j
		}
	}
	return len(s)
}

// param is parameter n (from 0) of args, without quotes and spaces; commas
// inside quotes do not separate.
func param(args string, n int) string {
	start, inQuote := 0, false
	for i := 0; i <= len(args); i++ {
		if i < len(args) && args[i] == '"' {
			inQuote = !inQuote
		}
		if i == len(args) || args[i] == ',' && !inQuote {
			if n == 0 {
				return strings.Trim(args[start:i], `" `)
			}
			n--
			start = i + 1
		}
	}
	return ""
}

// maskParams masks the listed comma-separated parameters of args, keeping
// their quotes; commas inside quotes do not separate.
func maskParams(args string, idx []int) string {
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
				b.WriteString(Mask)
				masked = true
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// keyValues masks the value of every "<key>=<value>" whose key looks
// secret, and the password of "Ftp=server:user:password:port". A value runs
// up to the next ';', CR or LF, or the end of s (a URL's query parameter,
// after '?' or '&', up to the next '&', '#', quote or blank too); spaces
// around the '=' are allowed. The values of AT commands in which atParams has masked
// secrets are left as they are.
func keyValues(s string) string {
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
		key := s[start:k]
		ftp := strings.EqualFold(key, "ftp")
		stops := ";\r\n"
		if start > 0 && (s[start-1] == '?' || s[start-1] == '&') {
			stops = "&#\" \t;\r\n" // a URL's query parameter
		}
		end := eq + 1 + strings.IndexAny(s[eq+1:], stops)
		if end == eq {
			end = len(s)
		}
		if !ftp && (!SecretKey(key) || allMasked(s[eq+1:end]) || knownAT(s, start, key) && strings.Contains(s[eq+1:end], Mask)) {
			b.WriteString(s[i : eq+1])
			i = eq + 1
			continue
		}
		b.WriteString(s[i : eq+1])
		if ftp {
			b.WriteString(ftpValue(s[eq+1 : end]))
		} else {
			b.WriteString(Mask)
		}
		i = end
	}
	if i == 0 {
		return s
	}
	b.WriteString(s[i:])
	return b.String()
}

// knownAT reports whether key, at s[start], is the name of an AT command in
// atSecrets, whose secret parameters atParams has masked one by one.
func knownAT(s string, start int, key string) bool {
	for start > 0 && s[start-1] == ' ' {
		start--
	}
	if start == 0 || s[start-1] != '+' && s[start-1] != '^' {
		return false
	}
	name := string(s[start-1]) + strings.ToUpper(key)
	for _, sec := range atSecrets {
		if sec.name == name && sec.sep == '=' {
			return true
		}
	}
	return false
}

// allMasked reports whether v holds nothing but masks, quotes, commas and
// spaces: the parameters of an AT command that atParams has masked one by
// one, such as "***","***".
func allMasked(v string) bool {
	return strings.Contains(v, Mask) && strings.Trim(strings.ReplaceAll(v, Mask, ""), `", `) == ""
}

// ftpValue masks the password of "server:user:password:port": every field
// between the user and the port, or everything after the server when the
// value has fewer fields.
func ftpValue(v string) string {
	f := strings.Split(v, ":")
	switch {
	case len(f) >= 4:
		return strings.Join([]string{f[0], f[1], Mask, f[len(f)-1]}, ":")
	case len(f) == 3:
		return strings.Join([]string{f[0], f[1], Mask}, ":")
	case len(f) == 2:
		return f[0] + ":" + Mask
	}
	return v
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
}

// SecretKey reports whether a setting or parameter named k holds a secret:
// whether its name ends in one of the secret words (pwd, password, pin,
// key, ...), in any letter case.
func SecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range secretKeySuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}

// urlPasswords masks the password in the user information of every URL in
// s: mqtt://user:pass@host becomes mqtt://user:***@host.
func urlPasswords(s string) string {
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "://")
		if j < 0 {
			break
		}
		auth := i + j + 3
		end := auth
		for end < len(s) && !strings.ContainsRune("/ \t\"\r\n", rune(s[end])) {
			end++
		}
		at := strings.LastIndexByte(s[auth:end], '@')
		colon := -1
		if at >= 0 {
			colon = strings.IndexByte(s[auth:auth+at], ':')
		}
		if colon >= 0 {
			b.WriteString(s[done : auth+colon+1])
			b.WriteString(Mask)
			done = auth + at
		}
		i = end
		if end == auth {
			i++
		}
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// Response returns a modem's answer lines with the secrets a read command
// shows (AT^AUTHDATA?, AT+QICSGP=1) masked, for answers that leave the
// router: a remote AT reply, an SMS.
func Response(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = Command(l)
	}
	return out
}
