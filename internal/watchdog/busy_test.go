package watchdog

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// simEngine runs an engine on the simulated module, booted and answering.
func simEngine(t *testing.T, cfg simmodem.Config) (*simmodem.Modem, *at.Engine) {
	t.Helper()
	r := newSimRigOn(t, cfg, at.Config{
		Timeout: 2 * time.Second, HealthTimeout: 200 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	return r.sim, r.e
}

// A module busy with a network scan (AT+COPS=?, minutes on a real one)
// answers nothing else until it is done: the ping waits behind the scan and
// its check failed, so the layer reopened the port and reset a healthy
// module, aborting the scan. A ping never sent because the engine is busy
// with a command still within its own timeout is no sign of a dead module.
func TestRegressionPingBehindScanFails(t *testing.T) {
	t.Parallel()
	sim, e := simEngine(t, simmodem.Config{BootDelay: 20 * time.Millisecond, RegistrationDelay: 50 * time.Millisecond,
		ScanDuration: 1500 * time.Millisecond})
	scan := make(chan error, 1)
	go func() {
		_, err := e.Command(context.Background(), "AT+COPS=?")
		scan <- err
	}()
	testkit.Eventually(t, "the scan to reach the module", func() bool { return slices.Contains(sim.Commands(), "AT+COPS=?") })
	ping := ATPing(e, 200*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := ping(ctx); err != nil {
		t.Errorf("ping behind a running scan: %v", err)
	}
	if err := <-scan; err != nil {
		t.Errorf("the scan: %v", err)
	}
	// A module that does not answer the ping itself still fails it.
	sim.Freeze(true)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	if err := ping(ctx2); err == nil {
		t.Error("a frozen module passed the ping")
	}
}

// A ping queued behind the engine's own health probes (a command timed out
// on a module that went silent) is no busy module: it fails, though the
// engine deems the module available until its probes run out.
func TestPingBehindHealthProbeFails(t *testing.T) {
	t.Parallel()
	r := newSimRigOn(t, simmodem.Config{BootDelay: 20 * time.Millisecond, RegistrationDelay: 50 * time.Millisecond}, at.Config{
		Timeout: 100 * time.Millisecond, HealthTimeout: 5 * time.Second,
	})
	sim, e := r.sim, r.e
	sim.Freeze(true)
	if _, err := e.Command(context.Background(), "AT+CSQ"); err == nil {
		t.Fatal("a frozen module answered")
	}
	if !e.Available() || !e.Probing() {
		t.Fatalf("after the timeout: available %v, probing %v", e.Available(), e.Probing())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := ATPing(e, 200*time.Millisecond)(ctx); err == nil {
		t.Error("a ping behind the health probes of a frozen module passed")
	}
}
