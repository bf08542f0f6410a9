package modem

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/gsm"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

func mustReg(t *testing.T, line string) gsm.Registration {
	t.Helper()
	r, err := gsm.ParseRegistration(line)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCEREGOffEUTRANIsNotRegistration(t *testing.T) {
	t.Parallel()
	// A +CEREG that says registered on UTRAN (AcT 2) is no LTE
	// registration: the packet domain report of +CGREG stands.
	m := New(nil, Config{Logger: slog.New(slog.DiscardHandler)})
	ok := m.applyRegistration(
		mustReg(t, `+CEREG: 2,1,"D8C5","0E72A5F",2`),
		mustReg(t, `+CGREG: 2,1,"D8C5","0E72A5F",2`),
		mustReg(t, `+CREG: 2,1,"D8C5","0E72A5F",2`))
	if st := m.Status().Registration; !ok || st.Domain != "CGREG" || st.RAT != "UTRAN" {
		t.Errorf("registered %v, registration %+v", ok, st)
	}
	// Alone, it does not register the module at all.
	m = New(nil, Config{Logger: slog.New(slog.DiscardHandler)})
	if m.applyRegistration(mustReg(t, `+CEREG: 1,"D8C5","0E72A5F",0`)) {
		t.Errorf("a +CEREG on GSM counted as registration: %+v", m.Status().Registration)
	}
	// EC-GSM-IoT (8) is GERAN, not E-UTRAN.
	if m.applyRegistration(mustReg(t, `+CEREG: 1,"D8C5","0E72A5F",8`)) {
		t.Errorf("a +CEREG on EC-GSM-IoT counted as registration: %+v", m.Status().Registration)
	}
	// On E-UTRAN (7), NB-IoT (9) or without an AcT it counts.
	for _, l := range []string{`+CEREG: 1,"D8C5","0E72A5F",7`, `+CEREG: 1,"D8C5","0E72A5F",9`, `+CEREG: 0,1`} {
		m = New(nil, Config{Logger: slog.New(slog.DiscardHandler)})
		if !m.applyRegistration(mustReg(t, l)) || m.Status().Registration.Domain != "CEREG" {
			t.Errorf("%s: registration %+v", l, m.Status().Registration)
		}
	}
}

func TestCEREGIgnoredOnModuleWithoutLTE(t *testing.T) {
	t.Parallel()
	m := New(nil, Config{Logger: slog.New(slog.DiscardHandler)})
	m.setLTE(false)
	if m.applyRegistration(mustReg(t, `+CEREG: 1,"D8C5","0E72A5F",7`)) {
		t.Errorf("a +CEREG counted on a module without LTE: %+v", m.Status().Registration)
	}
}

func TestHuaweiMU709IsNeverPolledForCEREG(t *testing.T) {
	t.Parallel()
	// The MU709 has no E-UTRAN: after its ERROR to +CEREG the manager
	// stops asking, and never reports an LTE registration.
	r := newRig(t, simmodem.Config{}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	count := func(cmd string) int {
		n := 0
		for _, c := range r.sim.Commands() {
			if c == cmd {
				n++
			}
		}
		return n
	}
	// Let upkeep poll the registration a few times.
	start := count("AT+CGREG?")
	testkit.Eventually(t, "upkeep to poll the registration", func() bool { return count("AT+CGREG?") >= start+3 })
	// Nor do the tools ask it.
	_, _ = r.m.PowerSaving(context.Background())
	if n := count("AT+CEREG?"); n > 1 {
		t.Errorf("AT+CEREG? sent %d times to a module without LTE", n)
	}
	if st := r.m.Status().Registration; st.Domain == "CEREG" || strings.Contains(st.RAT, "E-UTRAN") {
		t.Errorf("registration %+v", st)
	}
}
