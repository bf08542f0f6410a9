package sqlstore

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// MaxBulk is the most endpoints one create or update call may carry.
const MaxBulk = 2000

// validIMEI says whether s is an IMEI: 14 digits and their Luhn check digit.
func validIMEI(s string) bool {
	if len(s) != 15 {
		return false
	}
	sum := 0
	for i := range 15 {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		// Counting from the check digit at the right, every second digit
		// is doubled.
		if (14-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// checkEndpoint normalises an endpoint's own fields and refuses bad ones.
// References (SIM, profiles) are checked against the database later.
func checkEndpoint(e *store.Endpoint) error {
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" {
		return store.Invalid("name", "an endpoint needs a name")
	}
	if len(e.Name) > 200 {
		return store.Invalid("name", "the name is %d bytes long; the most is 200", len(e.Name))
	}
	if !e.Status.Settable() {
		return store.Invalid("status", "an endpoint's status is set to 0 (Enabled) or 1 (Disabled), not %d", int(e.Status))
	}
	e.IMEI = strings.TrimSpace(e.IMEI)
	if e.IMEI != "" && !validIMEI(e.IMEI) {
		return store.Invalid("imei", "%q is not an IMEI: it takes 15 digits, the last being the Luhn check digit of the others", e.IMEI)
	}
	if e.IMEILock && e.IMEI == "" {
		return store.Invalid("imei_lock", "the IMEI lock needs an IMEI to lock to")
	}
	e.IPAddress = strings.TrimSpace(e.IPAddress)
	if e.IPAddress != "" {
		if _, err := netip.ParseAddr(e.IPAddress); err != nil {
			return store.Invalid("ip_address", "%q is not an IP address", e.IPAddress)
		}
	}
	if e.ServiceProfileID <= 0 {
		return store.Invalid("service_profile", "an endpoint needs a service profile")
	}
	if e.TariffProfileID <= 0 {
		return store.Invalid("tariff_profile", "an endpoint needs a tariff profile")
	}
	if e.SIMID < 0 {
		return store.Invalid("sim", "%d is not a SIM id", e.SIMID)
	}
	return nil
}

// nth says which of n items of a bulk call err is about, keeping its kind,
// code and field.
func nth(err error, what string, i, n int) error {
	if err == nil || n <= 1 {
		return err
	}
	if e, ok := store.AsError(err); ok {
		c := *e
		c.Msg = fmt.Sprintf("%s %d of %d: %s", what, i+1, n, e.Msg)
		return &c
	}
	return fmt.Errorf("%s %d of %d: %w", what, i+1, n, err)
}

// nullID is an optional reference as stored: NULL for none.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
