package modem

import (
	"strings"
	"testing"
	"time"

	"fmt"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
)

// waitLastError waits for the manager to report an error containing want.
func (r *rig) waitLastError(t *testing.T, want string, within time.Duration) string {
	t.Helper()
	r.waitStatus(t, within, fmt.Sprintf("an error with %q", want), func(st Status) bool { return strings.Contains(st.LastError, want) })
	return r.m.Status().LastError
}

func TestBlacklistFallbackNeverRoamsWithRoamingDisabled(t *testing.T) {
	t.Parallel()
	// The home network 26201 is blacklisted; the others the scan finds
	// (26202, 26203) are visited networks. With roaming off none of them
	// may be chosen: the manager says so and does not select one.
	r := newRig(t, simmodem.Config{ScanDuration: 300 * time.Millisecond}, Config{APN: "em", Blacklist: []string{"26201"}}, fastEngine)
	ev := r.waitEvent(t, EventOperator, 20*time.Second)
	t.Logf("%s", ev.Detail)
	e := r.waitLastError(t, "roaming is disabled", 20*time.Second)
	t.Logf("%s", e)
	for _, c := range r.sim.Commands() {
		if strings.HasPrefix(c, "AT+COPS=1,2,") {
			t.Errorf("selected a visited network with roaming disabled: %s", c)
		}
	}
	if st := r.m.Status(); st.State == StateOnline || st.Registration.Roaming {
		t.Errorf("status %s, registration %+v", st.State, st.Registration)
	}
}

func TestManualVisitedOperatorRefusedWithRoamingDisabled(t *testing.T) {
	t.Parallel()
	// 26202 is not the SIM's home (IMSI 26201...): with roaming off the
	// manager does not select it and stays with automatic selection.
	r := newRig(t, simmodem.Config{}, Config{APN: "em", Operator: "26202"}, fastEngine)
	ev := r.waitEvent(t, EventOperator, 20*time.Second)
	t.Logf("%s", ev.Detail)
	if !strings.Contains(ev.Detail, "roaming is disabled") {
		t.Errorf("event %q", ev.Detail)
	}
	r.waitState(t, StateOnline, 20*time.Second)
	if st := r.m.Status().Registration; st.Manual || st.PLMN != "26201" || st.Roaming {
		t.Errorf("registration %+v", st)
	}
	if contains(r.sim.Commands(), `AT+COPS=1,2,"26202"`) {
		t.Error("selected the visited network 26202 with roaming disabled")
	}
}

func TestManualHomeOperatorSelectedWithRoamingDisabled(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em", Operator: "26201"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	if st := r.m.Status().Registration; !st.Manual || st.PLMN != "26201" {
		t.Errorf("registration %+v", st)
	}
}

func TestHuaweiRoamingSwitch(t *testing.T) {
	t.Parallel()
	// ^SYSCFG=<mode>,<acqorder>,<band>,<roam>,<srvdomain>: 16, 3,
	// 40000000 and 4 leave mode, order, band and domain as they are.
	if huawei.Roaming == nil {
		t.Fatal("the Huawei driver has no roaming switch")
	}
	if got := huawei.Roaming(false); len(got) != 1 || got[0] != "AT^SYSCFG=16,3,40000000,0,4" {
		t.Errorf("roaming off: %q", got)
	}
	if got := huawei.Roaming(true); len(got) != 1 || got[0] != "AT^SYSCFG=16,3,40000000,1,4" {
		t.Errorf("roaming on: %q", got)
	}
}

func TestHuaweiOperatorFallbackStaysHomeWithRoamingDisabled(t *testing.T) {
	t.Parallel()
	// The configured home network 26201 becomes forbidden (reject cause
	// #11 puts it in EF FPLMN). Its manual selection then fails and the
	// manager falls back to automatic selection, in which the module would
	// turn to a visited network; with roaming off (^SYSCFG <roam> 0) it
	// must not.
	r := newRig(t, simmodem.Config{}, Config{APN: "em", Operator: "26201", RegistrationTimeout: time.Second}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	r.sim.Deny(11)
	r.sim.SetRegistration(1) // the network relents; EF FPLMN still forbids 26201
	for {
		ev := r.waitEvent(t, EventOperator, 20*time.Second)
		t.Logf("%s", ev.Detail)
		if strings.Contains(ev.Detail, "automatic selection") {
			break
		}
	}
	r.waitLastError(t, "not registered after", 20*time.Second)
	if st := r.m.Status(); st.State == StateOnline || st.Registration.Roaming || st.Registration.Stat.Registered() {
		t.Errorf("state %s, registration %+v", st.State, st.Registration)
	}
	if !contains(r.sim.Commands(), "AT^SYSCFG=16,3,40000000,0,4") {
		t.Error("roaming was not switched off in the module")
	}
}
