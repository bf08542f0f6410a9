package testkit

import (
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// Clock is a retry.Clock that moves only when the test advances it: timers
// fire, in deadline order, when Advance passes their deadline. Waiters
// lets a test know that the code under test is waiting on it before it
// advances, so no test sleeps to order itself after a goroutine.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*clockTimer
	changed chan struct{} // closed and replaced when timers change
}

// NewClock returns a clock standing at start.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start, changed: make(chan struct{})}
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer makes a timer that fires once the clock has advanced d.
func (c *Clock) NewTimer(d time.Duration) retry.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &clockTimer{c: c, ch: make(chan time.Time, 1)}
	c.arm(t, d)
	return t
}

// Advance moves the clock on by d, firing the timers it passes.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for {
		var next *clockTimer
		for _, t := range c.timers {
			if !t.when.After(c.now) && (next == nil || t.when.Before(next.when)) {
				next = t
			}
		}
		if next == nil {
			return
		}
		c.disarm(next)
		select {
		case next.ch <- next.when:
		default:
		}
	}
}

// Waiters is how many timers are armed.
func (c *Clock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// WaitForWaiters blocks until at least n timers are armed, or fails the
// test after Patience.
func (c *Clock) WaitForWaiters(t interface {
	Helper()
	Fatalf(string, ...any)
}, n int) {
	t.Helper()
	deadline := time.NewTimer(Patience)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		armed, changed := len(c.timers), c.changed
		c.mu.Unlock()
		if armed >= n {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %d timers on the clock (%d armed)", n, armed)
			return
		}
	}
}

func (c *Clock) arm(t *clockTimer, d time.Duration) {
	t.when = c.now.Add(d)
	t.armed = true
	c.timers = append(c.timers, t)
	c.notify()
	if d <= 0 {
		c.disarm(t)
		select {
		case t.ch <- t.when:
		default:
		}
	}
}

func (c *Clock) disarm(t *clockTimer) bool {
	if !t.armed {
		return false
	}
	t.armed = false
	for i, x := range c.timers {
		if x == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			break
		}
	}
	c.notify()
	return true
}

func (c *Clock) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

type clockTimer struct {
	c     *Clock
	ch    chan time.Time
	when  time.Time
	armed bool
}

func (t *clockTimer) C() <-chan time.Time { return t.ch }

func (t *clockTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	return t.c.disarm(t)
}

func (t *clockTimer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.c.disarm(t)
	select { // as time.Timer since Go 1.23: no stale value after Reset
	case <-t.ch:
	default:
	}
	t.c.arm(t, d)
	return was
}
