package watchdog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultActionTimeout bounds an action when its layer sets no ActionTimeout.
const DefaultActionTimeout = 2 * time.Minute

// Action is one recovery step.
type Action struct {
	// Name names the step in events, logs and stats: "reopen", "reset",
	// "power-cycle", "reboot", "redial", "restart-uplink".
	Name string
	// Do performs the step. Its context ends after the layer's
	// ActionTimeout or when the watchdog stops.
	Do func(ctx context.Context) error
}

// Layer is one watched layer.
type Layer struct {
	// Name names the layer: "modem", "network", "application".
	Name string
	// Interval is the time between checks.
	Interval time.Duration
	// Timeout bounds each check (Interval when zero). A check that does not
	// return in time fails; should it ignore its context and keep running,
	// the layer's next checks fail until it returns, so that checks never
	// overlap.
	Timeout time.Duration
	// Failures is how many consecutive failed checks lead to an action, and
	// then to each next one (1 when zero).
	Failures int
	// Backoff is the least time between the end of an action and the start
	// of the next; checks go on meanwhile. It holds across recoveries, so a
	// flapping layer does not run actions back to back.
	Backoff time.Duration
	// MaxBackoff caps the wait between repeats of the last action once the
	// ladder is exhausted: it doubles from Backoff (Interval when Backoff
	// is zero) with every repeat, up to MaxBackoff (Backoff when zero or
	// less: no growth). The layer never stops trying.
	MaxBackoff time.Duration
	// Check reports the layer's health: nil is healthy.
	Check func(ctx context.Context) error
	// Actions is the escalation ladder, mildest first; once the last has
	// run, it repeats. A layer without actions only reports.
	Actions []Action
	// ActionTimeout bounds each action (DefaultActionTimeout when zero).
	ActionTimeout time.Duration
}

// EventKind names what happened to a layer.
type EventKind string

const (
	// EventFailed: the first failed check after the layer was healthy.
	EventFailed EventKind = "failed"
	// EventAction: a recovery action starts.
	EventAction EventKind = "action"
	// EventActionFailed: a recovery action returned an error.
	EventActionFailed EventKind = "action-failed"
	// EventExhausted: every action of the ladder has run and the layer is
	// still failing; the last action repeats from now on. Once per failure.
	EventExhausted EventKind = "exhausted"
	// EventRecovered: a check passed after failed ones.
	EventRecovered EventKind = "recovered"
)

// Event is one thing a layer noticed or did.
type Event struct {
	Time   time.Time `json:"time"`
	Layer  string    `json:"layer"`
	Kind   EventKind `json:"kind"`
	Action string    `json:"action,omitempty"` // the action, for action events; the last one run, for recovered
	Detail string    `json:"detail,omitempty"` // the check's error, or the action's
	Step   int       `json:"step,omitempty"`   // the ladder step, 1-based
	// Attempt counts the runs of the action in this failure, for action
	// events; Next is the least wait before the next action.
	Attempt int           `json:"attempt,omitempty"`
	Next    time.Duration `json:"next,omitempty"`
}

// Config describes a watchdog.
type Config struct {
	Layers []Layer
	// OnEvent is called for every event, from the layers' goroutines
	// (concurrently for different layers, in order for one); it must not
	// block long.
	OnEvent func(Event)
	// Logger receives one line per event (slog.Default when nil).
	Logger *slog.Logger
	// Now is the clock for event times and backoff (time.Now when nil).
	Now func() time.Time
}

// LayerStats counts what one layer has seen since the watchdog was created.
type LayerStats struct {
	Checks       uint64         `json:"checks"`
	Failures     uint64         `json:"failures"`    // failed checks in all
	Consecutive  int            `json:"consecutive"` // failed checks in a row, now
	Healthy      bool           `json:"healthy"`     // the last check passed (true before the first)
	LastCheck    time.Time      `json:"last_check,omitzero"`
	LastError    string         `json:"last_error,omitempty"`
	Step         int            `json:"step"`    // the ladder step last run in this failure, 0 while healthy
	Actions      map[string]int `json:"actions"` // times each action ran
	ActionErrors int            `json:"action_errors"`
	// Backoff is the least wait between the last action and the next.
	Backoff time.Duration `json:"backoff"`
}

