package at

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The health procedure of the Huawei MU709 guide, 1.2.3, with restoring
// probes: after a command times out the engine probes the modem. A modem
// that stopped answering as the engine expects is often alive but
// misconfigured: a stray ATV0 makes it answer with numeric result codes
// ("0", "4"), ATQ1 silences its result codes. So the probe is not a bare AT
// but the restoring command ATE0V1Q0 (echo off, verbose result codes,
// result codes on), which a misconfigured modem answers with OK; should it
// not, the next probe is AT&F (factory settings), and when that is answered
// the engine applies ATE0V1Q0 and Config.Init again.
// AT&F follows only an ATE0V1Q0 that was answered, or echoed, but not with
// OK: a silent module may merely be busy, and must keep its settings.
// HealthRetries probe timeouts in a row, or a failure answer to AT&F, mean
// the modem is unavailable: close the port, fail what waits, and re-search
// for the modem by reopening the port and probing (ATE0V1Q0, then AT&F) with
// backoff, until it answers.

// The restoring commands of the health procedure.
const (
	// RestoreCommand brings back what the engine relies on: echo off,
	// verbose result codes, result codes on.
	RestoreCommand = "ATE0V1Q0"
	// FactoryCommand restores the factory settings when RestoreCommand is
	// not answered with OK.
	FactoryCommand = "AT&F"
)

// healthStep tells which command of the health procedure a probe is.
type healthStep int

const (
	stepRestore healthStep = iota // ATE0V1Q0
	stepFactory                   // AT&F
	stepReinit                    // ATE0V1Q0 and Config.Init after AT&F
)

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
		l.misconfig = diagnose(r)
		l.e.event(EventTimeout, Redact(r.cmd)+l.misconfig)
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
		if r != l.rescue {
			// Probing before the caller hears of the timeout, so that what
			// it asks next (Probing, a ping) sees the probes under way.
			l.e.probing.Store(true)
		}
		l.finish(&Response{Command: r.cmd, Lines: r.lines}, err)
		if l.cur != nil {
			return // a timed-out Recover command: its own probe runs
		}
		l.probeFails, l.attempt = 0, 0
		l.sendProbe()
	}
}

// diagnose tells what a timed-out command's answer says about the modem: a
// numeric result code among its lines, or its echo or information text
// with no result code, mean a modem that is alive but misconfigured.
func diagnose(r *request) string {
	for _, s := range r.lines {
		if _, ok := parseNumeric(s); ok {
			return fmt.Sprintf(" (answered %q: numeric result codes, ATV0)", s)
		}
	}
	switch {
	case r.echoSeen:
		return " (echoed but no result code: ATQ1?)"
	case len(r.lines) > 0:
		return " (information text but no result code: ATQ1?)"
	}
	return ""
}

// numericFinal maps the numeric result codes of V.250 (ATV0) that end a
// command to their verbose form.
var numericFinal = map[string]string{
	"0": "OK", "1": "CONNECT", "3": "NO CARRIER", "4": "ERROR",
	"6": "NO DIALTONE", "7": "BUSY", "8": "NO ANSWER",
}

// parseNumeric reads a numeric final result code, as a modem in ATV0 sends
// it. Only the health procedure's probes take it: their commands have no
// information text a bare number could be.
func parseNumeric(s string) (Final, bool) {
	verbose, ok := numericFinal[s]
	if !ok {
		return Final{}, false
	}
	f, _ := ParseFinal(verbose)
	if f.Err != nil {
		f.Err = &ResultError{Result: verbose + " (numeric result code " + s + ", ATV0)"}
	}
	return f, true
}

// sendProbe starts the next attempt of the health procedure: ATE0V1Q0 and
// AT&F alternate.
func (l *loop) sendProbe() {
	if l.attempt%2 == 0 {
		l.sendHealth(RestoreCommand, stepRestore)
		return
	}
	l.sendHealth(FactoryCommand, stepFactory)
}

