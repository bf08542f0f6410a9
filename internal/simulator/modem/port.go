package modem

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
)

const (
	maxLine      = 2048                   // command line bytes kept; longer lines give ERROR
	maxPayload   = 4096                   // SMS payload bytes kept after the prompt
	escapeGap    = 900 * time.Millisecond // "+++" must come within 0.9 s (guide 4.4.2)
	writeTimeout = 5 * time.Second        // a write nobody reads is dropped after this
	readChunk    = 512
)

// lineMode is what the port does with received bytes.
type lineMode int

const (
	modeCommand lineMode = iota // command lines
	modeData                    // data mode after CONNECT, until "+++"
)

// outItem is something to write that did not come from a command.
type outItem struct {
	lines  []string // an indication (URC), written between commands
	repeat int      // an indication written this many times more (a storm), one at a time
	raw    []byte   // bytes written as they are, even while a command runs
	hangup bool     // the data call ended: NO CARRIER
}

// port is one stream the module speaks on. Everything but the queue is
// owned by the goroutine running Serve.
type port struct {
	m   *Modem
	ctx context.Context
	rw  io.ReadWriter
	log *slog.Logger

	in      chan []byte
	rerr    chan error
	readErr error
	werr    error
	pending []byte // received, not processed yet

	gen      uint64 // power-cycle generation last seen
	cmdGen   uint64 // generation the running command started in
	mode     lineMode
	line     []byte
	overflow bool
	last     string   // last command line, for A/
	out      []string // information lines of the running command not written yet
	echoBuf  []byte

	// escape from data mode
	plus     int
	lastData time.Time
	lastPlus time.Time
	guard    time.Duration
	escTimer *time.Timer
	escC     <-chan time.Time

	dmu     sync.Mutex // orders write deadlines against interrupt
	stopped bool

	qmu   sync.Mutex
	queue []outItem
	qsig  chan struct{}
}

func newPort(m *Modem, ctx context.Context, rw io.ReadWriter) *port {
	return &port{
		m:    m,
		ctx:  ctx,
		rw:   rw,
		log:  m.log,
		in:   make(chan []byte),
		rerr: make(chan error, 1),
		qsig: make(chan struct{}, 1),
	}
}

// readLoop hands received bytes to the port's goroutine.
func (p *port) readLoop(done chan<- struct{}) {
	defer close(done)
	buf := make([]byte, readChunk)
	for {
		n, err := p.rw.Read(buf)
		if n > 0 {
			b := append([]byte(nil), buf[:n]...)
			select {
			case p.in <- b:
			case <-p.ctx.Done():
				return
			}
		}
		if err != nil {
			p.rerr <- err
			return
		}
	}
}

// interrupt unblocks a Read or Write in progress, if the stream allows.
func (p *port) interrupt() bool {
	p.dmu.Lock()
	defer p.dmu.Unlock()
	p.stopped = true
	return interrupt(p.rw)
}

// loop is the port's goroutine: it processes input, runs commands and writes
// indications until the port stops.
func (p *port) loop() error {
	for {
		if p.werr != nil {
			return p.werr
		}
		if p.readErr != nil {
			return p.readErr
		}
		if err := p.ctx.Err(); err != nil {
			return err
		}
		p.syncGen()
		p.flushQueue(p.mode == modeCommand, true)
		if len(p.pending) > 0 {
			b := p.pending
			p.pending = nil
			p.consume(b)
			continue
		}
		select {
		case <-p.ctx.Done():
		case err := <-p.rerr:
			p.readErr = err
		case b := <-p.in:
			p.consume(b)
		case <-p.qsig:
		case <-p.escC:
			p.escapeDone()
		}
	}
}

// syncGen forgets the line state of the previous power cycle.
func (p *port) syncGen() {
	g := p.m.gen.Load()
	if g == p.gen {
		return
	}
	p.gen = g
	p.line, p.overflow, p.pending = p.line[:0], false, nil
	p.leaveData()
}

