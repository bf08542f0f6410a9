package modem

import (
	"testing"
	"time"
)

func TestSignalGate(t *testing.T) {
	t.Parallel()
	type poll struct {
		after time.Duration // since the previous poll
		bars  int
		event bool
	}
	const p = 30 * time.Second // the default poll
	for _, tc := range []struct {
		name  string
		polls []poll
	}{
		{"first poll reports", []poll{{0, 3, true}, {p, 3, false}}},
		{"no signal at first: nothing to report", []poll{{0, 0, false}}},
		{"loss and return of the signal at once", []poll{{0, 3, true}, {p, 0, true}, {p, 2, true}}},
		{"two bars at once", []poll{{0, 4, true}, {p, 2, true}, {p, 4, true}}},
		{"one bar flapping every poll: silent", []poll{
			{0, 3, true}, {p, 2, false}, {p, 3, false}, {p, 2, false}, {p, 3, false},
			{10 * time.Minute, 2, false}, {p, 3, false}}},
		{"one bar held two polls after the gap", []poll{
			{0, 3, true}, {6 * time.Minute, 2, false}, {p, 2, true}, {p, 2, false}}},
		{"one bar held, but inside the gap: reported when the gap is over", []poll{
			{0, 3, true}, {p, 2, false}, {p, 2, false}, {p, 2, false},
			{4 * time.Minute, 2, true}, {p, 2, false}}},
		{"one bar back before it was reported", []poll{
			{0, 3, true}, {6 * time.Minute, 2, false}, {p, 3, false}, {p, 3, false}}},
		{"one bar, then another: two bars reported at once", []poll{
			{0, 4, true}, {p, 3, false}, {p, 2, true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := signalGate{}
			now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
			for i, q := range tc.polls {
				now = now.Add(q.after)
				if got := g.observe(q.bars, now); got != q.event {
					t.Errorf("poll %d (%d bars): event %v, want %v", i, q.bars, got, q.event)
				}
			}
		})
	}
}

// A day of a signal hovering between two bars, polled every 30 s, makes
// at most one event per signalEventGap.
func TestSignalGateBoundsADay(t *testing.T) {
	t.Parallel()
	g := signalGate{}
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	events := 0
	for i := range 2880 {
		bars := 2 + (i/2)%2 // two polls at 2, two at 3, ...
		if g.observe(bars, now) {
			events++
		}
		now = now.Add(30 * time.Second)
	}
	if max := int(24*time.Hour/signalEventGap) + 1; events > max {
		t.Errorf("%d signal events in a day; at most %d expected", events, max)
	}
	if events < 10 {
		t.Errorf("%d signal events in a day of real changes; the gate hides too much", events)
	}
}
