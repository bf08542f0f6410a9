package collect

import (
	"context"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// maxSleep is the longest wait before the wall clock is looked at again, so
// that a clock set forward (by NTP or the network, after boot) is followed
// within that time.
const maxSleep = time.Minute

// slotAtOrAfter is the first multiple of iv since the Unix epoch at or
// after t.
func slotAtOrAfter(t time.Time, iv time.Duration) time.Time {
	n, i := t.UnixNano(), int64(iv)
	r := n % i
	if r < 0 {
		r += i
	}
	if r == 0 {
		return time.Unix(0, n).UTC()
	}
	return time.Unix(0, n-r+i).UTC()
}

// slotAtOrBefore is the last multiple of iv since the Unix epoch at or
// before t.
func slotAtOrBefore(t time.Time, iv time.Duration) time.Time {
	s := slotAtOrAfter(t, iv)
	if s.After(t) {
		s = s.Add(-iv)
	}
	return s
}

// following is the slot after the poll of slot that ended at end, and the
// number of slots it skipped because the poll overran them. When the
// clock went back by less than an interval the schedule goes on; by more, it
// starts again from end.
func following(slot, end time.Time, iv time.Duration) (time.Time, int) {
	if end.Before(slot) {
		if slot.Sub(end) < iv {
			return slot.Add(iv), 0
		}
		return slotAtOrAfter(end, iv), 0
	}
	k := end.Sub(slot) / iv
	return slot.Add((k + 1) * iv), int(k)
}

// wait waits until the wall clock reaches slot. When the clock has gone
// back by more than two intervals, the schedule is aligned again on the
// clock. It gives the slot reached and whether the wall clock jumped (moved
// by a second more or less than the time slept), or false when ctx ended.
func (c *Collector) wait(ctx context.Context, slot time.Time, iv time.Duration) (time.Time, bool, bool) {
	jumped := false
	for {
		now := c.now()
		d := slot.Sub(now)
		if d <= 0 {
			return slot, jumped, true
		}
		if d > 2*iv {
			slot = slotAtOrAfter(now, iv)
			continue
		}
		t0 := time.Now()
		if !retry.Sleep(ctx, min(d, maxSleep)) {
			return slot, jumped, false
		}
		jumped = jumped || stepped(now, c.now(), time.Since(t0))
	}
}

// stepped reports whether the wall clock, read at from and to, moved by a
// second more or less than the time elapsed.
func stepped(from, to time.Time, elapsed time.Duration) bool {
	d := to.Round(0).Sub(from.Round(0)) - elapsed
	return d > time.Second || d < -time.Second
}

// schedule polls a device at every slot until ctx ends.
func (c *Collector) schedule(ctx context.Context, d *device) {
	iv := d.Interval
	slot := slotAtOrAfter(c.now(), iv)
	for {
		var jumped, ok bool
		if slot, jumped, ok = c.wait(ctx, slot, iv); !ok {
			return
		}
		woke := c.now()
		if late := woke.Sub(slot); late >= iv {
			// Woken late: the clock jumped forward, or the system slept
			// or stalled. Poll now, without catching up.
			slot = slotAtOrBefore(woke, iv)
			if jumped {
				d.log.Info("clock jumped; schedule aligned again", "late", late)
			} else {
				d.missed(int(late/iv), late)
			}
		}
		t0 := time.Now()
		c.poll(ctx, d)
		if ctx.Err() != nil {
			return
		}
		end := c.now()
		next, missed := following(slot, end, iv)
		if missed > 0 && !stepped(woke, end, time.Since(t0)) {
			d.missed(missed, time.Since(t0))
		}
		slot = next
	}
}

// missed counts slots skipped.
func (d *device) missed(n int, late time.Duration) {
	d.mu.Lock()
	d.stats.Missed += n
	d.mu.Unlock()
	d.log.Debug("modbus poll late; slots skipped", "slots", n, "late", late)
}
