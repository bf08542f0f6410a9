package config

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	gwconfig "github.com/cellgate/cellgate/internal/config"
)

// Rate is at most N requests in any window of Per, written "N/PERIOD":
// "20/s", "100/1m", "5/10s"; the zero Rate, written "off", does not limit.
type Rate struct {
	N   int
	Per time.Duration
}

// ParseRate reads a Rate: "N/PERIOD" where PERIOD is a duration ("1m",
// "10s") or a bare unit ("s", "m", "h") meaning one of it; or "off".
func ParseRate(s string) (Rate, error) {
	t := strings.TrimSpace(s)
	if strings.EqualFold(t, "off") {
		return Rate{}, nil
	}
	count, period, ok := strings.Cut(t, "/")
	period = strings.TrimSpace(period)
	if period != "" && unicode.IsLetter(rune(period[0])) {
		period = "1" + period
	}
	n, per, err := gwconfig.ParseRate(count + "/" + period)
	if !ok || err != nil {
		return Rate{}, fmt.Errorf("%q is not a rate; expected N/PERIOD with N and PERIOD above 0, such as 20/s or 100/1m (or off)", s)
	}
	return Rate{N: n, Per: per}, nil
}

// IsZero reports whether r does not limit.
func (r Rate) IsZero() bool { return r.N == 0 }

// PerSecond is r in requests a second; 0 for the zero Rate.
func (r Rate) PerSecond() float64 {
	if r.IsZero() || r.Per <= 0 {
		return 0
	}
	return float64(r.N) / r.Per.Seconds()
}

// String writes r as ParseRate reads it: "20/s", "100/1m30s", "off".
func (r Rate) String() string {
	if r.IsZero() {
		return "off"
	}
	per := Duration(r.Per).String()
	switch r.Per {
	case time.Second, time.Minute, time.Hour:
		per = per[1:]
	}
	return fmt.Sprintf("%d/%s", r.N, per)
}

// UnmarshalText reads r as ParseRate does.
func (r *Rate) UnmarshalText(text []byte) error {
	x, err := ParseRate(string(text))
	if err != nil {
		return err
	}
	*r = x
	return nil
}

// MarshalText writes r as String does.
func (r Rate) MarshalText() ([]byte, error) { return []byte(r.String()), nil }
