package modem

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/gsm"
	"github.com/cellgate/cellgate/internal/retry"
)

// Config is what the manager is asked to achieve.
type Config struct {
	// Driver forces a driver by name; "" or "auto" picks it from AT+CGMI.
	Driver string
	// PIN is entered when the SIM asks for it and more than one try remains.
	PIN string
	// APN, with optional user and password; PDPType is "IP" (default),
	// "IPV6" or "IPV4V6"; CID is the context id (1).
	APN, User, Password, PDPType string
	CID                          int
	// Roaming allows data while roaming (vendor roaming switches). Off,
	// the manager never selects a network other than the home network
	// (HPLMN of the IMSI, EHPLMNs): not as the manual Operator, not to
	// leave a blacklisted one.
	Roaming bool
	// Operator selects a PLMN manually ("26201"), falling back to automatic
	// selection when it cannot be had; "" is automatic.
	Operator string
	// Blacklist lists PLMNs the module must not stay on.
	Blacklist []string
	// NoData skips the data bearer (SMS-only or PSM sensors).
	NoData bool
	// PSM and EDRX request power saving when set.
	PSM  *PSMRequest
	EDRX *EDRXRequest
	// SignalInterval is the signal polling period (30 s).
	SignalInterval time.Duration
	// CheckInterval is the registration and bearer polling period, the
	// fallback when URCs are lost (60 s).
	CheckInterval time.Duration
	// RegistrationTimeout is how long to wait for registration before
	// falling back (manual → automatic) and retrying (3 min).
	RegistrationTimeout time.Duration
	// RetryMin and RetryMax bound the backoff between failed bring-ups
	// (5 s to 5 min).
	RetryMin, RetryMax time.Duration
	// SIMRetry is how often a missing SIM is looked for again (30 s).
	SIMRetry time.Duration
	// ProbeTimeout bounds each AT probe while waiting for the module (5 s).
	ProbeTimeout time.Duration
	Logger       *slog.Logger
}

// PSMRequest asks for Power Saving Mode timers (emnify guide: T3412
// extended, T3324).
type PSMRequest struct {
	TAU, Active time.Duration
}

// EDRXRequest asks for an eDRX cycle on one RAT.
type EDRXRequest struct {
	LTEM  bool // LTE-M (AcT-type 4); false is NB-IoT (5)
	Cycle time.Duration
}

func (c *Config) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.SignalInterval, 30*time.Second)
	def(&c.CheckInterval, time.Minute)
	def(&c.RegistrationTimeout, 3*time.Minute)
	def(&c.RetryMin, 5*time.Second)
	def(&c.RetryMax, 5*time.Minute)
	def(&c.ProbeTimeout, 5*time.Second)
	def(&c.SIMRetry, 30*time.Second)
	if c.PDPType == "" {
		c.PDPType = "IP"
	}
	if c.CID == 0 {
		c.CID = 1
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Manager brings a module up and keeps it online. Create it with New and run
// it with Run; Status, Subscribe and the tool methods are safe to call from
// any goroutine at any time.
type Manager struct {
	e   *at.Engine
	cfg Config
	log *slog.Logger

	mu sync.Mutex // guards st, subs, driver, sigGate
	st Status
	// sigGate picks the signal changes that become events.
	sigGate signalGate
	subs    map[int]chan Event
	nextID  int
	driver  *Driver
	// pinFailed: the configured PIN was rejected once; it is never tried
	// again by the manager.
	pinFailed bool
	// pinMu keeps bring-up's PIN entry and CheckPIN apart: each reads the
	// SIM's state and acts on it without the other in between.
	pinMu sync.Mutex
	// home is what the SIM says of the home network, for the operator
	// choices cellgate makes with roaming off.
	home gsm.Home
	// noLTE: the module refused +CEREG, so it has no E-UTRAN; it is not
	// asked for +CEREG again until the next identification.
	noLTE bool

	// urcs carries the URCs and engine events the run loop acts on; the
	// handlers never block on it.
	urcs chan signalMsg
	// redials carries Redial's requests to upkeep, which answers on the
	// channel sent; upkeeping is set while upkeep runs.
	redials   chan chan error
	upkeeping atomic.Bool
	// dropped counts the indications dropped while the run loop was busy;
	// dropLogged is when that was last logged (a storm logs once a minute).
	dropped    atomic.Uint64
	dropLogged atomic.Int64
	// answered is when bring-up last found the module answering (Unix
	// nanoseconds): a boot indication read before it is the boot bring-up
	// waited for, not a restart.
	answered atomic.Int64
}

// signalMsg is a URC line or an engine event for the run loop.
type signalMsg struct {
	line  string
	event *at.Event
}

// New returns a manager for the module behind e. It starts nothing.
func New(e *at.Engine, cfg Config) *Manager {
	cfg.setDefaults()
	return &Manager{
		e: e, cfg: cfg, log: cfg.Logger.With("component", "modem"),
		subs: map[int]chan Event{}, urcs: make(chan signalMsg, 256), redials: make(chan chan error),
		st: Status{State: StateProbing, PINLeft: -1, PUKLeft: -1},
	}
}

// Status returns a snapshot.
func (m *Manager) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.st
	st.FPLMN = append([]string(nil), m.st.FPLMN...)
	st.Bearer.DNS = append([]string(nil), m.st.Bearer.DNS...)
	return st
}

