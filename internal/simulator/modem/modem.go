package modem

import (
	"context"
	"errors"
	"github.com/cellgate/cellgate/internal/simulator/terminal"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned by Serve and Start once the Modem is closed.
var ErrClosed = errors.New("modem: closed")

// historyLimit bounds the command history Commands returns.
const historyLimit = 1000

// Modem is a simulated cellular module. Create it with New, let it speak on a
// stream with Serve or on a pseudo-terminal with Start, steer it with the
// control methods, and Close it. All methods are safe for concurrent use.
type Modem struct {
	cfg   Config
	prof  *profile
	log   *slog.Logger
	table map[string]*command

	// execMu serialises command execution across ports (guide 1.2.2).
	execMu sync.Mutex

	mu      sync.Mutex // guards the fields below and everything in st
	st      *state
	ports   map[*port]struct{}
	history []string
	sent    []SentSMS
	reports deliveryReports // see DeliveryReports
	powerCh chan struct{}   // closed and replaced at every power cycle

	gen    atomic.Uint64 // power-cycle generation
	frozen atomic.Bool

	tmu     sync.Mutex // guards the timers
	timers  map[*time.Timer]struct{}
	twg     sync.WaitGroup
	tclosed bool

	ctx       context.Context // cancelled by Close
	cancel    context.CancelFunc
	wg        sync.WaitGroup // Start's goroutine
	closeOnce sync.Once

	ptyMu sync.Mutex
	term  *terminal.Terminal // the pseudo-terminal of Start
}

// New creates a Modem from cfg, with defaults for the fields left zero. It
// starts nothing: the module powers on when Serve or Start first runs.
func New(cfg Config) *Modem {
	cfg = cfg.withDefaults()
	p := new(*profiles[cfg.Vendor]) // a copy, with the model of cfg
	p.model = cfg.Model
	ctx, cancel := context.WithCancel(context.Background())
	m := &Modem{
		cfg:     cfg,
		prof:    p,
		log:     cfg.Logger.With("vendor", string(cfg.Vendor)),
		table:   buildTable(cfg.Vendor),
		st:      newState(&cfg, p),
		ports:   make(map[*port]struct{}),
		powerCh: make(chan struct{}),
		timers:  make(map[*time.Timer]struct{}),
		ctx:     ctx,
		cancel:  cancel,
	}
	return m
}

// Serve speaks AT on rw until ctx is done, the Modem is closed or rw fails.
// It returns nil in the first two cases and the stream's error (io.EOF
// included) in the last. The first Serve or Start powers the module on.
//
// To stop a Read in progress when ctx ends, Serve sets a deadline on rw if rw
// has SetDeadline (net.Conn, a pollable *os.File) and otherwise closes rw if
// it is an io.Closer; for any other stream the reader stops at its next Read.
// Several Serve calls may run at once, like the ports of a real module: they
// share the module's state and take turns to run commands, and
// indications go to all of them.
func (m *Modem) Serve(ctx context.Context, rw io.ReadWriter) error {
	if m.ctx.Err() != nil {
		return ErrClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopClose := context.AfterFunc(m.ctx, cancel)
	defer stopClose()

	p := newPort(m, ctx, rw)
	m.attach(p)
	defer m.detach(p)

	readerDone := make(chan struct{})
	go p.readLoop(readerDone)

	interrupted := make(chan bool, 1)
	context.AfterFunc(ctx, func() { interrupted <- p.interrupt() })

	err := p.loop()
	stopped := ctx.Err() != nil
	cancel()
	if <-interrupted {
		<-readerDone
	}
	if stopped {
		return nil // the stream's errors are the interruption's doing
	}
	return err
}

// interrupt unblocks a Read and Write in progress on rw, if it can.
func interrupt(rw io.ReadWriter) bool {
	if d, ok := rw.(interface{ SetDeadline(time.Time) error }); ok {
		if d.SetDeadline(time.Unix(1, 0)) == nil {
			return true
		}
	}
	if c, ok := rw.(io.Closer); ok {
		c.Close()
		return true
	}
	return false
}

// attach adds a port and powers the module on the first time.
func (m *Modem) attach(p *port) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ports[p] = struct{}{}
	p.gen = m.gen.Load()
	if m.st.phase == phaseOff {
		m.powerCycleLocked()
	}
}

func (m *Modem) detach(p *port) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.ports, p)
	if c := m.st.call; c != nil && c.p == p {
		m.endCallLocked(false)
	}
}

