package watchdog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// recorder collects events.
type recorder struct {
	mu     sync.Mutex
	events []Event
	ch     chan Event
}

func newRecorder() *recorder { return &recorder{ch: make(chan Event, 1024)} }

func (r *recorder) on(ev Event) {
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
	r.ch <- ev
}

func (r *recorder) all() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// wait waits for an event of the kind (and action, if not empty).
func (r *recorder) wait(t *testing.T, kind EventKind, action string, within time.Duration) Event {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case ev := <-r.ch:
			if ev.Kind == kind && (action == "" || ev.Action == action) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %s %s event within %v; events %v", kind, action, within, kinds(r.all()))
		}
	}
}

func kinds(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		s := string(ev.Kind)
		if ev.Action != "" {
			s += ":" + ev.Action
		}
		out = append(out, fmt.Sprintf("%s/%d", s, ev.Step))
	}
	return out
}

// start runs a watchdog until the test ends.
func start(t *testing.T, cfg Config) (*Watchdog, *recorder) {
	t.Helper()
	rec := newRecorder()
	cfg.OnEvent = rec.on
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	w, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return w, rec
}

// ladder counts checks and records the actions run, with the number of
// checks before each.
type ladder struct {
	checks atomic.Int64
	mu     sync.Mutex
	ran    []string
	at     []int64
	times  []time.Time
}

func (l *ladder) action(name string, err error) Action {
	return Action{Name: name, Do: func(context.Context) error {
		l.mu.Lock()
		l.ran = append(l.ran, name)
		l.at = append(l.at, l.checks.Load())
		l.times = append(l.times, time.Now())
		l.mu.Unlock()
		return err
	}}
}

func (l *ladder) runs() ([]string, []int64, []time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.ran...), append([]int64(nil), l.at...), append([]time.Time(nil), l.times...)
}

// check returns a check that fails when fail(n) is true for the n-th check.
func (l *ladder) check(fail func(n int64) bool) func(context.Context) error {
	return func(context.Context) error {
		if n := l.checks.Add(1); fail(n) {
			return fmt.Errorf("check %d failed", n)
		}
		return nil
	}
}

func always(int64) bool { return true }

func TestEscalationOrderThresholdAndRepeat(t *testing.T) {
	t.Parallel()
	var l ladder
	w, rec := start(t, Config{Layers: []Layer{{
		Name: "modem", Interval: 10 * time.Millisecond, Failures: 3,
		Check:   l.check(always),
		Actions: []Action{l.action("reopen", nil), l.action("reset", nil), l.action("power-cycle", nil)},
	}}})
	for i := 0; i < 2; i++ {
		rec.wait(t, EventAction, "power-cycle", 5*time.Second)
	}
	var ran []string
	var at []int64
	testkit.Eventually(t, "four actions run", func() bool { // the event comes just before the action runs
		ran, at, _ = l.runs()
		return len(ran) >= 4
	})
	if want := "reopen,reset,power-cycle,power-cycle"; strings.Join(ran[:4], ",") != want {
		t.Errorf("ran %q, want %s", ran, want)
	}
	for i, n := range at[:4] {
		if want := int64(3 * (i + 1)); n != want {
			t.Errorf("action %d ran after %d checks, want %d", i+1, n, want)
		}
	}
	evs := rec.all()
	want := []string{"failed/0", "action:reopen/1", "action:reset/2", "action:power-cycle/3", "exhausted:power-cycle/3", "action:power-cycle/3"}
	if got := kinds(evs); strings.Join(got[:len(want)], " ") != strings.Join(want, " ") {
		t.Errorf("events %q, want %q", got, want)
	}
	s := w.Stats()["modem"]
	if s.Healthy || s.Step != 3 || s.Actions["reopen"] != 1 || s.Actions["reset"] != 1 || s.Actions["power-cycle"] < 2 ||
		s.Consecutive < 12 || s.Failures < 12 || s.Checks != s.Failures || !strings.HasPrefix(s.LastError, "check ") {
		t.Errorf("stats %+v", s)
	}
}

