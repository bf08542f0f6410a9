package at

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The health procedure of the Huawei MU709 guide, 1.2.3: after a command
// times out, send AT. OK means the modem works. A failure answer, or
// HealthRetries timeouts in a row, mean the modem is unavailable: close the
// port, fail what waits, and re-search for the modem by reopening the port
// and probing with AT, with backoff, until it answers.

// timeout handles the expiry of the running command's timer.
func (l *loop) timeout() {
	r := l.cur
	switch {
	case r.probe && r.settling:
		l.finish(nil, r.final.Err)
	case r.probe:
		l.finish(nil, ErrTimeout)
	default:
		l.e.stats.timeouts.Add(1)
		err := ErrTimeout
		if r.aborting {
			err = fmt.Errorf("%w: no final result after abort", ErrAborted)
		}
		l.e.event(EventTimeout, Redact(r.cmd))
		if r.hasPayload && !r.promptSent {
			// The prompt may still come: leave text entry now, and answer a
			// late prompt with ESC until the modem is healthy again.
			l.stalePrompt = true
			if err := l.write([]byte{esc}); err != nil {
				l.finish(&Response{Command: r.cmd, Lines: r.lines}, err)
				l.portLost(err)
				return
			}
		}
		l.finish(&Response{Command: r.cmd, Lines: r.lines}, err)
		l.probeFails = 0
		l.sendProbe()
	}
}

func (l *loop) sendProbe() {
	l.send(&request{
		ctx: context.Background(), cmd: "AT", probe: true,
		timeout: l.e.cfg.HealthTimeout, done: make(chan result, 1),
	})
}

// probeDone takes the probe's outcome.
func (l *loop) probeDone(err error) {
	switch {
	case err == nil:
		l.probeFails = 0
		l.stalePrompt = false
		l.e.promptOn.Store(false)
		if l.recovering {
			l.recovering, l.unavailable = false, false
			l.backoff = l.e.cfg.ReopenMin
			l.e.available.Store(true)
			l.e.event(EventAvailable, "modem answers AT again")
		}
	case errors.Is(err, ErrTimeout) && l.recovering:
		l.closePort()
		l.scheduleReopen()
	case errors.Is(err, ErrTimeout):
		l.probeFails++
		if l.probeFails >= l.e.cfg.HealthRetries {
			l.markUnavailable(fmt.Sprintf("no answer to AT %d times", l.probeFails))
			return
		}
		l.sendProbe()
	case l.recovering:
		l.closePort()
		l.scheduleReopen()
	default:
		l.markUnavailable(fmt.Sprintf("modem answered AT with %v", err))
	}
}

// portLost handles a read or write failure of the port.
func (l *loop) portLost(err error) {
	if l.unavailable {
		l.closePort()
		l.cur = nil
		l.timer.Stop()
		l.scheduleReopen()
		return
	}
	l.markUnavailable(fmt.Sprintf("port failed: %v", err))
}

func (l *loop) markUnavailable(reason string) {
	l.deemUnavailable(reason)
	l.scheduleReopen()
}

// deemUnavailable closes the port, fails what waits and reports the modem
// unavailable; reopening is the caller's.
func (l *loop) deemUnavailable(reason string) {
	l.closePort()
	l.unavailable, l.recovering = true, false
	l.e.available.Store(false)
	l.e.stats.unavailable.Add(1)
	l.failAll(fmt.Errorf("%w: %s", ErrUnavailable, reason))
	l.e.event(EventUnavailable, reason)
}

func (l *loop) scheduleReopen() {
	l.recovering = false
	d := jitter(l.backoff)
	l.backoff = min(2*l.backoff, l.e.cfg.ReopenMax)
	if l.reopen != nil {
		l.reopen.Stop()
	}
	l.reopen = time.NewTimer(d)
}

// reopenPort opens the port again and probes the modem.
func (l *loop) reopenPort(ctx context.Context) {
	port, err := l.e.open(ctx)
	if err != nil {
		l.e.log.Debug("reopening the modem port failed", "err", err)
		l.scheduleReopen()
		return
	}
	l.port = port
	l.e.setPort(port, false)
	l.gen++
	l.e.tr.Note("port reopened")
	l.startReader()
	l.recovering = true
	l.sendProbe()
}

// reopenRequest asks the loop to reopen the port now (Engine.Reopen); done
// is closed once the loop has acted on it.
type reopenRequest struct {
	reason string
	done   chan struct{}
}

// Reopen closes the port and reopens it at once, as the health procedure
// does when the modem is unavailable: the modem is deemed unavailable for
// reason (commands waiting fail with ErrUnavailable, EventUnavailable is
// emitted, unless the modem was unavailable already), the port is opened
// again without waiting for the backoff and probed with AT, and
// EventAvailable follows when the modem answers. Should the port not open,
// or the modem not answer, the health procedure goes on with backoff.
// Reopen returns once the port has been reopened (or the reopen failed), not
// waiting for the probe. Before Start and after Close it does nothing.
func (e *Engine) Reopen(reason string) {
	e.mu.Lock()
	started := e.started
	e.mu.Unlock()
	if !started {
		return
	}
	rq := reopenRequest{reason: reason, done: make(chan struct{})}
	select {
	case e.reopens <- rq:
	case <-e.closed:
		return
	}
	select {
	case <-rq.done:
	case <-e.closed:
	}
}

// forceReopen closes the port and reopens it now.
func (l *loop) forceReopen(ctx context.Context, reason string) {
	if l.unavailable {
		l.closePort()
		l.failAll(fmt.Errorf("%w: %s", ErrUnavailable, reason)) // only the probe can be running
	} else {
		l.deemUnavailable(reason)
	}
	if l.reopen != nil {
		l.reopen.Stop()
		l.reopen = nil
	}
	l.recovering = false
	l.reopenPort(ctx)
}
