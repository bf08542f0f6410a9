package at

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/redact"
	"github.com/cellgate/cellgate/internal/retry"
)

const (
	ctrlZ = 0x1A
	esc   = 0x1B
)

// readItem carries a token or a read error from a reader goroutine; gen tells
// which opening of the port it came from, so that a closed port's last words
// are ignored.
type readItem struct {
	gen uint64
	tok Token
	err error
}

// loop is the command loop's state. Every field is owned by the loop
// goroutine; nothing else reads or writes them.
type loop struct {
	e     *Engine
	port  io.ReadWriteCloser // nil while closed
	gen   uint64
	queue []*request
	cur   *request
	timer *time.Timer

	// health procedure (guide 1.2.3)
	probeFails  int
	unavailable bool          // deemed absent: commands fail fast, the port is reopened
	recovering  bool          // port reopened, waiting for the probe's answer
	backoff     retry.Backoff // between reopen attempts
	reopen      *time.Timer
	attempt     int      // the health procedure's attempt: even ATE0V1Q0, odd AT&F
	reinit      []string // settings still to apply after AT&F
	restored    bool     // AT&F restored the factory settings in this procedure
	misconfig   string   // what the timed-out command showed of a misconfigured modem
	// rescue is the Recover command waiting for the fresh port's probe;
	// rescuing is set while its port is being reopened.
	rescue   *request
	rescuing bool

	// a multi-line URC collecting its remaining lines
	urc     *URC
	urcFn   func(URC)
	urcLeft int

	// abortAt fires when an abort may be written: a module ignores
	// characters for a moment after it took a command (V.250 5.6.1).
	abortAt *time.Timer
	// stalePrompt: a payload command timed out before its prompt, which may
	// still come; it is answered with ESC until the modem is healthy again.
	stalePrompt bool
	// escFirst: the port was closed while a prompt may still come (a
	// payload command before its prompt, or a stale one); the module may
	// be in text entry, so the next opening starts with ESC.
	escFirst bool
}

// abortGuard is how long after a command the abort character is held back.
// A module that took the command later than the engine sent it (a busy
// line, a slow module) may still ignore it: while the command runs the
// character is sent again every abortRetry, until AbortTimeout.
const (
	abortGuard = 125 * time.Millisecond
	abortRetry = 500 * time.Millisecond
)

func newLoop(e *Engine, port io.ReadWriteCloser) *loop {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &loop{e: e, port: port, gen: 1, timer: t,
		backoff: retry.Backoff{Min: e.cfg.ReopenMin, Max: e.cfg.ReopenMax, Jitter: reopenJitter}}
}

func (l *loop) run(ctx context.Context) {
	l.startReader()
	defer l.shutdown()
	for {
		if l.cur == nil && !l.unavailable {
			l.startNext()
		}
		var timerC, reopenC, abortC <-chan time.Time
		var callerGone <-chan struct{}
		if l.cur != nil {
			timerC = l.timer.C
			if !l.cur.cancelled {
				callerGone = l.cur.ctx.Done()
			}
		}
		if l.reopen != nil {
			reopenC = l.reopen.C
		}
		if l.abortAt != nil {
			abortC = l.abortAt.C
		}
		select {
		case <-ctx.Done():
			return
		case r := <-l.e.reqs:
			l.enqueue(r)
		case rq := <-l.e.reopens:
			l.forceReopen(ctx, rq.reason)
			close(rq.done)
		case rq := <-l.e.rescues:
			l.startRescue(ctx, rq)
		case it := <-l.e.tokens:
			if it.gen != l.gen {
				continue
			}
			if it.err != nil {
				l.portLost(it.err)
				continue
			}
			l.token(it.tok)
		case <-timerC:
			l.timeout()
		case <-callerGone:
			l.callerGone()
		case <-reopenC:
			l.reopen = nil
			l.reopenPort(ctx)
		case <-abortC:
			l.abortAt = nil
			l.writeAbort()
		}
	}
}

