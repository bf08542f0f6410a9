package modem

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fmt"
	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/gsm"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// Each fault test ends in a clear reported state or in recovery, and logs
// the time it took (go test -v -run Fault ./internal/modem).

func TestFaultWrongPINStopsAndNeverRetries(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{PIN: "1234"}, Config{PIN: "0000"}, fastEngine)
	took := r.waitState(t, StateSIMError, 10*time.Second)
	t.Logf("wrong PIN reported as %s in %v", StateSIMError, took)
	st := r.m.Status()
	if st.PINLeft != 2 || !strings.Contains(st.LastError, "rejected") {
		t.Errorf("PIN left %d, error %q", st.PINLeft, st.LastError)
	}
	// A restart makes the manager look again, but it never spends another
	// try on a PIN the SIM has rejected.
	r.sim.Reset()
	r.waitEvent(t, EventRestarted, 10*time.Second)
	r.waitEvent(t, EventSIMError, 10*time.Second) // it looked again and stopped
	if left := r.sim.Status().PINLeft; left != 2 {
		t.Errorf("the manager spent PIN tries: %d left", left)
	}
}

func TestFaultLastPINTryIsNeverSpent(t *testing.T) {
	t.Parallel()
	sim := simmodem.New(simmodem.Config{PIN: "1234", BootDelay: time.Millisecond})
	// Two wrong tries by someone else: one left.
	ctx := context.Background()
	link := t.TempDir() + "/m"
	if err := sim.Start(ctx, link); err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	e := at.New(at.SerialOpener(link, at.SerialConfig{}), fastEngine)
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	testkit.Eventually(t, "the simulated modem to boot", func() bool { return sim.Status().Booted })
	for range 2 {
		e.Command(ctx, `AT+CPIN="9999"`)
	}
	m := New(e, fastManager(Config{PIN: "1234"}))
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- m.Run(rctx) }()
	defer func() { cancel(); <-done }()
	testkit.Eventually(t, fmt.Sprintf("state %s", StateSIMError), func() bool { return m.Status().State == StateSIMError })
	if st := m.Status(); st.PINLeft != 1 || !strings.Contains(st.LastError, "last one") {
		t.Errorf("status %+v", st)
	}
	if left := sim.Status().PINLeft; left != 1 {
		t.Errorf("the manager spent the last try: %d left", left)
	}
}

func TestFaultPUKRequired(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{PIN: "1234"}, Config{PIN: "0000"}, fastEngine)
	r.waitState(t, StateSIMError, 10*time.Second)
	for range 2 { // someone burns the rest by hand
		r.e.Command(context.Background(), `AT+CPIN="0000"`)
	}
	r.sim.Reset()
	r.waitEvent(t, EventSIMError, 10*time.Second)
	r.waitStatus(t, testkit.Patience, "the SIM to ask for its PUK", func(st Status) bool { return st.SIM == gsm.SIMPUK })
	if st := r.m.Status(); st.State != StateSIMError || st.PUKLeft != 10 {
		t.Errorf("status %s, PUK left %d", st.State, st.PUKLeft)
	}
}

func TestFaultSIMNotInsertedThenInserted(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	r.sim.RemoveSIM()
	r.sim.Reset()
	took := r.waitState(t, StateSIMError, 10*time.Second)
	if st := r.m.Status(); st.SIM != gsm.SIMNotInserted {
		t.Errorf("SIM %s", st.SIM)
	}
	t.Logf("missing SIM reported in %v", took)
	r.sim.InsertSIM()
	took = r.waitState(t, StateOnline, 20*time.Second)
	t.Logf("online %v after the SIM was inserted", took)
}

func TestFaultRegistrationDenied(t *testing.T) {
	t.Parallel()
	// An LTE module: the reject cause comes with +CEREG <n>=3.
	r := newRig(t, simmodem.Config{Vendor: simmodem.Quectel, RegistrationDelay: time.Hour}, Config{APN: "em", RegistrationTimeout: time.Minute}, fastEngine)
	r.waitState(t, StateRegistering, 10*time.Second)
	r.sim.Deny(15) // no suitable cells in tracking area
	ev := r.waitEvent(t, EventDenied, 10*time.Second)
	t.Logf("denial reported: %+v", ev)
	if ev.Cause != 15 {
		t.Errorf("cause %d, want 15", ev.Cause)
	}
	if st := r.m.Status(); st.State == StateOnline {
		t.Errorf("online while denied: %+v", st.Registration)
	}
	start := time.Now()
	r.sim.SetRegistration(1)
	r.waitState(t, StateOnline, 20*time.Second)
	t.Logf("online %v after the network accepted", time.Since(start))
}