// consume processes received bytes in command or data mode.
func (p *port) consume(b []byte) {
	if !p.m.answering() {
		p.pending = nil // frozen or booting: input is lost
		return
	}
	if p.mode == modeData {
		p.dataBytes(b)
		return
	}
	echo := p.m.echoOn()
	for i := 0; i < len(b); i++ {
		c := b[i]
		if echo {
			p.echoBuf = append(p.echoBuf, c)
		}
		switch c {
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' { // the LF of a CR LF ending goes with it
				i++
				if echo {
					p.echoBuf = append(p.echoBuf, '\n')
				}
			}
			p.done(b[i+1:], string(p.line))
			return
		case '\n':
		case '\b', 0x7f:
			if len(p.line) > 0 {
				p.line = p.line[:len(p.line)-1]
			}
		default:
			if len(p.line) >= maxLine {
				p.overflow = true
				continue
			}
			p.line = append(p.line, c)
			if len(p.line) == 2 && p.line[0]|0x20 == 'a' && p.line[1] == '/' {
				p.done(b[i+1:], p.last) // A/ repeats the last line at once (V.250 5.2.4)
				return
			}
		}
	}
	p.flushEcho()
}

// done ends the line being typed and runs line; rest is the input after it.
func (p *port) done(rest []byte, line string) {
	p.flushEcho()
	over := p.overflow
	p.line, p.overflow = p.line[:0], false
	p.pending = append(append([]byte(nil), rest...), p.pending...)
	p.execLine(line, over)
}

func (p *port) flushEcho() {
	if len(p.echoBuf) > 0 {
		p.write(p.echoBuf)
		p.echoBuf = p.echoBuf[:0]
	}
}

// commandBody gives what follows "AT" in a line; characters before it are
// ignored (V.250 5.2.1).
func commandBody(line string) (string, bool) {
	i := strings.Index(strings.ToUpper(line), "AT")
	if i < 0 {
		return "", false
	}
	return line[i+2:], true
}

// execLine runs the commands of a line and writes the final result.
func (p *port) execLine(line string, overflow bool) {
	body, ok := commandBody(line)
	if !ok {
		return
	}
	p.m.record(line)
	p.last = line
	p.log.Debug("command", "line", line)

	p.m.execMu.Lock()
	defer p.m.execMu.Unlock()
	p.cmdGen = p.m.gen.Load()
	p.out = nil

	var then []func()
	var err error
	if d := p.m.cfg.ResponseDelay; d > 0 {
		err = p.wait(d, false)
	}
	switch {
	case err != nil:
	case overflow:
		err = errSyntax
	default:
		var cmds []parsed
		cmds, err = parseLine(body)
		for _, pc := range cmds {
			if err = p.run(pc, &then); err != nil {
				break
			}
		}
	}
	switch {
	case errors.Is(err, errPowerCycle), errors.Is(err, errGone):
		p.out = nil
		return
	case errors.Is(err, errAborted):
		err = cmeAborted
	}
	p.flushOut()
	if errors.Is(err, errNoResult) {
		for _, fn := range then {
			fn()
		}
		return
	}
	var cn connect
	if errors.As(err, &cn) {
		p.writeResult(string(cn))
		p.enterData()
		return
	}
	p.writeResult(p.m.resultText(err))
	for _, fn := range then {
		fn()
	}
}

