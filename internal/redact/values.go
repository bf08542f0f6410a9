package redact

import (
	"encoding/base64"
	"slices"
	"strings"
)

// minValue is the shortest secret Values masks: a shorter one would mask
// ordinary text (a "1" header value would mask every digit 1).
const minValue = 4

// Values returns s with every occurrence of each of the given secret
// values replaced by Mask: the secrets cellgate knows and a text may quote
// without a key or command to recognise them by, such as the console
// password, or an HTTPS header's token that a server repeats in its error.
// Values shorter than four characters are left alone.
func Values(s string, secrets ...string) string {
	secrets = slices.Clone(secrets)
	// Longest first, so that a secret containing another is masked whole.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, v := range secrets {
		if len(v) >= minValue {
			s = strings.ReplaceAll(s, v, Mask)
		}
	}
	return s
}

// Credentials gives the secrets in an HTTP header value for Values: the
// whole value and, after an authentication scheme ("Bearer TOKEN",
// "Basic BASE64"), the credentials alone, which a server may quote
// without the scheme; for Basic also the password decoded.
func Credentials(headerValue string) []string {
	v := strings.TrimSpace(headerValue)
	out := []string{v}
	scheme, cred, ok := strings.Cut(v, " ")
	if !ok {
		return out
	}
	cred = strings.TrimSpace(cred)
	out = append(out, cred)
	if strings.EqualFold(scheme, "Basic") {
		if b, err := base64.StdEncoding.DecodeString(cred); err == nil {
			if _, pw, ok := strings.Cut(string(b), ":"); ok {
				out = append(out, pw)
			}
		}
	}
	return out
}
