package watchdog

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// newClock is a hand-moved clock.
func newClock() *testkit.Clock { return testkit.NewClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) }

func run(check func(context.Context) error) error { return check(context.Background()) }

func TestUplinkStall(t *testing.T) {
	t.Parallel()
	c := newClock()
	s := UplinkState{Connected: true}
	check := uplinkCheck(func() UplinkState { return s }, time.Minute, c.Now)
	if err := run(check); err != nil {
		t.Fatal(err)
	}
	// Connected with nothing waiting: healthy however long nothing is acked.
	c.Advance(time.Hour)
	if err := run(check); err != nil {
		t.Errorf("idle: %v", err)
	}
	// Messages wait and acks stop.
	s.Backlog = 5
	for range 6 {
		c.Advance(10 * time.Second)
		if err := run(check); err != nil {
			t.Fatalf("within the stall: %v", err)
		}
	}
	c.Advance(10 * time.Second)
	err := run(check)
	if err == nil || !strings.Contains(err.Error(), "nothing acknowledged for 1m10s with 5 messages waiting") {
		t.Errorf("stalled: %v", err)
	}
	// An ack is progress.
	s.Acked++
	if err := run(check); err != nil {
		t.Errorf("after an ack: %v", err)
	}
	// Disconnected: fails once it has lasted longer than the stall.
	s.Connected = false
	c.Advance(time.Second)
	if err := run(check); err != nil {
		t.Errorf("just disconnected: %v", err)
	}
	c.Advance(time.Minute)
	if err := run(check); err != nil {
		t.Errorf("disconnected for exactly the stall: %v", err)
	}
	c.Advance(time.Second)
	if err := run(check); err == nil || !strings.Contains(err.Error(), "disconnected for 1m1s") {
		t.Errorf("disconnected: %v", err)
	}
	// Reconnected with a backlog: the stall is counted from the reconnection.
	s.Connected = true
	c.Advance(time.Second)
	if err := run(check); err != nil {
		t.Errorf("reconnected: %v", err)
	}
	c.Advance(30 * time.Second)
	if err := run(check); err != nil {
		t.Errorf("reconnected, within the stall: %v", err)
	}
}

func TestUplinkDisconnectedFromTheStart(t *testing.T) {
	t.Parallel()
	check := Uplink(func() UplinkState { return UplinkState{} }, 20*time.Millisecond)
	if err := run(check); err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond)
	if err := run(check); err == nil {
		t.Error("never connected, yet healthy")
	}
}

func TestBacklogGrowingWithoutDraining(t *testing.T) {
	t.Parallel()
	c := newClock()
	var depth int64
	check := backlogCheck(func() int64 { return depth }, time.Minute, c.Now)
	seq := func(t *testing.T, step time.Duration, depths ...int64) error {
		t.Helper()
		var err error
		for _, d := range depths {
			c.Advance(step)
			depth = d
			err = run(check)
		}
		return err
	}
	// Idle at zero, then a message: not a whole window of growth.
	if err := seq(t, 10*time.Second, 0, 0, 0, 0, 0, 0, 0, 0, 1); err != nil {
		t.Errorf("first message: %v", err)
	}
	// Growing for less than the window, then drained a little: fine.
	if err := seq(t, 10*time.Second, 2, 3, 3, 4, 5, 4); err != nil {
		t.Errorf("drained: %v", err)
	}
	// Growing with pauses, never shrinking, for a whole window: fails.
	if err := seq(t, 10*time.Second, 6, 6, 6, 7, 8); err != nil {
		t.Errorf("50 s into the run: %v", err)
	}
	err := seq(t, 10*time.Second, 9)
	if err == nil || !strings.Contains(err.Error(), "grew from 4 to 9 over 1m0s") {
		t.Errorf("a window without draining: %v", err)
	}
	if err := seq(t, 10*time.Second, 9, 10); err == nil {
		t.Error("still growing, yet healthy")
	}
	// A drain, however small, starts over.
	if err := seq(t, 10*time.Second, 9); err != nil {
		t.Errorf("after a drain: %v", err)
	}
	// A steady backlog is not growth.
	if err := seq(t, 10*time.Second, 9, 9, 9, 9, 9, 9, 9, 9); err != nil {
		t.Errorf("steady: %v", err)
	}
	// Empty starts over too.
	if err := seq(t, 10*time.Second, 0, 1, 2); err != nil {
		t.Errorf("after empty: %v", err)
	}
}