func (l *loop) sendHealth(cmd string, step healthStep) {
	timeout := l.e.cfg.HealthTimeout
	if l.rescue != nil || l.rescuing {
		timeout = min(timeout, RecoverProbeTimeout)
	}
	l.send(&request{
		ctx: context.Background(), cmd: cmd, probe: true, step: step,
		timeout: timeout, done: make(chan result, 1),
	})
}

// probeDone takes a probe's outcome.
func (l *loop) probeDone(r *request, err error) {
	switch {
	case r.step == stepReinit:
		if err != nil {
			l.e.log.Warn("re-applying a setting after AT&F failed", "command", Redact(r.cmd), "err", err)
		}
		l.nextReinit()
	case err == nil && r.step == stepFactory:
		l.restored = true
		l.reinit = append([]string{RestoreCommand}, l.e.cfg.Init...)
		l.nextReinit()
	case err == nil:
		l.healthy()
	default:
		l.attemptFailed(r, err)
	}
}

// nextReinit sends the next setting to apply after AT&F, or ends the
// procedure when none is left.
func (l *loop) nextReinit() {
	if len(l.reinit) == 0 {
		l.reinit = nil
		l.healthy()
		return
	}
	cmd := l.reinit[0]
	l.reinit = l.reinit[1:]
	l.sendHealth(cmd, stepReinit)
}

// healthy ends the health procedure: the modem answered.
func (l *loop) healthy() {
	l.probeFails, l.attempt = 0, 0
	l.e.probing.Store(false)
	l.stalePrompt = false
	l.e.promptOn.Store(false)
	restored, misconfig := l.restored, l.misconfig
	l.restored, l.misconfig = false, ""
	switch {
	case restored:
		l.e.log.Warn("the modem answered only after AT&F: its settings were restored to factory defaults")
	case misconfig != "":
		l.e.log.Warn("the modem's result codes were restored with "+RestoreCommand, "seen", misconfig)
	}
	if l.recovering {
		if misconfig != "" && !restored {
			// The restore is news whether or not the port was reopened
			// meanwhile (a watchdog's reopen races the timeout's restore).
			l.e.event(EventRestored, "result codes restored with "+RestoreCommand+" after a timeout"+misconfig)
		}
		l.recovering, l.unavailable = false, false
		l.backoff.Reset()
		l.e.available.Store(true)
		detail := "modem answers again"
		if restored {
			detail += "; settings restored to factory defaults with AT&F"
		}
		l.e.event(EventAvailable, detail)
		if l.rescue != nil {
			l.sendRescue()
		}
		return
	}
	switch {
	case restored:
		// What was configured is lost as on a restart: say so, so that
		// it is configured again.
		l.e.event(EventRestarted, "settings restored to factory defaults with AT&F: the modem did not answer ATE0V1Q0")
	case misconfig != "":
		l.e.event(EventRestored, "result codes restored with "+RestoreCommand+" after a timeout"+misconfig)
	}
}

// attemptFailed goes on after a probe that was not answered with OK.
//
// AT&F follows only an ATE0V1Q0 that showed the module alive (a result
// other than OK, its echo, any text): a module that says nothing at all may
// be busy (a network scan, a slow command) rather than misconfigured, and
// once free it would take AT&F and lose every setting. Silence gets
// ATE0V1Q0 again, and HealthRetries of it make the module unavailable.
func (l *loop) attemptFailed(r *request, err error) {
	alive := !errors.Is(err, ErrTimeout) || r.echoSeen || len(r.lines) > 0
	if alive || r.step != stepRestore {
		l.attempt++
	}
	switch {
	case l.recovering && l.rescue != nil:
		l.sendRescue() // the modem may still take it
	case l.recovering:
		if alive && l.attempt < 2 {
			l.sendProbe() // AT&F after ATE0V1Q0 on this opening
			return
		}
		l.closePort()
		l.scheduleReopen()
	case errors.Is(err, ErrTimeout):
		l.probeFails++
		if l.probeFails >= l.e.cfg.HealthRetries {
			l.markUnavailable(fmt.Sprintf("no answer to %s or %s %d times", RestoreCommand, FactoryCommand, l.probeFails))
			return
		}
		l.sendProbe()
	case r.step == stepRestore:
		l.sendProbe() // answered, but not with OK: AT&F next
	default:
		l.markUnavailable(fmt.Sprintf("modem answered %s with %v", r.cmd, err))
	}
}

