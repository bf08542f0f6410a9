//go:build integration

package modem_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// Debian's gammu, an AT client written by others, against the simulator on
// its pty: if gammu can identify the module, list its messages and send one,
// the simulator speaks AT as modems do.

func gammu(t *testing.T) string {
	t.Helper()
	return testkit.Program(t, "gammu", "apt-get install gammu")
}

// gammuSim starts a simulator and writes a gammurc pointing at its pty.
func gammuSim(t *testing.T, cfg modem.Config) (*modem.Modem, string) {
	t.Helper()
	cfg.BootDelay = time.Millisecond
	cfg.RegistrationDelay = 10 * time.Millisecond
	sim, link := rig.StartModemSim(t, cfg)
	if cfg.PIN == "" {
		testkit.Eventually(t, "the simulator to register", func() bool { return sim.Registration() == 1 })
	}
	rc := filepath.Join(filepath.Dir(link), "gammurc")
	conf := "[gammu]\ndevice = " + link + "\nconnection = at\n"
	if err := os.WriteFile(rc, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	return sim, rc
}

func runGammu(t *testing.T, rc string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, gammu(t), append([]string{"-c", rc}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gammu %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestGammuIdentify(t *testing.T) {
	t.Parallel()
	for _, v := range modem.Vendors() {
		t.Run(string(v), func(t *testing.T) {
			sim, rc := gammuSim(t, modem.Config{Vendor: v, IMEI: "865261010004010"})
			out := runGammu(t, rc, "--identify")
			for _, want := range []string{"865261010004010", sim.Model(), "262011234567890"} {
				if !strings.Contains(out, want) {
					t.Errorf("gammu --identify lacks %q:\n%s", want, out)
				}
			}
			maker := map[modem.Vendor]string{modem.Huawei: "Huawei", modem.Quectel: "Quectel", modem.UBlox: "u-blox", modem.QuectelNB: "Quectel"}[v]
			if !strings.Contains(out, maker) {
				t.Errorf("manufacturer %q missing:\n%s", maker, out)
			}
		})
	}
}

func TestGammuGetAllSMS(t *testing.T) {
	t.Parallel()
	sim, rc := gammuSim(t, modem.Config{})
	if _, err := sim.InjectSMS("+491701234567", "apn=em;usr=;pwd=;"); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.InjectSMS("+8613312345678", "短消息"); err != nil { // guide 9.2.1's UCS2 text
		t.Fatal(err)
	}
	out := runGammu(t, rc, "getallsms")
	for _, want := range []string{"+491701234567", "apn=em;usr=;pwd=;", "+8613312345678", "短消息", "2 SMS parts in 2 SMS sequences"} {
		if !strings.Contains(out, want) {
			t.Errorf("gammu getallsms lacks %q:\n%s", want, out)
		}
	}
}

func TestGammuSendSMS(t *testing.T) {
	t.Parallel()
	sim, rc := gammuSim(t, modem.Config{})
	out := runGammu(t, rc, "sendsms", "TEXT", "+491701234567", "-text", "hello from gammu [€]")
	if !strings.Contains(out, "OK, message reference=") {
		t.Errorf("gammu sendsms:\n%s", out)
	}
	sent := sim.Sent()
	if len(sent) != 1 || sent[0].To != "+491701234567" || sent[0].Text != "hello from gammu [€]" {
		t.Fatalf("simulator saw %+v", sent)
	}
}

func TestGammuEntersPIN(t *testing.T) {
	t.Parallel()
	sim, rc := gammuSim(t, modem.Config{PIN: "1234"})
	if out := runGammu(t, rc, "getsecuritystatus"); !strings.Contains(out, "PIN") {
		t.Errorf("getsecuritystatus:\n%s", out)
	}
	runGammu(t, rc, "entersecuritycode", "PIN", "1234")
	if st := sim.Status(); st.SIM != "READY" {
		t.Errorf("SIM %s after gammu entered the PIN", st.SIM)
	}
}
