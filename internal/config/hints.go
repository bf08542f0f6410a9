package config

import (
	"fmt"
	"reflect"
	"strings"
)

// hints say what a number field expects, by path without list indices or
// by its last key.
var hints = map[string]string{
	"modem.baud":     "a baud rate such as 115200",
	"buses.rtu.baud": "a baud rate such as 9600",
	"cid":            "a PDP context id such as 1",
	"retries":        "a number of retries such as 1",
	"id":             "a device number such as 1",
	"unit":           "a Modbus unit id from 0 to 247",
	"address":        "a register address from 0 to 65535",
	"count":          "a number of registers such as 10",
	"bit":            "a bit number from 0 to 15",
	"scale":          "a number such as 0.1",
	"offset":         "a number such as -40",
	"in_flight":      "a number of messages such as 32",
	"batch":          "a number of records such as 100",
	"failures":       "a number of failures such as 3",
}

// expectation says what a field of type t at path expects.
func expectation(t reflect.Type, path string) string {
	switch t {
	case durationType, stdDurationType:
		return "a duration such as 10m, 1h30m or 500ms (or off)"
	case sizeType:
		return "a size such as 64MiB, 512KiB, 10MB or 1024"
	}
	text := reflect.PointerTo(t).Implements(textUnmarshalerType)
	if t.Kind() == reflect.String && !text {
		return "a string"
	}
	generic := stripIndices(path)
	if h, ok := hints[generic]; ok {
		return h
	}
	if h, ok := hints[generic[strings.LastIndexByte(generic, '.')+1:]]; ok {
		return h
	}
	if text {
		return "a string"
	}
	switch t.Kind() {
	case reflect.Int:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	}
	return "true or false"
}

// stripIndices turns "buses[0].rtu.baud" into "buses.rtu.baud".
func stripIndices(path string) string {
	var b strings.Builder
	skip := false
	for _, r := range path {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unknownField explains an unknown key, suggesting the nearest known one.
func unknownField(key, path string, known []string) string {
	where := "in " + path
	if path == "" {
		where = "at the top level"
	}
	msg := fmt.Sprintf("unknown field %q %s", key, where)
	if s := nearest(key, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg + "; known fields: " + strings.Join(known, ", ")
}

// nearest returns the known name closest to key, or "" if none is close.
func nearest(key string, known []string) string {
	best, bestD := "", 0
	k := strings.ToLower(key)
	for _, name := range known {
		d := distance(k, name)
		if len(name) >= 3 && len(k) >= 3 && (strings.HasPrefix(k, name) || strings.HasPrefix(name, k)) {
			d = min(d, 2)
		}
		if d <= 2 && (best == "" || d < bestD) {
			best, bestD = name, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