func (l *loop) shutdown() {
	l.closePort()
	if l.reopen != nil {
		l.reopen.Stop()
	}
	l.failAll(ErrClosed)
}

func (l *loop) enqueue(r *request) {
	if len(l.queue) >= l.e.cfg.MaxQueue {
		l.dropAbandoned()
	}
	switch {
	case l.unavailable:
		r.finish(nil, ErrUnavailable)
	case len(l.queue) >= l.e.cfg.MaxQueue:
		r.finish(nil, ErrQueueFull)
	case r.preempt:
		l.queue = append([]*request{r}, l.queue...)
		l.noteQueued(r)
		l.preempt()
	default:
		l.queue = append(l.queue, r)
		l.noteQueued(r)
	}
}

// noteQueued tells a test that r waits behind the running command.
func (l *loop) noteQueued(r *request) {
	if l.cur != nil && l.e.cfg.queued != nil {
		l.e.cfg.queued(r.cmd)
	}
}

// dropAbandoned removes queued commands whose callers gave up.
func (l *loop) dropAbandoned() {
	kept := l.queue[:0]
	for _, r := range l.queue {
		if err := r.ctx.Err(); err != nil {
			r.finish(nil, err)
			continue
		}
		kept = append(kept, r)
	}
	clear(l.queue[len(kept):])
	l.queue = kept
}

// preempt aborts the running command if it is abortive and a preempting
// command waits.
func (l *loop) preempt() {
	if l.cur == nil || !l.cur.abortive || l.cur.aborting {
		return
	}
	for _, q := range l.queue {
		if q.preempt {
			l.abort()
			return
		}
	}
}

// startNext sends the first queued command whose caller still waits.
func (l *loop) startNext() {
	for len(l.queue) > 0 {
		r := l.queue[0]
		l.queue[0] = nil
		l.queue = l.queue[1:]
		if err := r.ctx.Err(); err != nil {
			r.finish(nil, err)
			continue
		}
		l.send(r)
		return
	}
	if len(l.queue) == 0 && cap(l.queue) > 64 {
		l.queue = nil
	}
}

func (l *loop) send(r *request) {
	if l.urc != nil {
		l.deliverURC() // its remaining lines never came
	}
	l.cur = r
	l.e.promptOn.Store(r.hasPayload || l.stalePrompt)
	l.timer.Reset(r.timeout)
	r.sentAt = time.Now()
	if r.onSent != nil {
		r.onSent()
	}
	if err := l.write([]byte(r.cmd + "\r")); err != nil {
		l.portLost(err)
		return
	}
	l.preempt()
}

func (l *loop) write(b []byte) error {
	if l.port == nil {
		return ErrUnavailable
	}
	if d, ok := l.port.(interface{ SetWriteDeadline(time.Time) error }); ok {
		_ = d.SetWriteDeadline(time.Now().Add(l.e.cfg.WriteTimeout))
	}
	l.e.tr.Sent(b)
	_, err := l.port.Write(b)
	return err
}

func (l *loop) token(tok Token) {
	switch tok.Kind {
	case TokOverflow:
		l.e.stats.overflows.Add(1)
		l.e.event(EventGarbage, fmt.Sprintf("overlong line: %d bytes dropped", tok.Dropped))
		if l.cur != nil {
			l.cur.overflow = true
		}
	case TokPrompt:
		r := l.cur
		data := []byte{esc} // a prompt nobody waits for: leave text entry
		if r != nil && r.hasPayload && !r.promptSent {
			r.promptSent = true
			if !r.cancelled && !r.aborting && r.ctx.Err() == nil {
				data = append(append([]byte(nil), r.payload...), ctrlZ)
			}
		}
		if err := l.write(data); err != nil {
			l.portLost(err)
		}
	default:
		l.line(strings.TrimSpace(tok.Line))
	}
}