// Subscribe returns a channel of events and a function that ends the
// subscription. A subscriber that does not keep up loses events, never
// stalls the manager.
func (m *Manager) Subscribe(buffer int) (<-chan Event, func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := m.nextID
	m.nextID++
	ch := make(chan Event, max(buffer, 1))
	m.subs[id] = ch
	return ch, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if _, ok := m.subs[id]; ok {
			delete(m.subs, id)
			close(ch)
		}
	}
}

// update changes the status under the lock.
func (m *Manager) update(fn func(*Status)) {
	m.mu.Lock()
	fn(&m.st)
	m.st.Updated = time.Now()
	m.mu.Unlock()
}

func (m *Manager) emit(kind EventKind, cause int, detail string) {
	ev := Event{Kind: kind, Time: time.Now(), Detail: detail, Cause: cause}
	m.log.Info("modem event", "kind", string(kind), "detail", detail, "cause", cause)
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ch := range m.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

func (m *Manager) setState(s State, detail string) {
	m.mu.Lock()
	changed := m.st.State != s
	m.st.State = s
	m.mu.Unlock()
	if changed {
		m.emit(EventState, 0, string(s)+": "+detail)
	}
}

func (m *Manager) setError(err error) {
	m.update(func(st *Status) {
		st.LastError = ""
		if err != nil {
			st.LastError = err.Error()
		}
	})
}

// urcPrefixes are the indications the run loop follows.
var urcPrefixes = []string{"+CREG:", "+CGREG:", "+CEREG:", "+C5GREG:", "^NDISSTAT:", "^NDISEND:", "^JDET:", "+CEDRXP:", "+CPIN:", "+QIND:"}

// Run brings the module up and keeps it online until ctx ends. It returns
// ctx's error.
func (m *Manager) Run(ctx context.Context) error {
	for _, p := range urcPrefixes {
		defer m.e.Handle(p, 1, func(u at.URC) { m.signal(signalMsg{line: u.Lines[0]}) })()
	}
	defer m.e.Listen(func(ev at.Event) { m.signal(signalMsg{event: &ev}) })()
	backoff := retry.Backoff{Min: m.cfg.RetryMin, Max: m.cfg.RetryMax}
	for ctx.Err() == nil {
		err := m.bringUp(ctx)
		if err == nil {
			backoff.Reset()
			err = m.upkeep(ctx)
		}
		if ctx.Err() != nil {
			break
		}
		m.setError(err)
		var simErr *SIMError
		switch {
		case errors.As(err, &simErr):
			m.setState(StateSIMError, err.Error())
			m.emit(EventSIMError, 0, err.Error())
			// Never retry a PIN by itself: wait for the module or SIM to
			// change (restart), or retry slowly for a missing SIM.
			if !m.waitRestart(ctx, simErr.retryAfter) {
				break
			}
			continue
		case errors.Is(err, errRestarted), errors.Is(err, at.ErrRestarted):
			continue
		}
		wait := backoff.Next()
		m.log.Warn("bring-up failed", "err", err, "retry_in", wait)
		if !retry.Sleep(ctx, wait) {
			break
		}
	}
	return ctx.Err()
}

// signal hands a URC or event to the run loop without blocking the engine's
// dispatcher.
func (m *Manager) signal(s signalMsg) {
	if s.event != nil {
		switch s.event.Kind {
		case at.EventRestarted:
			m.update(func(st *Status) { st.Restarts++ })
			m.emit(EventRestarted, 0, s.event.Detail)
		case at.EventUnavailable:
			m.setState(StateUnavailable, s.event.Detail)
		}
	}
	select {
	case m.urcs <- s:
	default:
		n := m.dropped.Add(1)
		if now := time.Now().UnixNano(); now-m.dropLogged.Load() >= int64(time.Minute) {
			m.dropLogged.Store(now)
			m.log.Warn("indication dropped: manager busy", "dropped", n)
		}
	}
}

// waitRestart waits for the module to restart or become available again, or
// for after to pass (0: never). It reports false when ctx ended.
func (m *Manager) waitRestart(ctx context.Context, after time.Duration) bool {
	var timeout <-chan time.Time
	if after > 0 {
		t := time.NewTimer(after)
		defer t.Stop()
		timeout = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return false
		case <-timeout:
			return true
		case s := <-m.urcs:
			if s.event != nil && (s.event.Kind == at.EventRestarted || s.event.Kind == at.EventAvailable) {
				return true
			}
		}
	}
}
