package at

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// rescueRequest asks the loop for a fresh port and one command past the
// availability gate (Engine.Recover).
type rescueRequest struct {
	reason string
	r      *request
}

// RecoverProbeTimeout bounds Recover's restoring probe (or HealthTimeout,
// if shorter): a module that is alive answers ATE0V1Q0 at once, and one
// that is not should not hold up the recovery step.
const RecoverProbeTimeout = 2 * time.Second

// ErrRecoveryBusy: Recover was called while another recovery command waits.
var ErrRecoveryBusy = errors.New("at: another recovery command is running")

// Recover sends cmd even while the engine deems the modem unavailable: it
// bypasses the availability gate that fails every other command with
// ErrUnavailable. It is meant for a watchdog's recovery step (AT+CFUN=1,1)
// and nothing else: ordinary commands must use Command and respect the gate.
//
// Recover reopens the port as Reopen does (commands waiting fail with
// ErrUnavailable and EventUnavailable is emitted, unless the modem was
// unavailable already), probes the fresh port with the restoring command
// ATE0V1Q0 (within RecoverProbeTimeout), and then sends cmd, whether or not
// the probe was answered: a module that lost its result codes may still
// take it. Its result is returned as Command returns it; ErrRestarted means
// the module restarted before answering. When the probe was not answered,
// the health procedure goes on after cmd. Only one Recover runs at a time;
// another fails with ErrRecoveryBusy.
func (e *Engine) Recover(ctx context.Context, reason, cmd string, opts ...Option) (*Response, error) {
	e.mu.Lock()
	started := e.started
	e.mu.Unlock()
	if !started {
		return nil, ErrUnavailable
	}
	r := e.newRequest(ctx, cmd, opts)
	return submit(ctx, e, e.rescues, rescueRequest{reason: reason, r: r}, r)
}

// startRescue takes a Recover request: a fresh port, the restoring probes,
// then the command.
func (l *loop) startRescue(ctx context.Context, rq rescueRequest) {
	if old := l.rescue; old != nil {
		if old.ctx.Err() == nil {
			rq.r.finish(nil, ErrRecoveryBusy)
			return
		}
		l.rescue = nil
		if old != l.cur { // a running one ends with the reopen below
			old.finish(nil, old.ctx.Err())
		}
	}
	l.rescuing = true
	err := l.forceReopen(ctx, rq.reason)
	l.rescuing = false
	if err != nil {
		rq.r.finish(nil, fmt.Errorf("%w: reopening the port: %v", ErrUnavailable, err))
		return
	}
	l.rescue = rq.r
}

// sendRescue sends the waiting Recover command, past the availability gate.
func (l *loop) sendRescue() {
	r := l.rescue
	if err := r.ctx.Err(); err != nil {
		l.rescue = nil
		r.finish(nil, err)
		l.afterRescue()
		return
	}
	l.send(r)
}

// afterRescue goes on once the Recover command has ended: a modem still
// deemed unavailable is probed again on the same port (after a restart it
// answers), and the health procedure takes it from there.
func (l *loop) afterRescue() {
	if !l.unavailable || l.port == nil || l.cur != nil {
		return
	}
	l.recovering = true
	l.attempt = 0
	l.sendProbe()
}