// run runs one command of a line.
func (p *port) run(pc parsed, then *[]func()) error {
	m := p.m
	cmd := m.table[pc.name]
	if cmd == nil {
		return errSyntax
	}
	h := cmd.handler(pc.form)
	if h == nil {
		return errSyntax
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gen.Load() != p.cmdGen || m.st.phase != phaseOn {
		return errPowerCycle
	}
	x := &call{m: m, p: p, st: m.st, cmd: cmd, form: pc.form, raw: pc.raw}
	if pc.form == formSet {
		x.args = splitArgs(pc.raw)
	}
	if pc.form != formTest {
		if err := m.simCheckLocked(cmd.sim); err != nil {
			return err
		}
	}
	err := h(x)
	if x.then != nil {
		*then = append(*then, x.then)
	}
	return err
}

// stale reports whether the module was reset since the command started.
func (p *port) stale() bool { return p.m.gen.Load() != p.cmdGen }

// flushOut writes the information lines of the running command.
func (p *port) flushOut() {
	if len(p.out) == 0 {
		return
	}
	out := p.out
	p.out = nil
	if p.stale() {
		return
	}
	p.writeLines(out)
}

// writeLines writes information text or an unsolicited indication framed as
// ATV says: "<CR><LF><text><CR><LF>" verbose, "<text><CR><LF>" under ATV0
// (V.250 5.7.1).
func (p *port) writeLines(lines []string) {
	_, verbose, _ := p.m.format()
	s := strings.Join(lines, "\r\n") + "\r\n"
	if verbose {
		s = "\r\n" + s
	}
	p.write([]byte(s))
}

// writeResult writes a final result code in the ATV and ATQ format.
func (p *port) writeResult(text string) {
	if p.stale() {
		return
	}
	_, verbose, quiet := p.m.format()
	if quiet {
		return
	}
	if verbose {
		p.write([]byte("\r\n" + text + "\r\n"))
		return
	}
	word := text
	if i := strings.IndexByte(word, ' '); i > 0 && strings.HasPrefix(text, "CONNECT") {
		word = word[:i]
	}
	if code, ok := numericCode[word]; ok {
		p.write([]byte(code + "\r"))
		return
	}
	// An extended result code (+CME ERROR, +CMS ERROR) has no numeric
	// form; it takes the basic codes' framing all the same (V.250 5.7.2).
	p.write([]byte(text + "\r"))
}

// write writes b to the stream. Nothing is written while the module is
// frozen; a write nobody reads for writeTimeout is dropped.
func (p *port) write(b []byte) {
	if p.werr != nil || len(b) == 0 || p.m.frozen.Load() {
		return
	}
	p.dmu.Lock()
	if p.stopped {
		p.dmu.Unlock()
		p.werr = errGone
		return
	}
	if d, ok := p.rw.(interface{ SetWriteDeadline(time.Time) error }); ok {
		d.SetWriteDeadline(time.Now().Add(writeTimeout))
	}
	p.dmu.Unlock()
	p.log.Debug("tx", "data", string(b))
	if _, err := p.rw.Write(b); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) && p.ctx.Err() == nil {
			p.log.Warn("write timed out, output dropped", "bytes", len(b))
			return
		}
		p.werr = err
	}
}

// wait lets d pass while collecting input; see call.wait.
func (p *port) wait(d time.Duration, abortable bool) error {
	power := p.m.powerChan()
	if p.stale() {
		return errPowerCycle
	}
	t := time.NewTimer(d)
	defer t.Stop()
	start := time.Now()
	for {
		p.flushQueue(false, false)
		select {
		case <-t.C:
			return nil
		case <-p.ctx.Done():
			return errGone
		case err := <-p.rerr:
			p.readErr = err
			return errGone
		case <-power:
			return errPowerCycle
		case <-p.qsig:
		case b := <-p.in:
			// The characters are kept: when a new command aborts the
			// running one (guide 1.2.2), it runs next.
			p.pending = append(p.pending, b...)
			if abortable && time.Since(start) >= p.m.cfg.AbortGuard && p.m.answering() {
				return errAborted
			}
		}
	}
}

// readPayload reads the text after the "> " prompt up to Ctrl-Z (or ESC,
// which cancels). In text mode a CR starts a new line with a new prompt.
func (p *port) readPayload(text bool) (string, bool, error) {
	const prompt = "\r\n> "
	power := p.m.powerChan()
	if p.stale() {
		return "", false, errPowerCycle
	}
	p.write([]byte(prompt))
	echo := p.m.echoOn()
	var buf []byte
	for {
		for len(p.pending) > 0 {
			b := p.pending
			p.pending = nil
			if !p.m.answering() {
				continue
			}
			for i, c := range b {
				switch c {
				case 0x1A, 0x1B:
					p.flushEcho()
					p.pending = append([]byte(nil), b[i+1:]...)
					if c == 0x1B {
						return "", true, nil
					}
					return string(buf), false, nil
				case '\r':
					if text {
						p.flushEcho()
						buf = append(buf, '\n')
						p.write([]byte(prompt))
					}
				case '\n':
				case '\b', 0x7f:
					if len(buf) > 0 {
						buf = buf[:len(buf)-1]
					}
				default:
					if len(buf) < maxPayload {
						buf = append(buf, c)
					}
					if echo {
						p.echoBuf = append(p.echoBuf, c)
					}
				}
			}
			p.flushEcho()
		}
		p.flushQueue(false, false)
		select {
		case b := <-p.in:
			p.pending = b
		case <-p.ctx.Done():
			return "", false, errGone
		case err := <-p.rerr:
			p.readErr = err
			return "", false, errGone
		case <-power:
			return "", false, errPowerCycle
		case <-p.qsig:
		}
	}
}