// Watchdog runs the layers. Create it with New and run it with Run; Stats
// is safe to call from any goroutine at any time.
type Watchdog struct {
	cfg     Config
	log     *slog.Logger
	layers  []*layer
	running atomic.Bool

	mu    sync.Mutex // guards stats
	stats map[string]*LayerStats
}

// New checks cfg and returns a watchdog for it. It starts nothing.
func New(cfg Config) (*Watchdog, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	w := &Watchdog{cfg: cfg, log: cfg.Logger.With("component", "watchdog"), stats: map[string]*LayerStats{}}
	for _, l := range cfg.Layers {
		if err := validate(&l); err != nil {
			return nil, err
		}
		if _, dup := w.stats[l.Name]; dup {
			return nil, fmt.Errorf("watchdog: two layers named %q", l.Name)
		}
		l.Actions = append([]Action(nil), l.Actions...)
		w.stats[l.Name] = &LayerStats{Healthy: true, Actions: map[string]int{}, Backoff: l.Backoff}
		w.layers = append(w.layers, &layer{w: w, cfg: l, wait: l.Backoff})
	}
	return w, nil
}

// validate checks a layer and fills in its defaults.
func validate(l *Layer) error {
	if l.Name == "" {
		return errors.New("watchdog: a layer has no name")
	}
	bad := func(what string) error { return fmt.Errorf("watchdog: layer %s: %s", l.Name, what) }
	switch {
	case l.Interval <= 0:
		return bad("interval must be positive")
	case l.Check == nil:
		return bad("no check")
	case l.Failures < 0, l.Backoff < 0, l.MaxBackoff < 0, l.Timeout < 0, l.ActionTimeout < 0:
		return bad("failures, backoff and timeouts must not be negative")
	}
	for i, a := range l.Actions {
		if a.Name == "" || a.Do == nil {
			return bad(fmt.Sprintf("action %d needs a name and a function", i+1))
		}
	}
	if l.Failures == 0 {
		l.Failures = 1
	}
	if l.Timeout == 0 {
		l.Timeout = l.Interval
	}
	if l.ActionTimeout == 0 {
		l.ActionTimeout = DefaultActionTimeout
	}
	if l.MaxBackoff < l.Backoff {
		l.MaxBackoff = l.Backoff
	}
	return nil
}

// Run watches every layer, each in its own goroutine, until ctx ends; it
// returns nil once they all have stopped. A check or action that ignores
// its context is left behind, not waited for.
func (w *Watchdog) Run(ctx context.Context) error {
	if !w.running.CompareAndSwap(false, true) {
		return errors.New("watchdog: already running")
	}
	defer w.running.Store(false)
	var wg sync.WaitGroup
	for _, l := range w.layers {
		wg.Go(func() { l.run(ctx) })
	}
	wg.Wait()
	return nil
}

// Stats returns a snapshot of every layer's counters, by layer name.
func (w *Watchdog) Stats() map[string]LayerStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]LayerStats, len(w.stats))
	for name, s := range w.stats {
		c := *s
		c.Actions = maps.Clone(s.Actions)
		out[name] = c
	}
	return out
}

// update changes a layer's counters under the lock.
func (w *Watchdog) update(name string, fn func(*LayerStats)) {
	w.mu.Lock()
	fn(w.stats[name])
	w.mu.Unlock()
}

// emit logs an event and hands it to OnEvent.
func (w *Watchdog) emit(ev Event) {
	level := slog.LevelWarn
	switch ev.Kind {
	case EventRecovered:
		level = slog.LevelInfo
	case EventActionFailed, EventExhausted:
		level = slog.LevelError
	}
	w.log.Log(context.Background(), level, "watchdog event", "layer", ev.Layer, "event", string(ev.Kind),
		"action", ev.Action, "step", ev.Step, "attempt", ev.Attempt, "next", ev.Next, "detail", ev.Detail)
	if w.cfg.OnEvent != nil {
		w.cfg.OnEvent(ev)
	}
}
