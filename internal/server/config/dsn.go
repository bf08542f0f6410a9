package config

import (
	"errors"
	"net/url"
	"strings"

	"github.com/cellgate/cellgate/internal/redact"
)

// errDSN says what a PostgreSQL connection string looks like. The string
// itself is never quoted: it may hold a password.
var errDSN = errors.New("not a PostgreSQL connection string; expected a URL such as postgres://USER:PASSWORD@HOST:5432/DATABASE or key=value pairs such as \"host=HOST dbname=DATABASE\"")

// isURLDSN reports whether s is a connection URL rather than key=value
// pairs.
func isURLDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// checkDSN checks the form of a PostgreSQL connection string, without
// naming any part of it in the error.
func checkDSN(s string) error {
	if isURLDSN(s) {
		if _, err := url.Parse(s); err != nil {
			return errDSN
		}
		return nil
	}
	pairs, ok := keyValues(s)
	if !ok || len(pairs) == 0 {
		return errDSN
	}
	return nil
}

// RedactDSN is a PostgreSQL connection string fit to show: the password
// of a URL's user information, and every parameter whose name speaks of a
// secret (password, sslpassword, ...), are "***". A string it cannot read
// is "***" as a whole.
func RedactDSN(s string) string {
	if s == "" {
		return ""
	}
	if isURLDSN(s) {
		return redactURL(s)
	}
	pairs, ok := keyValues(s)
	if !ok {
		return redact.Mask
	}
	out := make([]string, len(pairs))
	for i, p := range pairs {
		if redact.SecretKey(p[0]) {
			p[1] = redact.Mask
		} else {
			p[1] = quoteValue(p[1])
		}
		out[i] = p[0] + "=" + p[1]
	}
	return strings.Join(out, " ")
}

// redactURL masks the password and the secret query parameters of a
// connection URL.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return redact.Mask
	}
	var b strings.Builder
	b.WriteString(u.Scheme + "://")
	if u.User != nil {
		b.WriteString(url.User(u.User.Username()).String())
		if _, ok := u.User.Password(); ok {
			b.WriteString(":" + redact.Mask)
		}
		b.WriteString("@")
	}
	b.WriteString(u.Host)
	b.WriteString(u.EscapedPath())
	if u.RawQuery != "" {
		params := strings.Split(u.RawQuery, "&")
		for i, p := range params {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err != nil || redact.SecretKey(name) {
				params[i] = k + "=" + redact.Mask
			}
		}
		b.WriteString("?" + strings.Join(params, "&"))
	}
	return b.String()
}

// keyValues splits "host=h dbname='my db' password=x" into its pairs, the
// values unquoted (single quotes, backslash escapes). ok is false when s
// is not of that form.
func keyValues(s string) (pairs [][2]string, ok bool) {
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return pairs, true
		}
		eq := strings.IndexByte(s[i:], '=')
		if eq <= 0 {
			return nil, false
		}
		key := strings.TrimRight(s[i:i+eq], " \t\r\n")
		if !isKey(key) {
			return nil, false
		}
		i += eq + 1
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		var v strings.Builder
		quoted := i < len(s) && s[i] == '\''
		if quoted {
			i++
		}
		for ; i < len(s); i++ {
			c := s[i]
			if c == '\\' && i+1 < len(s) {
				i++
				v.WriteByte(s[i])
				continue
			}
			if quoted && c == '\'' || !quoted && isSpace(c) {
				break
			}
			v.WriteByte(c)
		}
		if quoted {
			if i == len(s) {
				return nil, false // unterminated quote
			}
			i++
		}
		pairs = append(pairs, [2]string{key, v.String()})
	}
}

// isKey reports whether k is a parameter name: letters, digits and '_'.
func isKey(k string) bool {
	for _, c := range []byte(k) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return k != ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// quoteValue writes a key=value value so that keyValues reads it back.
func quoteValue(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\r\n'\\") {
		return v
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}