// enqueue queues an item for the port's goroutine.
func (p *port) enqueue(it outItem) {
	p.qmu.Lock()
	p.queue = append(p.queue, it)
	p.qmu.Unlock()
	select {
	case p.qsig <- struct{}{}:
	default:
	}
}

// dropQueue forgets queued indications (power cycle).
func (p *port) dropQueue() {
	p.qmu.Lock()
	p.queue = nil
	p.qmu.Unlock()
}

// flushQueue writes queued items: raw bytes always, indications when urcs
// is set (between commands, outside data mode) and hang-ups when hangups is.
// Of a repeated indication (Modem.Storm) it writes one copy and leaves the
// rest, and what follows it, for the next round, so that commands received
// meanwhile are answered between the copies.
func (p *port) flushQueue(urcs, hangups bool) {
	p.qmu.Lock()
	var now, keep []outItem
	storm := false
	for _, it := range p.queue {
		switch {
		case storm:
			keep = append(keep, it)
		case it.raw != nil || (hangups && it.hangup):
			now = append(now, it)
		case urcs && it.lines != nil:
			if it.repeat > 0 {
				now = append(now, outItem{lines: it.lines})
				it.repeat--
				keep = append(keep, it)
				storm = true
				continue
			}
			now = append(now, it)
		default:
			keep = append(keep, it)
		}
	}
	p.queue = keep
	p.qmu.Unlock()
	if storm {
		select {
		case p.qsig <- struct{}{}:
		default:
		}
	}
	for _, it := range now {
		switch {
		case it.raw != nil:
			p.write(it.raw)
		case it.hangup:
			p.cmdGen = p.m.gen.Load()
			if p.mode == modeData {
				p.leaveData()
				p.writeResult(string(noCarrier))
			} else {
				p.writeResult(string(noCarrier))
			}
		default:
			p.writeLines(it.lines)
		}
	}
}

// enterData puts the line in data mode after CONNECT.
func (p *port) enterData() {
	p.mode = modeData
	p.plus = 0
	p.lastData = time.Now()
	p.guard = p.m.escapeGuard()
}

// leaveData returns the line to command mode.
func (p *port) leaveData() {
	p.mode = modeCommand
	p.plus = 0
	if p.escTimer != nil {
		p.escTimer.Stop()
		p.escTimer, p.escC = nil, nil
	}
}

// dataBytes handles bytes in data mode: they go nowhere, but "+++" with the
// guard time before and after it returns to command mode (V.250 6.3.7).
func (p *port) dataBytes(b []byte) {
	now := time.Now()
	for _, c := range b {
		if c == '+' {
			switch {
			case p.plus == 0 && now.Sub(p.lastData) >= p.guard:
				p.plus = 1
			case p.plus > 0 && p.plus < 3 && now.Sub(p.lastPlus) <= escapeGap:
				p.plus++
			default:
				p.plus = 0
				p.lastData = now
			}
			p.lastPlus = now
		} else {
			p.plus = 0
			p.lastData = now
		}
		if p.escTimer != nil {
			p.escTimer.Stop()
			p.escTimer, p.escC = nil, nil
		}
		if p.plus == 3 {
			p.escTimer = time.NewTimer(p.guard)
			p.escC = p.escTimer.C
		}
	}
}

// escapeDone: the guard time after "+++" passed in silence.
func (p *port) escapeDone() {
	p.escTimer, p.escC = nil, nil
	if p.mode != modeData || p.plus != 3 {
		return
	}
	p.leaveData()
	p.cmdGen = p.m.gen.Load()
	p.writeResult("OK")
}
