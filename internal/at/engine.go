package at

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Opener opens the modem's port. The engine calls it at Start and again
// whenever it reopens the port after the modem was deemed unavailable.
type Opener func(ctx context.Context) (io.ReadWriteCloser, error)

// Stream returns an Opener for an already open stream (a pty, a pipe): it
// yields rwc once and fails afterwards, so an engine on it cannot reopen.
func Stream(rwc io.ReadWriteCloser) Opener {
	var used atomic.Bool
	return func(context.Context) (io.ReadWriteCloser, error) {
		if used.Swap(true) {
			return nil, errors.New("at: stream cannot be reopened")
		}
		return rwc, nil
	}
}

// Config tunes an Engine. The zero value uses the guide's defaults.
type Config struct {
	// Timeout is the general command timeout (default 30 s).
	Timeout time.Duration
	// Timeouts adds to or overrides DefaultTimeouts by command prefix.
	Timeouts map[string]time.Duration
	// Abortive replaces DefaultAbortive when not nil.
	Abortive []string
	// HealthTimeout bounds each AT probe of the health procedure (30 s), and
	// HealthRetries is how many probe timeouts in a row make the modem
	// unavailable (3).
	HealthTimeout time.Duration
	HealthRetries int
	// Init lists the settings the health procedure applies after it had to
	// restore the factory settings with AT&F (after ATE0V1Q0, which it
	// always applies). Each is bounded by HealthTimeout; a failure is
	// logged. Empty by default: whoever configured the modem hears of the
	// AT&F through EventRestarted or EventAvailable.
	Init []string
	// AbortTimeout bounds the wait for an aborted command's final result (5 s).
	AbortTimeout time.Duration
	// Settle is how long the health probe waits after its final result for
	// another one: a timed-out command may still answer first, and the
	// last final result is the probe's (150 ms).
	Settle time.Duration
	// ReopenMin and ReopenMax bound the backoff between reopen attempts
	// (1 s to 60 s, doubling; each wait is up to 20 % shorter, at
	// random, so that routers do not reopen in lockstep).
	ReopenMin, ReopenMax time.Duration
	// WriteTimeout bounds one write to the port where the port supports
	// deadlines (5 s).
	WriteTimeout time.Duration
	// MaxLine bounds a line (DefaultMaxLine); MaxResponse bounds the bytes of
	// one response's information lines (1 MiB); MaxQueue bounds the commands
	// waiting (256).
	MaxLine     int
	MaxResponse int
	MaxQueue    int
	// Trace, when set, receives the raw traffic trace.
	Trace io.Writer
	// Logger receives the engine's log (slog.Default when nil).
	Logger *slog.Logger
	// OnEvent is called, in order, from the engine's dispatcher goroutine.
	OnEvent func(Event)

	// queued, for tests, is called on the command loop when a command has
	// been queued behind the running one; it must not block.
	queued func(cmd string)
}

