package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration such as "10m", "1h30m" or "500ms"; "off"
// and "0" are 0. Negative durations and bare numbers are errors.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "off", "0":
		return 0, nil
	}
	const want = "expected a duration such as 10m, 1h30m or 500ms (or off)"
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return 0, fmt.Errorf("%q has no unit; %s", s, want)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; %s", s, want)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative; %s", s, want)
	}
	return Duration(d), nil
}

// UnmarshalText reads d as ParseDuration does.
func (d *Duration) UnmarshalText(text []byte) error {
	x, err := ParseDuration(string(text))
	if err != nil {
		return err
	}
	*d = x
	return nil
}

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String writes d as it would be configured: "10m", "1h30m", "500ms".
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// MarshalText writes d as String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// sizeUnits are the suffixes ParseSize accepts, in lower case.
var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"kb": 1000, "mb": 1000 * 1000, "gb": 1000 * 1000 * 1000, "tb": 1000 * 1000 * 1000 * 1000,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// ParseSize reads a byte count such as "64MiB", "512KiB", "1GiB", "10MB"
// or "1024".
func ParseSize(s string) (Size, error) {
	const want = "expected a size such as 64MiB, 512KiB, 10MB or 1024"
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	unit, ok := sizeUnits[strings.ToLower(strings.TrimSpace(t[i:]))]
	if i == 0 || !ok {
		return 0, fmt.Errorf("%q is not a size; %s", s, want)
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	if err != nil || n > math.MaxInt64/unit {
		return 0, fmt.Errorf("%q is too large; %s", s, want)
	}
	return Size(n * unit), nil
}

// UnmarshalText reads s as ParseSize does.
func (s *Size) UnmarshalText(text []byte) error {
	x, err := ParseSize(string(text))
	if err != nil {
		return err
	}
	*s = x
	return nil
}

// Bytes returns s as a number of bytes.
func (s Size) Bytes() int64 { return int64(s) }

// String writes s in the largest unit that divides it: "64MiB", "10MB",
// "1000".
func (s Size) String() string {
	for _, u := range []struct {
		name string
		n    int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}} {
		if s != 0 && int64(s)%u.n == 0 {
			return strconv.FormatInt(int64(s)/u.n, 10) + u.name
		}
	}
	return strconv.FormatInt(int64(s), 10)
}

// MarshalText writes s as String does.
func (s Size) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s.Value != "" }

// Reveal returns the secret's value, for the one place that needs it.
func (s Secret) Reveal() string { return s.Value }

// String returns "***" for a secret that is set and "" otherwise, so that
// a secret never reaches a log.
func (s Secret) String() string {
	if s.IsSet() {
		return "***"
	}
	return ""
}

// GoString is String, for %#v.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// Format prints String for every verb, so that no verb (%x, %d, %+v of a
// struct holding it) shows the value.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' || f.Flag('#') {
		fmt.Fprint(f, strconv.Quote(s.String()))
		return
	}
	fmt.Fprint(f, s.String())
}

// MarshalJSON writes "***" for a secret that is set and "" otherwise.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// MarshalText writes "***" for a secret that is set and "" otherwise.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue keeps the secret out of structured logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
