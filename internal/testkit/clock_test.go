package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

func TestClockFiresTimersInOrderWhenAdvanced(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewClock(start)
	a, b := c.NewTimer(2*time.Second), c.NewTimer(time.Second)
	c.Advance(999 * time.Millisecond)
	select {
	case <-b.C():
		t.Fatal("timer fired before its deadline")
	default:
	}
	c.Advance(5 * time.Second)
	if got := <-b.C(); !got.Equal(start.Add(time.Second)) {
		t.Errorf("first timer fired at %v", got)
	}
	if got := <-a.C(); !got.Equal(start.Add(2 * time.Second)) {
		t.Errorf("second timer fired at %v", got)
	}
	if c.Waiters() != 0 {
		t.Errorf("%d timers still armed", c.Waiters())
	}
	if a.Stop() {
		t.Error("Stop of a fired timer reported true")
	}
}

func TestClockResetAndStop(t *testing.T) {
	t.Parallel()
	c := NewClock(time.Unix(0, 0))
	tm := c.NewTimer(time.Second)
	if !tm.Reset(time.Minute) {
		t.Error("Reset of an armed timer reported false")
	}
	c.Advance(30 * time.Second)
	select {
	case <-tm.C():
		t.Fatal("reset timer fired at its old deadline")
	default:
	}
	if !tm.Stop() {
		t.Error("Stop of an armed timer reported false")
	}
	c.Advance(time.Hour)
	select {
	case <-tm.C():
		t.Fatal("stopped timer fired")
	default:
	}
}

// A goroutine sleeping on the clock wakes when the test, having seen it
// wait, advances past its deadline: no real time passes.
func TestClockDrivesSleepOn(t *testing.T) {
	t.Parallel()
	c := NewClock(time.Unix(0, 0))
	done := make(chan bool)
	go func() { done <- retry.SleepOn(context.Background(), c, time.Hour) }()
	c.WaitForWaiters(t, 1)
	c.Advance(time.Hour)
	if !<-done {
		t.Error("SleepOn reported the context ended")
	}
}
