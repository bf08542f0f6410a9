package modem

import (
	"fmt"
	"slices"

	"github.com/cellgate/cellgate/internal/atparam"
)

// Check reports the first value of c that cannot go into its AT command by
// the rules of package atparam; the error names the field, never a secret's
// value. The manager would refuse such a value at bring-up; Check lets a
// caller refuse it before anything starts.
func (c Config) Check() error {
	for _, v := range []struct {
		name, value string
		rule        func(string) string
		secret      bool
	}{
		{"APN", c.APN, atparam.APN, false},
		{"user", c.User, atparam.Credential, false},
		{"password", c.Password, atparam.Credential, true},
		{"PIN", c.PIN, atparam.PIN, true},
		{"operator", c.Operator, atparam.PLMN, false},
	} {
		if v.value == "" {
			continue
		}
		if p := v.rule(v.value); p != "" {
			if v.secret {
				return fmt.Errorf("modem: %s: %s", v.name, p)
			}
			return fmt.Errorf("modem: %s %q: %s", v.name, v.value, p)
		}
	}
	if c.Password != "" && c.User == "" {
		return fmt.Errorf("modem: password without user: no module takes a PDP password alone; set the user too")
	}
	for _, p := range c.Blacklist {
		if atparam.PLMN(p) != "" {
			return fmt.Errorf("modem: blacklisted PLMN %q: %s", p, atparam.PLMN(p))
		}
	}
	if c.PDPType != "" && !slices.Contains([]string{"IP", "IPV6", "IPV4V6"}, c.PDPType) {
		return fmt.Errorf("modem: PDP type %q: expected IP, IPV6 or IPV4V6", c.PDPType)
	}
	return nil
}