// line decides whose line it is: a URC's, the command's, or nobody's.
func (l *loop) line(s string) {
	if s == "" {
		return
	}
	if l.urc != nil {
		if l.continues(s) {
			l.urc.Lines = append(l.urc.Lines, s)
			if l.urcLeft--; l.urcLeft > 0 {
				return
			}
			l.deliverURC()
			return
		}
		l.deliverURC() // incomplete: the modem went on with a final result
	}
	if s == "^SYSSTART" || s == "RDY" {
		l.e.event(EventRestarted, s)
		l.unsolicited(s)
		l.restarted()
		return
	}
	r := l.cur
	if r == nil {
		l.unsolicited(s)
		return
	}
	if !r.echoSeen && strings.EqualFold(s, r.cmd) {
		r.echoSeen = true
		return
	}
	if r.promptSent && strings.Trim(s, "\x1a\x1b") == string(r.payload) {
		return // the modem echoing the payload
	}
	if f, ok := ParseFinal(s); ok {
		l.complete(s, f)
		return
	}
	if r.probe {
		if f, ok := parseNumeric(s); ok { // a modem left in ATV0
			l.complete(s, f)
			return
		}
	}
	if !r.owns(s) {
		if p, h, ok := l.e.urcFor(s); ok {
			l.startURC(p, h, s)
			return
		}
	}
	if r.size += len(s); r.size > l.e.cfg.MaxResponse {
		r.overflow = true
		return
	}
	r.lines = append(r.lines, s)
}

// continues reports whether s can be the next line of the pending
// multi-line URC: not a final result, not another URC, not a restart banner,
// not the echo of the running command.
func (l *loop) continues(s string) bool {
	if _, final := ParseFinal(s); final || s == "^SYSSTART" || s == "RDY" {
		return false
	}
	if _, _, ok := l.e.urcFor(s); ok {
		return false
	}
	return l.cur == nil || !strings.EqualFold(s, l.cur.cmd)
}

// restarted ends the running command: a module that restarted lost it and
// will never answer. A health probe counts as answered: the module is alive.
func (l *loop) restarted() {
	r := l.cur
	if r == nil {
		return
	}
	if r.probe {
		// Its settings are the power-on ones now, and EventRestarted says
		// so: no AT&F and no re-applying of Init for this procedure.
		r.step, l.reinit, l.restored = stepRestore, nil, false
		l.finish(nil, nil)
		return
	}
	l.finish(&Response{Command: r.cmd, Lines: r.lines}, ErrRestarted)
}

// unsolicited handles a line that arrives while no command runs.
func (l *loop) unsolicited(s string) {
	if p, h, ok := l.e.urcFor(s); ok {
		l.startURC(p, h, s)
		return
	}
	if h, ok := l.e.catchAll(); ok {
		l.startURC("", h, s)
		return
	}
	l.e.stats.unexpected.Add(1)
	if _, final := ParseFinal(s); final {
		l.e.log.Debug("late final result ignored", "line", s)
		return
	}
	l.e.log.Debug("unsolicited line with no handler", "line", redact.Line(s))
}

func (l *loop) startURC(prefix string, h handler, first string) {
	l.urc = &URC{Prefix: prefix, Lines: []string{first}, Time: time.Now()}
	l.urcFn = h.fn
	l.urcLeft = h.lines - 1
	if l.urcLeft == 0 {
		l.deliverURC()
	}
}

func (l *loop) deliverURC() {
	u, fn := *l.urc, l.urcFn
	l.urc, l.urcFn, l.urcLeft = nil, nil, 0
	l.e.stats.urcs.Add(1)
	l.e.emit(func() { fn(u) })
}

// complete ends the current command with its final result.
func (l *loop) complete(line string, f Final) {
	r := l.cur
	if r.probe {
		// The last final result within the settle time is the probe's: a
		// timed-out command may answer late, just before it.
		r.final = f
		if !r.settling {
			r.settling = true
			l.timer.Reset(l.e.cfg.Settle)
		}
		return
	}
	resp := &Response{Command: r.cmd, Lines: r.lines, Final: line, Rate: f.Rate}
	err := f.Err
	switch {
	case r.aborting && err != nil:
		err = fmt.Errorf("%w (%v)", ErrAborted, err)
	case err == nil && r.overflow:
		err = ErrResponseTooLarge
	case err == nil && r.hasPayload && !r.promptSent:
		err = ErrNoPrompt
	}
	l.finish(resp, err)
}

