package modem

import (
	"strings"
	"testing"

	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// The configured PDP user and password reach the module with every driver:
// AT+CGAUTH (27.007) for the generic and NB-IoT drivers, AT+UAUTH for
// u-blox, AT+QICSGP for Quectel, AT^NDISDUP for Huawei. The AT trace shows
// the user, never the password.
func TestPDPCredentialsReachTheModuleWithEveryDriver(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		vendor simmodem.Vendor
		driver string
		auth   int
	}{
		{"generic", simmodem.Quectel, "generic", 2},
		{"ublox", simmodem.UBlox, "", 3},
		{"quectel-nb", simmodem.QuectelNB, "", 2},
		{"quectel", simmodem.Quectel, "", 3},
		{"huawei", simmodem.Huawei, "", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var trace testkit.Buffer
			ecfg := fastEngine
			ecfg.Trace = &trace
			r := newRig(t, simmodem.Config{Vendor: tc.vendor}, Config{Driver: tc.driver, APN: "fleet.corp", User: "fleet", Password: "s3cretPW"}, ecfg)
			testkit.Eventually(t, "the credentials to reach the module", func() bool {
				_, u, p, _ := r.sim.PDPAuth(1)
				return u == "fleet" && p == "s3cretPW"
			})
			if a, _, _, _ := r.sim.PDPAuth(1); a != tc.auth {
				t.Errorf("authentication type %d; want %d", a, tc.auth)
			}
			if strings.Contains(trace.String(), "s3cretPW") {
				t.Errorf("the AT trace shows the PDP password:\n%s", trace.String())
			}
		})
	}
}

// A password without a user cannot be sent by any driver (27.007 and the
// vendors' commands key authentication on the user): refused, not dropped.
func TestPasswordWithoutUserIsRefused(t *testing.T) {
	t.Parallel()
	err := Config{APN: "fleet.corp", Password: "s3cretPW"}.Check()
	if err == nil || !strings.Contains(err.Error(), "user") || strings.Contains(err.Error(), "s3cretPW") {
		t.Errorf("Check() = %v; want an error naming the user, without the password", err)
	}
}

// Every driver has a way to send the credentials.
func TestEveryDriverCarriesCredentials(t *testing.T) {
	t.Parallel()
	for _, d := range drivers {
		vendor, auth, err := d.apnCommands(1, "IP", "fleet.corp", "fleet", "pw")
		cmds := append(vendor, auth...)
		if err != nil {
			t.Errorf("%s: %v", d.Name, err)
			continue
		}
		if d.Data != DataNDIS && !strings.Contains(strings.Join(cmds, "\n"), `"pw"`) {
			t.Errorf("%s sends no credentials: %q", d.Name, cmds)
		}
	}
}

// A password left without a user at run time (a setting changed by SMS) is
// refused at bring-up by every driver, never dropped.
func TestBringUpRefusesPasswordWithoutUser(t *testing.T) {
	t.Parallel()
	for _, d := range drivers {
		_, _, err := d.apnCommands(1, "IP", "fleet.corp", "", "s3cretPW")
		if err == nil || !strings.Contains(err.Error(), "modem.user") || !strings.Contains(err.Error(), d.Name) || strings.Contains(err.Error(), "s3cretPW") {
			t.Errorf("%s: %v; want an error naming modem.user and the driver", d.Name, err)
		}
	}
}
