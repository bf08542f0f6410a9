package watchdog

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// simRig is a simulated Huawei module on a pty with an engine on it.
type simRig struct {
	m   *rig.Modem
	sim *simmodem.Modem
	e   *at.Engine
}

// newSimRig starts the simulated Huawei module and an engine configured
// by cfg, and waits until the module answers.
func newSimRig(t *testing.T, cfg at.Config) *simRig {
	t.Helper()
	return newSimRigOn(t, simmodem.Config{Vendor: simmodem.Huawei, BootDelay: 20 * time.Millisecond, RegistrationDelay: 50 * time.Millisecond}, cfg)
}

// newSimRigOn is newSimRig on a simulated module configured by scfg.
func newSimRigOn(t *testing.T, scfg simmodem.Config, cfg at.Config) *simRig {
	t.Helper()
	cfg.Logger = slog.New(slog.DiscardHandler)
	m := rig.StartModem(t, scfg, cfg)
	return &simRig{m: m, sim: m.Sim, e: m.Engine}
}

// behindTheBack sends line on a second port of the module, as another
// program would: the module's result code settings are shared.
func (r *simRig) behindTheBack(t *testing.T, line string) {
	t.Helper()
	host, dev := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.sim.Serve(ctx, dev) }()
	go io.Copy(io.Discard, host)
	t.Cleanup(func() { cancel(); host.Close(); <-done })
	if _, err := host.Write([]byte(line + "\r")); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, "the module to receive "+line, func() bool { return r.sent(line) })
}

func (r *simRig) sent(cmd string) bool {
	for _, c := range r.sim.Commands() {
		if strings.EqualFold(c, cmd) {
			return true
		}
	}
	return false
}

func (r *simRig) waitEvent(t *testing.T, kind at.EventKind) at.Event {
	t.Helper()
	return r.m.WaitEvent(t, kind)
}

// A remote ATV0 left the module answering "0": the engine declared it
// unavailable, and the modem layer without power-cycle or reboot hooks
// never brought it back (its reset went through the engine that refused
// it). The layer must recover it with its own steps.
func TestRegressionModemLadderWithoutHooksNeverRecoversV0(t *testing.T) {
	t.Parallel()
	r := newSimRig(t, at.Config{
		Timeout: 300 * time.Millisecond, HealthTimeout: 100 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	_, rec := start(t, Config{Layers: []Layer{{
		Name: "modem", Interval: 50 * time.Millisecond, Timeout: 500 * time.Millisecond,
		Failures: 2, Backoff: 200 * time.Millisecond, ActionTimeout: 3 * time.Second,
		Check:   ATPing(r.e, 300*time.Millisecond),
		Actions: []Action{{Name: "reopen", Do: Reopen(r.e)}, {Name: "reset", Do: ResetModem(r.e)}},
	}}})
	r.behindTheBack(t, "ATV0")
	rec.wait(t, EventFailed, "", 10*time.Second)
	rec.wait(t, EventRecovered, "", 10*time.Second)
	if _, err := r.e.Command(context.Background(), "AT+CSQ"); err != nil {
		t.Errorf("after recovery: %v", err)
	}
}

// The engine deems the module unavailable and will not look again for an
// hour; the module itself is alive but in numeric result code mode. The
// reset step sent AT+CFUN=1,1 through the engine, which refused it.
func TestRegressionResetRefusedWhileUnavailable(t *testing.T) {
	t.Parallel()
	trace := &testkit.Buffer{}
	r := newSimRig(t, at.Config{
		Timeout: time.Second, HealthTimeout: 100 * time.Millisecond,
		ReopenMin: time.Hour, ReopenMax: time.Hour, Trace: trace,
	})
	r.behindTheBack(t, "ATV0")
	r.sim.Freeze(true)
	r.e.Reopen("frozen")
	r.waitEvent(t, at.EventUnavailable)
	// The reopened port's probes go unanswered and the port is closed
	// again, for an hour.
	testkit.Eventually(t, "the port to be closed again", func() bool { return strings.Count(trace.String(), "port closed") >= 2 })
	r.sim.Freeze(false)
	if r.e.Available() {
		t.Fatal("the engine should deem the module unavailable")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ResetModem(r.e)(ctx); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if !r.sent("AT+CFUN=1,1") {
		t.Errorf("AT+CFUN=1,1 never reached the module: %q", r.sim.Commands())
	}
	testkit.Eventually(t, "the engine to find the module again", r.e.Available)
	if _, err := r.e.Command(context.Background(), "AT+CSQ"); err != nil {
		t.Errorf("after the reset: %v", err)
	}
}

// A module that stays dead with no power-cycle or reboot hook: the ladder
// must go on trying, each repeat of its last step further apart up to a
// cap, with an event for every attempt. Before, the reset repeated every
// Backoff for ever at the same pace.
func TestRegressionDeadModemWithoutHooksRepeatsWithoutBackoff(t *testing.T) {
	t.Parallel()
	r := newSimRig(t, at.Config{
		Timeout: 100 * time.Millisecond, HealthTimeout: 30 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 50 * time.Millisecond,
	})
	// The clock advances only when told: the ladder's times follow the
	// checks, not the machine.
	clock := testkit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	ping := ATPing(r.e, 50*time.Millisecond)
	const backoff, maxBackoff = 10 * time.Second, 40 * time.Second
	w, rec := start(t, Config{Now: clock.Now, Layers: []Layer{{
		Name: "modem", Interval: 5 * time.Millisecond, Timeout: time.Second,
		Failures: 1, Backoff: backoff, MaxBackoff: maxBackoff, ActionTimeout: 600 * time.Millisecond,
		Check: func(ctx context.Context) error {
			clock.Advance(time.Second) // every check is a second of the ladder's time
			return ping(ctx)
		},
		Actions: []Action{{Name: "reopen", Do: Reopen(r.e)}, {Name: "reset", Do: ResetModem(r.e)}},
	}}})
	r.sim.Freeze(true)
	var actions []Event
	for len(actions) < 6 {
		actions = append(actions, rec.wait(t, EventAction, "", 20*time.Second))
	}
	// reopen, reset, then the reset repeated: 10 s after the reopen, 10 s
	// after the reset, then 20 s, 40 s, 40 s (the cap).
	want := []time.Duration{backoff, backoff, 2 * backoff, maxBackoff, maxBackoff}
	for i := 1; i < len(actions); i++ {
		gap := actions[i].Time.Sub(actions[i-1].Time)
		// An action's end is a check or two later than its start.
		if gap < want[i-1] || gap > want[i-1]+3*time.Second {
			t.Errorf("action %d (%s) %v after the one before, want %v", i+1, actions[i].Action, gap, want[i-1])
		}
	}
	rec.wait(t, EventActionFailed, "reset", 20*time.Second) // the last one's
	evs := rec.all()
	counts := map[EventKind]int{}
	for _, ev := range evs {
		counts[ev.Kind]++
	}
	if counts[EventExhausted] != 1 || counts[EventActionFailed] < 5 || counts[EventRecovered] != 0 {
		t.Errorf("events %v", kinds(evs))
	}
	for _, ev := range evs {
		if ev.Kind == EventActionFailed && ev.Action == "reset" && !strings.Contains(ev.Detail, "AT+CFUN=1,1") {
			t.Errorf("reset failure without the command: %q", ev.Detail)
		}
	}
	s := w.Stats()["modem"]
	if s.Actions["reset"] < 5 || s.ActionErrors < 5 || s.Backoff != maxBackoff {
		t.Errorf("stats %+v", s)
	}
}