func (c *Config) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Timeout, DefaultTimeout)
	def(&c.HealthTimeout, DefaultTimeout)
	def(&c.AbortTimeout, 5*time.Second)
	def(&c.Settle, 150*time.Millisecond)
	def(&c.ReopenMin, time.Second)
	def(&c.ReopenMax, time.Minute)
	def(&c.WriteTimeout, 5*time.Second)
	if c.HealthRetries <= 0 {
		c.HealthRetries = 3
	}
	if c.MaxLine <= 0 {
		c.MaxLine = DefaultMaxLine
	}
	if c.MaxResponse <= 0 {
		c.MaxResponse = 1 << 20
	}
	if c.MaxQueue <= 0 {
		c.MaxQueue = 256
	}
	if c.Abortive == nil {
		c.Abortive = DefaultAbortive
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// EventKind names what happened to the link.
type EventKind int

const (
	// EventRestarted: the modem announced a (re)start with ^SYSSTART (Huawei)
	// or RDY (Quectel), or the health procedure had to restore its factory
	// settings with AT&F: either way what was configured is lost.
	EventRestarted EventKind = iota
	// EventTimeout: a command timed out; the health procedure starts.
	EventTimeout
	// EventUnavailable: the modem is deemed absent; the port is closed.
	EventUnavailable
	// EventAvailable: the port was reopened and the modem answered the
	// health procedure's probe (its settings restored, the detail says how).
	EventAvailable
	// EventGarbage: output that fits no rule was dropped (an overlong line).
	EventGarbage
	// EventRestored: after a timeout the modem answered the restoring
	// command ATE0V1Q0: it had lost its verbose result codes (ATV0) or its
	// result codes altogether (ATQ1), and has them back. The detail says
	// what the timed-out command showed.
	EventRestored
)

func (k EventKind) String() string {
	switch k {
	case EventRestarted:
		return "modem restarted"
	case EventTimeout:
		return "command timeout"
	case EventUnavailable:
		return "modem unavailable"
	case EventAvailable:
		return "modem available"
	case EventGarbage:
		return "garbage"
	case EventRestored:
		return "result codes restored"
	}
	return "unknown"
}

// Event reports a change of the link.
type Event struct {
	Kind   EventKind
	Time   time.Time
	Detail string
}

// URC is an unsolicited result code: its first line and, for two-line URCs
// such as +CMT and +CDS, the line that follows.
type URC struct {
	Prefix string
	Lines  []string
	Time   time.Time
}

// Stats counts what the engine has seen since it started.
type Stats struct {
	Commands, Failed, Timeouts, URCs, Overflows, Unexpected, Dropped uint64
	Unavailable                                                      uint64
}

// Engine is the AT command engine. Create it with New, start it with Start,
// stop it with Close. All methods are safe for concurrent use.
type Engine struct {
	cfg      Config
	timeouts map[string]time.Duration // DefaultTimeouts with Config.Timeouts over them, upper-case keys
	open     Opener
	log      *slog.Logger
	tr       *Tracer

	reqs     chan *request
	reopens  chan reopenRequest
	rescues  chan rescueRequest
	tokens   chan readItem
	dispatch chan func()
	promptOn atomic.Bool

	mu        sync.Mutex // guards handlers, listeners, started, closed, port
	handlers  map[string]handler
	listeners []listener
	nextID    int
	port      io.Closer // the open port, so that Close can unblock the loop
	started   bool
	cancel    context.CancelFunc
	closed    chan struct{}
	wg        sync.WaitGroup // the command loop and the readers

	dispatchDone chan struct{} // closed when the dispatcher returns
	inHandler    atomic.Bool   // a URC or event handler is running

	available atomic.Bool
	probing   atomic.Bool // the health procedure probes after a timeout
	// dropLogged is when (UnixNano) a dropped notification was last
	// logged, and dropLoggedAt the drop count then: a storm of URCs gives
	// one line per dropLogEvery, not one per URC.
	dropLogged, dropLoggedAt atomic.Int64
	stats                    struct {
		commands, failed, timeouts, urcs, overflows, unexpected, dropped, unavailable atomic.Uint64
	}
}

type listener struct {
	id int
	fn func(Event)
}

type handler struct {
	lines int
	fn    func(URC)
}

// New returns an engine for the port that open opens. It starts nothing.
func New(open Opener, cfg Config) *Engine {
	cfg.setDefaults()
	e := &Engine{
		cfg:          cfg,
		open:         open,
		log:          cfg.Logger.With("component", "at"),
		reqs:         make(chan *request),
		reopens:      make(chan reopenRequest),
		rescues:      make(chan rescueRequest),
		tokens:       make(chan readItem, 64),
		dispatch:     make(chan func(), 1024),
		handlers:     map[string]handler{},
		closed:       make(chan struct{}),
		dispatchDone: make(chan struct{}),
	}
	e.timeouts = map[string]time.Duration{}
	for _, table := range []map[string]time.Duration{DefaultTimeouts, cfg.Timeouts} {
		for p, d := range table {
			e.timeouts[strings.ToUpper(p)] = d
		}
	}
	if cfg.Trace != nil {
		e.tr = NewTracer(cfg.Trace)
	}
	return e
}

// Start opens the port and starts the engine's goroutines. It fails when the
// port cannot be opened; after that the engine keeps itself connected.
func (e *Engine) Start(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started {
		return errors.New("at: engine already started")
	}
	select {
	case <-e.closed:
		return ErrClosed
	default:
	}
	port, err := e.open(ctx)
	if err != nil {
		return err
	}
	e.started = true
	e.port = port
	ctx, e.cancel = context.WithCancel(context.WithoutCancel(ctx))
	l := newLoop(e, port)
	e.available.Store(true)
	e.wg.Add(1)
	go func() { defer e.wg.Done(); l.run(ctx) }()
	go func() { defer close(e.dispatchDone); e.dispatcher(ctx) }()
	return nil
}

// Close stops the engine, fails waiting commands with ErrClosed, closes the
// port and waits for every goroutine; called from a URC or event handler, it
// does not wait for the handler's own goroutine, which ends when the handler
// returns. It is idempotent.
func (e *Engine) Close() error {
	e.mu.Lock()
	select {
	case <-e.closed:
		e.mu.Unlock()
		return nil
	default:
	}
	close(e.closed)
	cancel, started := e.cancel, e.started
	e.mu.Unlock()
	if !started {
		return nil
	}
	cancel()
	// A write blocked on a port without deadlines holds the loop: closing
	// the port releases it.
	e.setPort(nil, true)
	e.wg.Wait()
	if !e.inHandler.Load() {
		<-e.dispatchDone
	}
	return nil
}

// setPort records the open port (nil once closed); with closeOld, the port
// recorded before is closed.
func (e *Engine) setPort(p io.Closer, closeOld bool) {
	e.mu.Lock()
	old := e.port
	e.port = p
	e.mu.Unlock()
	if closeOld && old != nil {
		_ = old.Close()
	}
}

// Available reports whether the modem is currently answering.
func (e *Engine) Available() bool { return e.available.Load() }

// Probing reports whether a command timed out and the health procedure is
// probing the modem, which is still deemed available meanwhile: commands
// queued now wait for the probes, not for a module busy with a command.
func (e *Engine) Probing() bool { return e.probing.Load() }

// Stats returns the engine's counters.
func (e *Engine) Stats() Stats {
	s := &e.stats
	return Stats{
		Commands: s.commands.Load(), Failed: s.failed.Load(), Timeouts: s.timeouts.Load(),
		URCs: s.urcs.Load(), Overflows: s.overflows.Load(), Unexpected: s.unexpected.Load(),
		Dropped: s.dropped.Load(), Unavailable: s.unavailable.Load(),
	}
}

// newRequest prepares cmd (without CR) for the command loop: its response
// prefixes, options, whether it may be aborted and its timeout.
func (e *Engine) newRequest(ctx context.Context, cmd string, opts []Option) *request {
	r := &request{ctx: ctx, cmd: strings.TrimRight(cmd, "\r\n"), done: make(chan result, 1)}
	r.prefixes = responsePrefixes(r.cmd)
	for _, o := range opts {
		o(r)
	}
	r.abortive = e.isAbortive(r.cmd)
	if r.timeout <= 0 {
		r.timeout = e.timeoutFor(r.cmd)
	}
	r.timeout = max(r.timeout, r.atLeast)
	return r
}

// Command sends one command (without CR) and waits for its final result. It
// returns the response and nil for OK and CONNECT; for a failing final result
// it returns the response and a *CMEError, *CMSError or *ResultError; for a
// link failure ErrTimeout, ErrUnavailable, ErrAborted or ErrClosed. When ctx
// ends first, Command returns ctx.Err() at once; the engine still waits for
// the modem to finish that command (aborting it if it is abortive) before
// sending the next.
func (e *Engine) Command(ctx context.Context, cmd string, opts ...Option) (*Response, error) {
	r := e.newRequest(ctx, cmd, opts)
	return submit(ctx, e, e.reqs, r, r)
}

// submit queues v for the command loop and waits for r's result, for as
// long as ctx and the engine last.
func submit[T any](ctx context.Context, e *Engine, queue chan<- T, v T, r *request) (*Response, error) {
	select {
	case queue <- v:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-e.closed:
		return nil, ErrClosed
	}
	select {
	case res := <-r.done:
		return res.resp, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Handle registers fn for URCs whose first line starts with prefix ("+CREG:",
// "+CMTI:", "^SYSSTART"). lines is 1, or 2 for URCs followed by a PDU line
// (+CMT, +CDS). The prefix "" receives every unsolicited line no other
// handler takes. The returned function removes the handler. Handlers run one
// at a time on the engine's dispatcher goroutine and may issue commands.
func (e *Engine) Handle(prefix string, lines int, fn func(URC)) (remove func()) {
	if lines < 1 {
		lines = 1
	}
	e.mu.Lock()
	e.handlers[prefix] = handler{lines: lines, fn: fn}
	e.mu.Unlock()
	return func() {
		e.mu.Lock()
		delete(e.handlers, prefix)
		e.mu.Unlock()
	}
}

// urcFor returns the registered prefix that line starts with, the longest if
// several do; "" and false when none does.
func (e *Engine) urcFor(line string) (string, handler, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	best, found := "", false
	for p := range e.handlers {
		if p != "" && strings.HasPrefix(line, p) && len(p) > len(best) {
			best, found = p, true
		}
	}
	return best, e.handlers[best], found
}

func (e *Engine) catchAll() (handler, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h, ok := e.handlers[""]
	return h, ok
}

func (e *Engine) isAbortive(cmd string) bool {
	for _, p := range e.cfg.Abortive {
		if matchPrefix(cmd, p) {
			return true
		}
	}
	return false
}

func (e *Engine) timeoutFor(cmd string) time.Duration {
	best, d := -1, e.cfg.Timeout
	for p, t := range e.timeouts {
		if matchPrefix(cmd, p) && len(p) > best {
			best, d = len(p), t
		}
	}
	return d
}

// emit queues fn for the dispatcher without ever blocking the command loop;
// when the dispatcher is that far behind, the notification is dropped and
// counted.
func (e *Engine) emit(fn func()) {
	select {
	case e.dispatch <- fn:
	default:
		n := int64(e.stats.dropped.Add(1))
		now := time.Now().UnixNano()
		last := e.dropLogged.Load()
		if last != 0 && now-last < int64(dropLogEvery) || !e.dropLogged.CompareAndSwap(last, now) {
			return
		}
		since := n - e.dropLoggedAt.Swap(n)
		e.log.Warn("dropping URCs or events: handlers are too slow", "dropped", since, "total", n)
	}
}

// dropLogEvery spaces the log lines of dropped notifications; the count of
// every drop is in Stats.
const dropLogEvery = 10 * time.Second

// Listen registers fn for the engine's events, in addition to
// Config.OnEvent; it runs on the dispatcher goroutine, in order with URCs.
// The returned function removes it.
func (e *Engine) Listen(fn func(Event)) (remove func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	id := e.nextID
	e.nextID++
	e.listeners = append(e.listeners, listener{id: id, fn: fn})
	return func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.listeners = slices.DeleteFunc(e.listeners, func(l listener) bool { return l.id == id })
	}
}

func (e *Engine) event(kind EventKind, detail string) {
	ev := Event{Kind: kind, Time: time.Now(), Detail: detail}
	e.log.Info("modem link", "event", kind.String(), "detail", detail)
	e.tr.Note(kind.String() + ": " + detail)
	e.emit(func() {
		if e.cfg.OnEvent != nil {
			e.cfg.OnEvent(ev)
		}
		e.mu.Lock()
		ls := slices.Clone(e.listeners)
		e.mu.Unlock()
		for _, l := range ls {
			l.fn(ev)
		}
	})
}

func (e *Engine) dispatcher(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case fn := <-e.dispatch:
			e.inHandler.Store(true)
			fn()
			e.inHandler.Store(false)
		}
	}
}
