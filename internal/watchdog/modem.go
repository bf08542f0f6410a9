package watchdog

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/at"
)

// ATPing returns the modem layer's check: "AT", answered within timeout.
// The engine queues it behind whatever command runs: when the check's time
// runs out before AT was even sent, while the engine deems the modem
// available, the modem is busy with a command still within its own timeout
// (a network scan takes minutes), and the check passes: the engine's
// timeout and health procedure watch that command, and a busy module must
// not be reopened and reset. Queued behind the engine's own health probes
// (a command timed out) the check fails, and while the engine deems the
// modem unavailable it fails at once with at.ErrUnavailable.
func ATPing(e *at.Engine, timeout time.Duration) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		var sent atomic.Bool
		_, err := e.Command(ctx, "AT", at.WithTimeout(timeout), at.WithSent(func() { sent.Store(true) }))
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil && e.Available() && !sent.Load() && !e.Probing():
			return nil // busy with another command
		case ctx.Err() != nil && e.Available():
			return fmt.Errorf("no answer to AT in time: %w", err)
		}
		return fmt.Errorf("the modem does not answer AT: %w", err)
	}
}

// Reopen returns the mildest modem action: close the modem's port and open
// it again now (at.Engine.Reopen). It returns once the port is reopened;
// whether the modem answers is for the next checks to tell.
func Reopen(e *at.Engine) func(ctx context.Context) error {
	return func(context.Context) error {
		e.Reopen("reopened by the watchdog")
		return nil
	}
}

// ResetModem returns the action that restarts the module with AT+CFUN=1,1
// (full functionality, after a reset). While the engine deems the module
// available the command is queued as any other; when the engine deems it
// unavailable, or the command finds it so or times out, the command goes
// past the engine's availability gate on a fresh port after the restoring
// commands (at.Engine.Recover): a module left in numeric or quiet result
// code mode is reset all the same. A module that does not answer makes the
// action fail: the ladder goes on to a power cycle, or repeats.
func ResetModem(e *at.Engine) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if e.Available() {
			_, err := e.Command(ctx, resetCommand)
			if !errors.Is(err, at.ErrUnavailable) && !errors.Is(err, at.ErrTimeout) {
				return resetResult(err)
			}
		}
		timeout := recoverResetTimeout
		if dl, ok := ctx.Deadline(); ok {
			// leave time for the fresh port's probe and for the answer
			timeout = max(min(timeout, time.Until(dl)/2), time.Millisecond)
		}
		_, err := e.Recover(ctx, "reset by the watchdog", resetCommand, at.WithTimeout(timeout))
		return resetResult(err)
	}
}

const resetCommand = "AT+CFUN=1,1"

// recoverResetTimeout bounds AT+CFUN=1,1 sent past the availability gate
// (half the action's time at most): a module that takes it answers OK at
// once and restarts; one that does not answer in this time leaves the
// ladder to its next step.
const recoverResetTimeout = 10 * time.Second

func resetResult(err error) error {
	if err == nil || errors.Is(err, at.ErrRestarted) {
		return nil // answered, or the module restarted before answering: done
	}
	return fmt.Errorf("%s: %w", resetCommand, err)
}
