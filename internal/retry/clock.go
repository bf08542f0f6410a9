package retry

import (
	"context"
	"time"
)

// Clock tells the time and makes timers. System is the machine's; tests
// use a clock they advance (testkit.Clock).
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is the part of time.Timer a Clock's timers share.
type Timer interface {
	// C delivers the time once the timer fires.
	C() <-chan time.Time
	// Stop prevents the timer from firing; false if it had fired or
	// been stopped.
	Stop() bool
	// Reset makes the timer fire d from now.
	Reset(d time.Duration) bool
}

// System is the machine's clock.
var System Clock = systemClock{}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTimer(d time.Duration) Timer { return systemTimer{time.NewTimer(d)} }

type systemTimer struct{ t *time.Timer }

func (t systemTimer) C() <-chan time.Time        { return t.t.C }
func (t systemTimer) Stop() bool                 { return t.t.Stop() }
func (t systemTimer) Reset(d time.Duration) bool { return t.t.Reset(d) }

// OrSystem is c, or System when c is nil: for options structs whose zero
// value means the machine's clock.
func OrSystem(c Clock) Clock {
	if c == nil {
		return System
	}
	return c
}

// Sleep waits d on the machine's clock or until ctx ends, and reports
// whether d passed.
func Sleep(ctx context.Context, d time.Duration) bool {
	return SleepOn(ctx, System, d)
}

// SleepOn waits d on c or until ctx ends, and reports whether d passed. A
// d of zero or less returns at once (true unless ctx has ended).
func SleepOn(ctx context.Context, c Clock, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := c.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return true
	case <-ctx.Done():
		return false
	}
}
