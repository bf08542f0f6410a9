package watchdog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// layer is one layer's run state. Every field but w and cfg is owned by the
// layer's goroutine.
type layer struct {
	w   *Watchdog
	cfg Layer

	consecutive int           // failed checks in a row
	sinceAction int           // failed checks since the last action, or since the failure began
	step        int           // actions run in this failure, at most len(Actions)
	exhausted   bool          // EventExhausted sent for this failure
	lastAction  time.Time     // when the last action ended
	lastName    string        // the last action run in this failure
	lastErr     string        // the last check's error
	wait        time.Duration // the least time from lastAction to the next action
	runs        int           // times the action last run has run in this failure
	backoff     retry.Backoff // the repeats of the action last run

	// checkBusy and actBusy are closed when a check or action that
	// outlived its timeout finally returns; nil when none is pending.
	checkBusy, actBusy <-chan struct{}
}

func (l *layer) run(ctx context.Context) {
	t := time.NewTicker(l.cfg.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := l.check(ctx)
		if ctx.Err() != nil {
			return
		}
		now := l.w.cfg.Now()
		if err == nil {
			l.passed(now)
			continue
		}
		l.failed(now, err)
		if l.due(now) {
			l.act(ctx)
		}
	}
}

// check runs the layer's check, bounded by its timeout.
func (l *layer) check(ctx context.Context) error {
	if !idle(&l.checkBusy) {
		return errors.New("the previous check has not returned yet")
	}
	busy, err := bounded(ctx, l.cfg.Timeout, "check", l.cfg.Check)
	l.checkBusy = busy
	return err
}

func (l *layer) passed(now time.Time) {
	was, step, last := l.consecutive, l.step, l.lastName
	l.consecutive, l.sinceAction, l.step, l.exhausted, l.lastName, l.lastErr = 0, 0, 0, false, "", ""
	l.wait, l.runs = l.cfg.Backoff, 0
	l.w.update(l.cfg.Name, func(s *LayerStats) {
		s.Checks++
		s.Consecutive, s.Healthy, s.LastCheck, s.LastError, s.Step, s.Backoff = 0, true, now, "", 0, l.wait
	})
	if was > 0 {
		l.emit(now, EventRecovered, last, step, fmt.Sprintf("healthy again after %d failed checks", was))
	}
}

func (l *layer) failed(now time.Time, err error) {
	l.consecutive++
	l.sinceAction++
	l.lastErr = err.Error()
	l.w.update(l.cfg.Name, func(s *LayerStats) {
		s.Checks++
		s.Failures++
		s.Consecutive, s.Healthy, s.LastCheck, s.LastError = l.consecutive, false, now, l.lastErr
	})
	if l.consecutive == 1 {
		l.emit(now, EventFailed, "", 0, l.lastErr)
	}
}

// due reports whether the next action may run now.
func (l *layer) due(now time.Time) bool {
	if len(l.cfg.Actions) == 0 || l.sinceAction < l.cfg.Failures {
		return false
	}
	if !l.lastAction.IsZero() && now.Sub(l.lastAction) < l.wait {
		return false
	}
	if !idle(&l.actBusy) {
		l.w.log.Warn("watchdog action still running past its timeout", "layer", l.cfg.Name, "action", l.lastName)
		return false
	}
	return true
}

// act runs the next action of the ladder, or the last one again.
func (l *layer) act(ctx context.Context) {
	acts := l.cfg.Actions
	i := min(l.step, len(acts)-1)
	a := acts[i]
	if l.step == len(acts) && !l.exhausted {
		l.exhausted = true
		l.emit(l.w.cfg.Now(), EventExhausted, a.Name, i+1, "every action has run and the layer still fails; repeating "+a.Name)
	}
	if l.lastName == a.Name {
		l.runs++
	} else {
		l.runs = 1
	}
	l.step, l.lastName = i+1, a.Name
	l.wait = l.nextWait()
	l.w.update(l.cfg.Name, func(s *LayerStats) {
		s.Step = i + 1
		s.Actions[a.Name]++
		s.Backoff = l.wait
	})
	l.emitRun(l.w.cfg.Now(), EventAction, a.Name, i+1, l.lastErr)
	busy, err := bounded(ctx, l.cfg.ActionTimeout, "action "+a.Name, a.Do)
	l.actBusy = busy
	l.lastAction, l.sinceAction = l.w.cfg.Now(), 0
	if err != nil && ctx.Err() == nil {
		l.w.update(l.cfg.Name, func(s *LayerStats) { s.ActionErrors++ })
		l.emitRun(l.lastAction, EventActionFailed, a.Name, i+1, err.Error())
	}
}

// nextWait is the least time from the action that is about to run to the
// next. The last action repeats further and further apart, up to
// MaxBackoff: a layer that stays down is tried for ever, but not hammered.
// With no Backoff the repeats double from the check interval, as a wait of
// zero would stay zero. The schedule is exact (no jitter): one router's
// layers do not contend with a fleet.
func (l *layer) nextWait() time.Duration {
	if l.runs == 1 { // another action: its schedule starts again
		base := l.cfg.Backoff
		if base <= 0 {
			base = l.cfg.Interval
		}
		l.backoff = retry.Backoff{Min: base, Max: l.cfg.MaxBackoff}
	}
	d := l.backoff.Next()
	if l.cfg.MaxBackoff <= 0 || (l.cfg.Backoff <= 0 && l.runs == 1) {
		return 0 // no Backoff: the first run waits for nothing, and without a MaxBackoff nothing grows
	}
	return d
}

func (l *layer) emit(now time.Time, kind EventKind, action string, step int, detail string) {
	l.w.emit(Event{Time: now, Layer: l.cfg.Name, Kind: kind, Action: action, Step: step, Detail: detail})
}

// emitRun emits an action event with the action's run count and the wait
// before the next action.
func (l *layer) emitRun(now time.Time, kind EventKind, action string, step int, detail string) {
	l.w.emit(Event{Time: now, Layer: l.cfg.Name, Kind: kind, Action: action, Step: step, Detail: detail,
		Attempt: l.runs, Next: l.wait})
}

// idle reports whether nothing left behind is still running, forgetting
// what has since returned.
func idle(busy *<-chan struct{}) bool {
	if *busy == nil {
		return true
	}
	select {
	case <-*busy:
		*busy = nil
		return true
	default:
		return false
	}
}

// bounded runs fn in its own goroutine with a context that ends after d.
// When fn returns in time, busy is nil; otherwise bounded returns at d with
// an error and busy is closed when fn finally returns.
func bounded(ctx context.Context, d time.Duration, what string, fn func(context.Context) error) (busy <-chan struct{}, err error) {
	cctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	res := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		res <- protect(cctx, fn)
	}()
	timedOut := func(err error) error {
		if ctx.Err() == nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("%s timed out after %v: %w", what, d, err)
		}
		return err
	}
	select {
	case err := <-res:
		if err != nil {
			err = timedOut(err)
		}
		return nil, err
	case <-cctx.Done():
		select {
		case err := <-res:
			if err == nil {
				return nil, nil
			}
			return nil, timedOut(err)
		default:
		}
		return done, timedOut(cctx.Err())
	}
}

// protect calls fn, turning a panic into an error: a faulty check or hook
// must not take the gateway down.
func protect(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(ctx)
}