func TestBackoffBetweenActions(t *testing.T) {
	var l ladder
	const backoff = 150 * time.Millisecond
	_, rec := start(t, Config{Layers: []Layer{{
		Name: "network", Interval: 10 * time.Millisecond, Failures: 1, Backoff: backoff,
		Check:   l.check(always),
		Actions: []Action{l.action("redial", nil), l.action("reset", nil)},
	}}})
	rec.wait(t, EventAction, "reset", 5*time.Second)
	rec.wait(t, EventAction, "reset", 5*time.Second)
	var ran []string
	var at []int64
	var times []time.Time
	testkit.Eventually(t, "three actions run", func() bool { // the event comes just before the action runs
		ran, at, times = l.runs()
		return len(ran) >= 3
	})
	for i := 1; i < len(ran); i++ {
		if d := times[i].Sub(times[i-1]); d < backoff {
			t.Errorf("%s ran %v after %s, backoff %v", ran[i], d, ran[i-1], backoff)
		}
		if at[i]-at[i-1] < 2 {
			t.Errorf("only %d checks between %s and %s: checks stopped during the backoff", at[i]-at[i-1], ran[i-1], ran[i])
		}
	}
}

func TestRecoveryResetsTheLadderAndEventsInOrder(t *testing.T) {
	t.Parallel()
	var l ladder
	var logs testkit.Buffer
	var failing atomic.Bool
	w, rec := start(t, Config{
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Layers: []Layer{{
			Name: "application", Interval: 10 * time.Millisecond, Failures: 2,
			Check: l.check(func(n int64) bool { return n <= 6 || failing.Load() }),
			Actions: []Action{
				l.action("restart-uplink", nil),
				l.action("reboot", errors.New("reboot refused")),
			},
		}},
	})
	rec.wait(t, EventRecovered, "", 5*time.Second)
	want := []string{
		"failed/0", "action:restart-uplink/1", "action:reboot/2", "action-failed:reboot/2",
		"exhausted:reboot/2", "action:reboot/2", "action-failed:reboot/2", "recovered:reboot/2",
	}
	evs := rec.all()
	if got := kinds(evs); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("events %q, want %q", got, want)
	}
	for i := 1; i < len(evs); i++ {
		if evs[i].Time.Before(evs[i-1].Time) || evs[i].Layer != "application" {
			t.Errorf("event %d: %+v", i, evs[i])
		}
	}
	if !strings.Contains(evs[0].Detail, "check 1 failed") || evs[3].Detail != "reboot refused" {
		t.Errorf("details %q, %q", evs[0].Detail, evs[3].Detail)
	}
	s := w.Stats()["application"]
	if !s.Healthy || s.Step != 0 || s.Consecutive != 0 || s.Failures != 6 || s.Checks < 7 || s.LastError != "" ||
		s.ActionErrors != 2 || s.Actions["restart-uplink"] != 1 || s.Actions["reboot"] != 2 {
		t.Errorf("stats %+v", s)
	}
	if n := strings.Count(logs.String(), "watchdog event"); n != len(want) {
		t.Errorf("%d log lines for %d events:\n%s", n, len(want), logs.String())
	}
	// Failing again starts at the bottom of the ladder.
	failing.Store(true)
	ev := rec.wait(t, EventAction, "", 5*time.Second)
	if ev.Action != "restart-uplink" || ev.Step != 1 {
		t.Errorf("after recovery: %+v", ev)
	}
}

func TestLayerWithoutActionsOnlyReports(t *testing.T) {
	t.Parallel()
	var l ladder
	w, rec := start(t, Config{Layers: []Layer{{
		Name: "application", Interval: 5 * time.Millisecond,
		Check: l.check(func(n int64) bool { return n > 2 && n <= 10 }),
	}}})
	rec.wait(t, EventFailed, "", 5*time.Second)
	rec.wait(t, EventRecovered, "", 5*time.Second)
	if s := w.Stats()["application"]; s.Failures != 8 || s.Step != 0 || len(s.Actions) != 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestHangingCheckIsBounded(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var calls, active, most atomic.Int32
	check := func(ctx context.Context) error {
		n := active.Add(1)
		defer active.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		if calls.Add(1) == 1 {
			<-release // ignores its context
		}
		return nil
	}
	var acts atomic.Int32
	_, rec := start(t, Config{Layers: []Layer{{
		Name: "modem", Interval: 10 * time.Millisecond, Timeout: 30 * time.Millisecond, Failures: 3,
		Check:   check,
		Actions: []Action{{Name: "reopen", Do: func(context.Context) error { acts.Add(1); return nil }}},
	}}})
	ev := rec.wait(t, EventFailed, "", 5*time.Second)
	if !strings.Contains(ev.Detail, "check timed out after 30ms") {
		t.Errorf("detail %q", ev.Detail)
	}
	// The layer goes on while the check hangs: later checks fail without
	// starting another, and the ladder climbs.
	rec.wait(t, EventAction, "reopen", 5*time.Second)
	if c := calls.Load(); c != 1 {
		t.Errorf("%d calls while the first hangs", c)
	}
	close(release)
	rec.wait(t, EventRecovered, "", 5*time.Second)
	if m := most.Load(); m != 1 {
		t.Errorf("%d checks ran at once", m)
	}
}

func TestCheckHonouringItsContextTimesOut(t *testing.T) {
	t.Parallel()
	_, rec := start(t, Config{Layers: []Layer{{
		Name: "network", Interval: 10 * time.Millisecond, Timeout: 20 * time.Millisecond,
		Check: func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() },
	}}})
	ev := rec.wait(t, EventFailed, "", 5*time.Second)
	if !strings.Contains(ev.Detail, "timed out after 20ms") {
		t.Errorf("detail %q", ev.Detail)
	}
}

