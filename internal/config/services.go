package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/atparam"
	"github.com/cellgate/cellgate/internal/sms"
)

// DefaultRate is remote_at.rate when none is given.
const DefaultRate = "10/1m"

// RateLimit reads remote_at.rate as ParseRate does, "" being DefaultRate.
func RateLimit(rate string) (n int, per time.Duration, err error) {
	if rate == "" {
		rate = DefaultRate
	}
	return ParseRate(rate)
}

// ParseRate reads a rate limit "N/PERIOD" such as "10/1m": at most n
// commands in any window of per.
func ParseRate(s string) (n int, per time.Duration, err error) {
	count, period, ok := strings.Cut(s, "/")
	n, err1 := strconv.Atoi(strings.TrimSpace(count))
	per, err2 := time.ParseDuration(strings.TrimSpace(period))
	if !ok || err1 != nil || err2 != nil || n < 1 || per <= 0 {
		return 0, 0, fmt.Errorf("%q is not a rate; expected N/PERIOD with N and PERIOD above 0, such as 10/1m", s)
	}
	return n, per, nil
}

func (k *checker) sms(c *Config) {
	s := c.SMS
	if s.Enabled && !c.Modem.ModemEnabled() {
		k.errorf("sms.enabled", "SMS needs the modem; expected modem.enabled: true (or sms.enabled: false)")
	}
	k.oneOf("sms.storage", s.Storage, "SM", "ME", "MT")
	if s.SMSC != "" {
		if p := atparam.ServiceCentre(s.SMSC); p != "" {
			k.errorf("sms.smsc", "%q is %s", s.SMSC, p)
		}
	}
	const p = "sms.console"
	if pw := s.Console.Password.Value; pw != "" {
		if len(pw) < 4 {
			k.errorf(p+".password", "too short; expected at least 4 characters")
		} else if strings.ContainsAny(pw, " \t\r\n") {
			k.errorf(p+".password", "contains a blank; expected one word (a message is \"PASSWORD COMMAND\")")
		}
	}
	cc := s.Console.DefaultCountry
	if cc != "" && (len(cc) > 3 || strings.Trim(cc, "0123456789") != "" || cc[0] == '0') {
		k.errorf(p+".default_country", "%q is not a country code; expected 1 to 3 digits such as 49", s.Console.DefaultCountry)
	}
	for i, n := range s.Console.Allowed {
		if _, ok := sms.Normalize(n, cc); !ok {
			k.errorf(fmt.Sprintf("%s.allowed[%d]", p, i), "%q is not a usable phone number; expected an international number such as +491701234567 (or a national one with default_country)", n)
		}
	}
}
