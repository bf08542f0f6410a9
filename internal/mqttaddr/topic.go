package mqttaddr

import (
	"fmt"
	"strings"
)

// Defaults of the wire contract.
const (
	DefaultLoggerTopic = "[IMEI]/logger"
	DefaultStatusTopic = "[IMEI]/status"
	DefaultEventsTopic = "[IMEI]/events"
	DefaultATTopic     = "[IMEI]/AT"
	DefaultATRTopic    = "[IMEI]/ATR"
	DefaultInFlight    = 32
)

// Expand replaces every [NAME] in tmpl with fields[NAME] (names are matched
// case-insensitively). An unknown name is an error, so a typo in a topic is
// caught at start-up rather than publishing to "[IMIE]/logger".
func Expand(tmpl string, fields map[string]string) (string, error) {
	var b strings.Builder
	rest := tmpl
	for {
		i := strings.IndexByte(rest, '[')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		j := strings.IndexByte(rest[i:], ']')
		if j < 0 {
			return "", fmt.Errorf("topic %q: unclosed [", tmpl)
		}
		name := strings.ToUpper(rest[i+1 : i+j])
		v, ok := fields[name]
		if !ok {
			return "", fmt.Errorf("topic %q: unknown field [%s]", tmpl, name)
		}
		if v == "" {
			return "", fmt.Errorf("topic %q: field [%s] is empty", tmpl, name)
		}
		b.WriteString(rest[:i])
		b.WriteString(v)
		rest = rest[i+j+1:]
	}
	return b.String(), nil
}

// CheckTopic validates a topic to publish to or, with filter, to
// subscribe to.
func CheckTopic(t string, filter bool) error {
	switch {
	case t == "":
		return fmt.Errorf("empty topic")
	case len(t) > 65535:
		return fmt.Errorf("topic too long")
	case strings.ContainsRune(t, 0):
		return fmt.Errorf("topic %q contains NUL", t)
	case !filter && strings.ContainsAny(t, "+#"):
		return fmt.Errorf("topic %q: wildcards are not allowed in a topic to publish to", t)
	}
	return nil
}