func TestHangingActionIsBoundedAndNeverOverlaps(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	var runs atomic.Int32
	w, rec := start(t, Config{Layers: []Layer{{
		Name: "modem", Interval: 5 * time.Millisecond, Failures: 1, ActionTimeout: 30 * time.Millisecond,
		Check:   func(context.Context) error { return errors.New("down") },
		Actions: []Action{{Name: "reboot", Do: func(context.Context) error { runs.Add(1); <-release; return nil }}},
	}}})
	ev := rec.wait(t, EventActionFailed, "reboot", 5*time.Second)
	if !strings.Contains(ev.Detail, "action reboot timed out after 30ms") {
		t.Errorf("detail %q", ev.Detail)
	}
	// Twenty more checks, each a chance to run the action again.
	checks := w.Stats()["modem"].Checks
	testkit.Eventually(t, "twenty more checks", func() bool { return w.Stats()["modem"].Checks >= checks+20 })
	if n := runs.Load(); n != 1 {
		t.Errorf("the action ran %d times while the first still hangs", n)
	}
}

func TestPanickingCheckFails(t *testing.T) {
	t.Parallel()
	_, rec := start(t, Config{Layers: []Layer{{
		Name: "application", Interval: 5 * time.Millisecond,
		Check: func(context.Context) error { panic("broken") },
	}}})
	if ev := rec.wait(t, EventFailed, "", 5*time.Second); !strings.Contains(ev.Detail, "panic: broken") {
		t.Errorf("detail %q", ev.Detail)
	}
}

func TestRunReturnsWhenContextEnds(t *testing.T) {
	t.Parallel()
	hang := make(chan struct{})
	defer close(hang)
	checking := make(chan struct{}, 1)
	w, err := New(Config{Logger: slog.New(slog.DiscardHandler), Layers: []Layer{
		{Name: "modem", Interval: 5 * time.Millisecond, Timeout: time.Hour, Check: func(context.Context) error {
			select {
			case checking <- struct{}{}:
			default:
			}
			<-hang
			return nil
		}},
		{Name: "network", Interval: 5 * time.Millisecond, Failures: 1, Check: func(context.Context) error { return errors.New("down") },
			Actions: []Action{{Name: "redial", Do: func(context.Context) error { <-hang; return nil }}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	<-checking // the first Run is running
	if err := w.Run(ctx); err == nil {
		t.Error("a second Run succeeded")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	ok := func(context.Context) error { return nil }
	for name, l := range map[string][]Layer{
		"no name":       {{Interval: time.Second, Check: ok}},
		"no interval":   {{Name: "modem", Check: ok}},
		"no check":      {{Name: "modem", Interval: time.Second}},
		"negative":      {{Name: "modem", Interval: time.Second, Check: ok, Backoff: -1}},
		"duplicate":     {{Name: "modem", Interval: time.Second, Check: ok}, {Name: "modem", Interval: time.Second, Check: ok}},
		"action no Do":  {{Name: "modem", Interval: time.Second, Check: ok, Actions: []Action{{Name: "reopen"}}}},
		"action noname": {{Name: "modem", Interval: time.Second, Check: ok, Actions: []Action{{Do: ok}}}},
	} {
		if _, err := New(Config{Layers: l}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	w, err := New(Config{Layers: []Layer{{Name: "modem", Interval: time.Second, Check: ok}}})
	if err != nil {
		t.Fatal(err)
	}
	if l := w.layers[0].cfg; l.Failures != 1 || l.Timeout != time.Second || l.ActionTimeout != DefaultActionTimeout {
		t.Errorf("defaults %+v", l)
	}
	if s := w.Stats()["modem"]; !s.Healthy || s.Checks != 0 {
		t.Errorf("initial stats %+v", s)
	}
}
