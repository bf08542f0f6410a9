package watchdog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/at"
)

// ATPing returns the modem layer's check: "AT", answered within timeout.
// The engine queues it behind whatever command runs, so the layer's Timeout
// must allow for the longest command the modem may be busy with; while the
// engine deems the modem unavailable (its own health procedure) the check
// fails at once with at.ErrUnavailable.
func ATPing(e *at.Engine, timeout time.Duration) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := e.Command(ctx, "AT", at.WithTimeout(timeout))
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil && e.Available():
			return fmt.Errorf("no answer to AT in time: the command queue is busy (%w)", err)
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
// (full functionality, after a reset). A module that does not answer makes
// it fail: the ladder goes on to a power cycle.
func ResetModem(e *at.Engine) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := e.Command(ctx, "AT+CFUN=1,1")
		if err != nil {
			if errors.Is(err, at.ErrRestarted) {
				return nil // the module restarted before answering: done
			}
			return fmt.Errorf("AT+CFUN=1,1: %w", err)
		}
		return nil
	}
}