// finish hands the current command its result and frees the line.
func (l *loop) finish(resp *Response, err error) {
	r := l.cur
	l.cur = nil
	l.timer.Stop()
	l.stopAbort()
	l.e.promptOn.Store(l.stalePrompt)
	if r.probe {
		l.probeDone(r, err)
		return
	}
	l.e.stats.commands.Add(1)
	if err != nil {
		l.e.stats.failed.Add(1)
	}
	r.finish(resp, err)
	if r == l.rescue {
		l.rescue = nil
		l.afterRescue()
	}
}

// callerGone: the caller of the running command gave up. An abortive
// command is aborted; any other runs to its end, as the modem demands.
func (l *loop) callerGone() {
	l.cur.cancelled = true
	if l.cur.abortive && !l.cur.aborting {
		l.abort()
	}
}

// abort interrupts the running abortive command: any character does (V.250
// 5.6.1), once the module listens for it; CR is harmless should the command
// have ended already.
func (l *loop) abort() {
	r := l.cur
	r.aborting = true
	wait := abortGuard - time.Since(r.sentAt)
	l.timer.Reset(l.e.cfg.AbortTimeout + max(wait, 0))
	if wait > 0 {
		l.stopAbort()
		l.abortAt = time.NewTimer(wait)
		return
	}
	l.writeAbort()
}

func (l *loop) writeAbort() {
	if l.cur == nil {
		return
	}
	if err := l.write([]byte("\r")); err != nil {
		l.portLost(err)
		return
	}
	if l.cur != nil && l.cur.aborting {
		l.stopAbort()
		l.abortAt = time.NewTimer(abortRetry)
	}
}

func (l *loop) stopAbort() {
	if l.abortAt != nil {
		l.abortAt.Stop()
		l.abortAt = nil
	}
}

func (l *loop) failAll(err error) {
	l.stopAbort()
	if r := l.cur; l.stalePrompt || r != nil && r.hasPayload && !r.promptSent {
		l.escFirst = true
	}
	l.stalePrompt = false
	l.e.promptOn.Store(false)
	if r := l.cur; r != nil {
		l.cur = nil
		l.timer.Stop()
		if !r.probe {
			r.finish(nil, err)
		}
		if r == l.rescue {
			l.rescue = nil
		}
	}
	if r := l.rescue; r != nil {
		l.rescue = nil
		r.finish(nil, err)
	}
	for _, r := range l.queue {
		r.finish(nil, err)
	}
	l.queue = nil
	l.urc, l.urcFn, l.urcLeft = nil, nil, 0
}

func (l *loop) startReader() {
	gen, port, e := l.gen, l.port, l.e
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		e.read(gen, port)
	}()
}

// read is a reader goroutine: it frames what one opening of the port yields
// until the port fails or is closed.
func (e *Engine) read(gen uint64, r io.Reader) {
	f := Framer{Max: e.cfg.MaxLine}
	buf := make([]byte, 4096)
	send := func(it readItem) {
		select {
		case e.tokens <- it:
		case <-e.closed:
		}
	}
	for {
		n, err := r.Read(buf)
		if n > 0 {
			f.Prompt = e.promptOn.Load()
			f.Feed(buf[:n], func(t Token) {
				e.tr.Received(t)
				send(readItem{gen: gen, tok: t})
			})
		}
		if err != nil {
			send(readItem{gen: gen, err: err})
			return
		}
	}
}

func (l *loop) closePort() {
	if l.port != nil {
		l.e.setPort(nil, false)
		_ = l.port.Close()
		l.port = nil
		l.gen++
		l.e.tr.Note("port closed")
	}
}

// reopenJitter spreads the reopen waits so that routers that lost their
// modems together do not reopen in lockstep.
const reopenJitter = 0.2