// portLost handles a read or write failure of the port. While the engine
// closes (Close closes the port under the loop) the failure is the close:
// the loop's shutdown fails what waits with ErrClosed.
func (l *loop) portLost(err error) {
	select {
	case <-l.e.closed:
		return
	default:
	}
	if l.unavailable {
		l.closePort()
		failed := fmt.Errorf("%w: port failed: %v", ErrUnavailable, err)
		l.dropCurrent(failed)
		if r := l.rescue; r != nil { // its fresh port is gone
			l.rescue = nil
			r.finish(nil, failed)
		}
		l.scheduleReopen()
		return
	}
	l.markUnavailable(fmt.Sprintf("port failed: %v", err))
}

// dropCurrent ends the running command, if any, with err; a probe ends
// silently.
func (l *loop) dropCurrent(err error) {
	r := l.cur
	if r == nil {
		return
	}
	l.cur = nil
	l.timer.Stop()
	l.stopAbort()
	if r == l.rescue {
		l.rescue = nil
	}
	if !r.probe {
		r.finish(nil, err)
	}
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
	l.reinit, l.restored = nil, false
	l.e.available.Store(false)
	l.e.probing.Store(false)
	l.e.stats.unavailable.Add(1)
	l.failAll(fmt.Errorf("%w: %s", ErrUnavailable, reason))
	l.e.event(EventUnavailable, reason)
}

func (l *loop) scheduleReopen() {
	l.recovering = false
	d := l.backoff.Next()
	if l.reopen != nil {
		l.reopen.Stop()
	}
	l.reopen = time.NewTimer(d)
}

// reopenPort opens the port again and probes the modem.
func (l *loop) reopenPort(ctx context.Context) error {
	port, err := l.e.open(ctx)
	if err != nil {
		l.e.log.Debug("reopening the modem port failed", "err", err)
		l.scheduleReopen()
		return err
	}
	l.port = port
	l.e.setPort(port, false)
	l.gen++
	l.e.tr.Note("port reopened")
	l.startReader()
	if l.escFirst {
		// Leave a text entry the interrupted command may have left the
		// module in, and answer a late prompt with ESC too.
		l.escFirst = false
		l.stalePrompt = true
		if err := l.write([]byte{esc}); err != nil {
			l.e.log.Debug("ESC on the reopened port failed", "err", err)
		}
	}
	l.recovering = true
	l.probeFails, l.attempt, l.reinit, l.restored = 0, 0, nil, false
	l.sendProbe()
	return nil
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
// again without waiting for the backoff and probed with the restoring
// commands, and EventAvailable follows when the modem answers. Should the
// port not open, or the modem not answer, the health procedure goes on with
// backoff. Reopen returns once the port has been reopened (or the reopen
// failed), not waiting for the probe. Before Start and after Close it does
// nothing.
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
func (l *loop) forceReopen(ctx context.Context, reason string) error {
	if l.unavailable {
		l.closePort()
		// only a probe or the rescue can be running
		l.failAll(fmt.Errorf("%w: %s", ErrUnavailable, reason))
	} else {
		l.deemUnavailable(reason)
	}
	if l.reopen != nil {
		l.reopen.Stop()
		l.reopen = nil
	}
	l.recovering = false
	return l.reopenPort(ctx)
}
