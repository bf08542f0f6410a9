package smsgw

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/testkit"
)

// rig is a simulator on a pty, an engine on it and a Service.
type rig struct {
	sim *modem.Modem
	e   *at.Engine
	s   *Service
}

// newRig starts the simulator and the engine and waits for registration.
func newRig(t *testing.T, cfg Config) *rig {
	t.Helper()
	return newRigAT(t, cfg, at.Config{Timeout: 5 * time.Second})
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// run runs the Service until the test ends, and waits for its setup.
func (r *rig) run(t *testing.T) {
	t.Helper()
	r.start(t)
	r.waitCommands(t, "AT+CNMI=2", 1)
}

// start runs the Service until the test ends, without waiting for its
// setup (Run may serve queued indications first).
func (r *rig) start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Run: %v", err)
		}
	})
}

// waitCommands waits until the simulator has seen n command lines starting
// with prefix.
func (r *rig) waitCommands(t *testing.T, prefix string, n int) {
	t.Helper()
	testkit.Eventually(t, prefix, func() bool { return r.count(prefix) >= n })
}

func (r *rig) count(prefix string) int {
	n := 0
	for _, c := range r.sim.Commands() {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

// used gives the number of stored messages (AT+CPMS?).
func (r *rig) used(t *testing.T) int {
	t.Helper()
	resp, err := r.e.Command(context.Background(), "AT+CPMS?")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(fields(resp.Prefixed("+CPMS:")[0])[1])
	return n
}

// waitEmpty waits until the storage is empty.
func (r *rig) waitEmpty(t *testing.T) {
	t.Helper()
	testkit.Eventually(t, "empty storage", func() bool { return r.used(t) == 0 })
}

// next receives a message within a few seconds.
func (r *rig) next(t *testing.T) sms.Message {
	t.Helper()
	return r.nextWithin(t, 5*time.Second)
}

// nextWithin receives a message within d.
func (r *rig) nextWithin(t *testing.T, d time.Duration) sms.Message {
	t.Helper()
	select {
	case m := <-r.s.Messages():
		return m
	case <-time.After(d):
		t.Fatalf("no message within %v", d)
	}
	return sms.Message{}
}

// none wants no message for d.
func (r *rig) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case m := <-r.s.Messages():
		t.Fatalf("unexpected message %+v", m)
	case <-time.After(d):
	}
}
