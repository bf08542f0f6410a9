package watchdog

import (
	"context"
	"fmt"
	"time"
)

// UplinkState is what the application layer's checks read from the uplink.
type UplinkState struct {
	Connected bool   // connected to the broker
	Acked     uint64 // messages the broker has acknowledged, in all
	Backlog   int64  // messages waiting to be sent or acknowledged
}

// Uplink returns an application check on the uplink: it fails when the
// uplink has been disconnected for longer than stall, or has been connected
// with messages waiting (Backlog > 0) and no acknowledgement (Acked not
// changing) for longer than stall. The check keeps state between calls: it
// is for one layer, which never runs it concurrently.
func Uplink(stats func() UplinkState, stall time.Duration) func(ctx context.Context) error {
	return uplinkCheck(stats, stall, time.Now)
}

func uplinkCheck(stats func() UplinkState, stall time.Duration, now func() time.Time) func(ctx context.Context) error {
	var (
		seen      bool
		downSince time.Time // when it was first seen disconnected; zero while connected
		progress  time.Time // when Acked last changed or nothing waited
		acked     uint64
	)
	return func(context.Context) error {
		s, t := stats(), now()
		if !s.Connected {
			if downSince.IsZero() {
				downSince = t
			}
			if d := t.Sub(downSince); d > stall {
				return fmt.Errorf("uplink disconnected for %v", round(d))
			}
			return nil
		}
		if !seen || !downSince.IsZero() || s.Acked != acked || s.Backlog <= 0 {
			seen, downSince, progress, acked = true, time.Time{}, t, s.Acked
			return nil
		}
		if d := t.Sub(progress); d > stall {
			return fmt.Errorf("uplink connected, but nothing acknowledged for %v with %d messages waiting", round(d), s.Backlog)
		}
		return nil
	}
}

// Backlog returns an application check on a queue's depth that fails when
// the queue keeps growing and never drains. Precisely: it follows the
// current run of checks in which the depth never went down; a run begins at
// the first check, and anew at every check where the depth is lower than at
// the check before or is zero. The check fails when the run has lasted at
// least window and the depth now (the run's maximum) is greater than at the
// run's start (its minimum): for a whole window messages arrived and none
// left. A steady depth does not fail it; any drain, however small, resets
// it. The check keeps state between calls: it is for one layer, which never
// runs it concurrently.
func Backlog(depth func() int64, window time.Duration) func(ctx context.Context) error {
	return backlogCheck(depth, window, time.Now)
}

func backlogCheck(depth func() int64, window time.Duration, now func() time.Time) func(ctx context.Context) error {
	var (
		seen      bool
		since     time.Time // the start of the run
		low, last int64     // the depth at the run's start, at the last check
	)
	return func(context.Context) error {
		d, t := depth(), now()
		if !seen || d < last || d <= 0 {
			seen, since, low = true, t, d
		}
		last = d
		if span := t.Sub(since); span >= window && d > low {
			return fmt.Errorf("backlog grew from %d to %d over %v without draining", low, d, round(span))
		}
		return nil
	}
}

// round shortens a duration for a message.
func round(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