func TestFaultResetInTheMiddleOfBringUp(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{PIN: "1234", RegistrationDelay: time.Second}, Config{PIN: "1234", APN: "em"}, fastEngine)
	r.waitState(t, StateRegistering, testkit.Patience)
	start := time.Now()
	r.sim.Reset()
	r.waitEvent(t, EventRestarted, 5*time.Second)
	r.waitState(t, StateOnline, 30*time.Second)
	t.Logf("online %v after a reset during registration", time.Since(start))
	if r.m.Status().Restarts < 1 {
		t.Error("restart not counted")
	}
}

func TestFaultScanSlowerThanItsTimeout(t *testing.T) {
	t.Parallel()
	ecfg := fastEngine
	ecfg.Timeouts = map[string]time.Duration{"AT+COPS=?": 300 * time.Millisecond}
	r := newRig(t, simmodem.Config{ScanDuration: 2 * time.Second}, Config{APN: "em"}, ecfg)
	r.waitState(t, StateOnline, 20*time.Second)
	start := time.Now()
	_, err := r.m.Scan(context.Background(), nil)
	if !errors.Is(err, at.ErrTimeout) && !errors.Is(err, at.ErrAborted) {
		t.Fatalf("scan: %v", err)
	}
	// The engine's health probe finds the module busy scanning, then well.
	testkit.EventuallyWithin(t, 20*time.Second-time.Since(start), "the module to answer again", func() bool {
		_, err := r.e.Command(context.Background(), "AT+CSQ")
		return err == nil
	})
	t.Logf("commands flow again %v after the scan timed out", time.Since(start))
}

func TestFaultPDPRejected(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{Vendor: simmodem.Quectel}, Config{APN: "em"}, fastEngine)
	r.sim.RejectPDP(33)
	ev := r.waitEvent(t, EventPDPRejected, 20*time.Second)
	if ev.Cause != 33 {
		t.Errorf("cause %d in %+v", ev.Cause, ev)
	}
	if st := r.m.Status(); st.Bearer.RejectCause != 33 || st.Bearer.Up {
		t.Errorf("bearer %+v", st.Bearer)
	}
	start := time.Now()
	r.sim.RejectPDP(0)
	r.waitState(t, StateOnline, 20*time.Second)
	t.Logf("online %v after the network accepted the PDP context", time.Since(start))
}

func TestFaultFrozenThenBack(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	r.sim.Freeze(true)
	took := r.waitState(t, StateUnavailable, 20*time.Second)
	t.Logf("frozen module found unavailable in %v", took)
	r.sim.Freeze(false)
	took = r.waitState(t, StateOnline, 20*time.Second)
	t.Logf("online %v after the module thawed", took)
}

func TestFaultBearerDropIsRedialled(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	start := time.Now()
	r.sim.DropData()
	// Generous: under a fully loaded CI machine the indication and the
	// re-dial can take seconds; measured unloaded it is 0.2 s.
	r.waitEvent(t, EventBearerDown, 20*time.Second)
	r.waitEvent(t, EventBearerUp, 20*time.Second)
	t.Logf("bearer back %v after the network dropped it", time.Since(start))
	if !r.m.Status().Bearer.Up {
		t.Error("bearer down")
	}
}

func TestRoamingAndLossAreReported(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{NoData: true}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	r.sim.SetRegistration(5)
	r.waitEvent(t, EventRoaming, 5*time.Second)
	r.sim.SetRegistration(2)
	r.waitEvent(t, EventLost, 5*time.Second)
	r.sim.SetRegistration(1)
	r.waitEvent(t, EventRegistered, 5*time.Second)
}

func TestFPLMNReadAndClear(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{NoData: true}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	ctx := context.Background()
	// Forbid two networks the way a SIM tool would (EF FPLMN, 3 bytes each).
	if _, err := r.e.Command(ctx, `AT+CRSM=214,28539,0,0,12,"62F22062F230FFFFFFFFFFFF"`); err != nil {
		t.Fatal(err)
	}
	list, err := r.m.FPLMN(ctx)
	if err != nil || strings.Join(list, ",") != "26202,26203" {
		t.Fatalf("FPLMN %q %v", list, err)
	}
	if err := r.m.ClearFPLMN(ctx); err != nil {
		t.Fatal(err)
	}
	if list, _ := r.m.FPLMN(ctx); len(list) != 0 {
		t.Errorf("after clear: %q", list)
	}
}

func TestPSMRequestedAndGranted(t *testing.T) {
	t.Parallel()
	// The emnify guide's example: 140 h periodic TAU, 10 s active time.
	r := newRig(t, simmodem.Config{Vendor: simmodem.Quectel}, Config{APN: "em", PSM: &PSMRequest{TAU: 140 * time.Hour, Active: 10 * time.Second}}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	if !contains(r.sim.Commands(), `AT+CPSMS=1,,,"01001110","00000101"`) {
		t.Errorf("commands %q", r.sim.Commands())
	}
	p := r.m.Status().Power
	if !p.PSM || p.TAU != 140*time.Hour || p.Active != 10*time.Second {
		t.Errorf("granted %+v", p)
	}
}
