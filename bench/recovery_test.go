package bench

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// BenchmarkFrozenModemRecovery measures, with the simulator frozen, the time
// from the command that hangs to "unavailable", and from the thaw to
// "available". The baseline is the health procedure's own budget,
// Timeout + HealthRetries × HealthTimeout: to-unavailable/budget near 1
// means the engine adds nothing to what guide 1.2.3 prescribes. Timeouts are
// scaled down (1 s instead of 30 s) so that a run takes seconds; with the
// defaults the budget is 30 s + 3 × 30 s = 120 s; CELLGATE_RECOVERY_STEP=30s
// measures exactly that.
func BenchmarkFrozenModemRecovery(b *testing.B) {
	step := 200 * time.Millisecond
	if s := os.Getenv("CELLGATE_RECOVERY_STEP"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			b.Fatal(err)
		}
		step = d
	}
	cfg := at.Config{
		Timeout: step, HealthTimeout: step, ReopenMin: min(step/4, time.Second), ReopenMax: min(step, time.Minute),
		Logger: slog.New(slog.DiscardHandler),
	}
	m := rig.StartModem(b, modem.Config{BootDelay: time.Millisecond}, cfg)
	sim, e, events := m.Sim, m.Engine, m.Events
	budget := cfg.Timeout + 3*cfg.HealthTimeout
	var down, up time.Duration
	b.ResetTimer()
	for range b.N {
		sim.Freeze(true)
		t0 := time.Now()
		e.Command(context.Background(), "AT+CSQ")
		wait(b, events, at.EventUnavailable)
		down += time.Since(t0)
		sim.Freeze(false)
		t1 := time.Now()
		wait(b, events, at.EventAvailable)
		up += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(down.Seconds()/n, "s-to-unavailable")
	b.ReportMetric(up.Seconds()/n, "s-back")
	b.ReportMetric(down.Seconds()/n/budget.Seconds(), "to-unavailable/budget")
	b.ReportMetric(up.Seconds()/n/cfg.ReopenMax.Seconds(), "back/max-backoff")
}

func wait(b *testing.B, events <-chan at.Event, kind at.EventKind) {
	b.Helper()
	timeout := time.After(10 * time.Minute)
	for {
		select {
		case ev := <-events:
			if ev.Kind == kind {
				return
			}
		case <-timeout:
			b.Fatalf("no %v event", kind)
		}
	}
}