// Close stops the module: it ends every Serve and Start, stops the timers,
// closes the pty and removes the symlink. It waits for the goroutines it owns
// and is idempotent.
func (m *Modem) Close() error {
	var err error
	m.closeOnce.Do(func() {
		m.cancel()
		m.wg.Wait()
		m.stopTimers()
		err = m.closePTY()
	})
	return err
}

// powerCycleLocked switches the module (back) on: state to power-on values,
// output of running commands dropped, and the boot indication after the boot
// delay.
func (m *Modem) powerCycleLocked() {
	m.st.powerOn(&m.cfg, m.prof)
	m.gen.Add(1)
	close(m.powerCh)
	m.powerCh = make(chan struct{})
	for p := range m.ports {
		p.dropQueue()
	}
	gen := m.gen.Load()
	m.after(m.cfg.BootDelay, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.gen.Load() != gen {
			return
		}
		m.bootedLocked()
	})
}

// bootedLocked ends the boot: the module answers, says so and starts to
// register.
func (m *Modem) bootedLocked() {
	m.st.phase = phaseOn
	m.log.Info("modem booted")
	m.prof.boot(m)
	m.networkChangedLocked()
}

// after runs fn after d in a timer the Modem owns.
func (m *Modem) after(d time.Duration, fn func()) {
	m.tmu.Lock()
	defer m.tmu.Unlock()
	if m.tclosed {
		return
	}
	m.twg.Add(1)
	var t *time.Timer
	t = time.AfterFunc(d, func() {
		m.tmu.Lock()
		_, live := m.timers[t]
		delete(m.timers, t)
		m.tmu.Unlock()
		if live {
			fn()
		}
		m.twg.Done()
	})
	m.timers[t] = struct{}{}
}

// stopTimers stops every pending timer and waits for running ones.
func (m *Modem) stopTimers() {
	m.tmu.Lock()
	m.tclosed = true
	for t := range m.timers {
		if t.Stop() {
			m.twg.Done()
		}
		delete(m.timers, t)
	}
	m.tmu.Unlock()
	m.twg.Wait()
}

// urcsLocked queues unsolicited result codes of one line each.
func (m *Modem) urcsLocked(lines ...string) {
	for _, l := range lines {
		m.urcLocked(l)
	}
}

// urcLocked queues one unsolicited result code, of several lines for the
// two-line ones such as +CMT, for every port.
func (m *Modem) urcLocked(lines ...string) {
	if m.st.phase != phaseOn {
		return
	}
	m.log.Debug("urc", "lines", lines)
	for p := range m.ports {
		p.enqueue(outItem{lines: lines})
	}
}

// powerChan gives the channel closed at the next power cycle.
func (m *Modem) powerChan() <-chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.powerCh
}

// answering reports whether the module takes input now.
func (m *Modem) answering() bool {
	if m.frozen.Load() {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st.phase == phaseOn
}

// record adds a command line to the history.
func (m *Modem) record(line string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.history = append(m.history, line)
	if len(m.history) > historyLimit {
		m.history = append([]string(nil), m.history[len(m.history)-historyLimit:]...)
	}
}

// echoOn reports whether command characters are echoed (ATE).
func (m *Modem) echoOn() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st.echo
}

// format gives the ATE, ATV and ATQ settings.
func (m *Modem) format() (echo, verbose, quiet bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st.echo, m.st.verbose, m.st.quiet
}

// resultText gives the final result for err under the current AT+CMEE.
func (m *Modem) resultText(err error) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return resultText(err, m.st.cmee)
}

// escapeGuard is the guard time around "+++": S12 in fiftieths of a second.
func (m *Modem) escapeGuard() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return time.Duration(m.st.sreg[12]) * 20 * time.Millisecond
}

// simCheckLocked gives the error a command needing need gets now, or nil.
func (m *Modem) simCheckLocked(need simNeed) error {
	if need == simAny {
		return nil
	}
	switch m.st.sim.status() {
	case simAbsent:
		return m.prof.noSIM
	case simBlocked:
		return cmeSIMFailure
	case simPUK:
		if need == simUnlocked {
			return cmeSIMPUKRequired
		}
	case simPIN:
		if need == simUnlocked {
			return cmeSIMPINRequired
		}
	}
	return nil
}
