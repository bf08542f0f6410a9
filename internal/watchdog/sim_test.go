package watchdog

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/testkit"
)

// TestModemLadderAgainstFrozenSimulator walks the modem layer's ladder
// against the simulated module frozen solid: a reopen does not help, the
// reset is not answered, the power cycle (here the simulator's own, as a
// GPIO or command hook would be on a gateway) does, and the reboot is never
// reached.
func TestModemLadderAgainstFrozenSimulator(t *testing.T) {
	t.Parallel()
	r := newSimRig(t, at.Config{
		Timeout: time.Second, HealthTimeout: 100 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	sim, e := r.sim, r.e

	var cycles, reboots atomic.Int32
	w, rec := start(t, Config{Layers: []Layer{{
		Name: "modem", Interval: 100 * time.Millisecond, Timeout: 500 * time.Millisecond,
		Failures: 2, Backoff: time.Second, ActionTimeout: 2 * time.Second,
		Check: ATPing(e, 100*time.Millisecond),
		Actions: []Action{
			{Name: "reopen", Do: Reopen(e)},
			{Name: "reset", Do: ResetModem(e)},
			{Name: "power-cycle", Do: func(context.Context) error {
				cycles.Add(1)
				sim.Freeze(false)
				sim.Reset()
				return nil
			}},
			{Name: "reboot", Do: func(context.Context) error { reboots.Add(1); return nil }},
		},
	}}})
	testkit.Eventually(t, "two checks", func() bool { return w.Stats()["modem"].Checks >= 2 })
	if evs := rec.all(); len(evs) != 0 {
		t.Fatalf("events while healthy: %q", kinds(evs))
	}
	start := time.Now()
	sim.Freeze(true)
	rec.wait(t, EventRecovered, "", 20*time.Second)
	t.Logf("recovered %v after the freeze", time.Since(start))
	want := []string{
		"failed/0", "action:reopen/1", "action:reset/2", "action-failed:reset/2",
		"action:power-cycle/3", "recovered:power-cycle/3",
	}
	evs := rec.all()
	if got := kinds(evs); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("events %q, want %q", got, want)
	}
	for _, ev := range evs {
		t.Logf("%s %s %s: %s", ev.Time.Format("15:04:05.000"), ev.Kind, ev.Action, ev.Detail)
	}
	if !strings.Contains(evs[3].Detail, "AT+CFUN=1,1") {
		t.Errorf("reset failure %q", evs[3].Detail)
	}
	if cycles.Load() != 1 || reboots.Load() != 0 {
		t.Errorf("%d power cycles, %d reboots", cycles.Load(), reboots.Load())
	}
	s := w.Stats()["modem"]
	if !s.Healthy || s.ActionErrors != 1 || s.Actions["reopen"] != 1 || s.Actions["reset"] != 1 || s.Actions["power-cycle"] != 1 {
		t.Errorf("stats %+v", s)
	}
	if _, err := e.Command(context.Background(), "AT+CSQ"); err != nil {
		t.Errorf("after recovery: %v", err)
	}
}
