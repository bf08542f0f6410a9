package watchdog

import (
	"testing"
	"time"
)

// A ladder configured with no backoff between steps: once exhausted, its
// last step repeated at every failed check for ever (a reset a minute), as
// doubling a wait of zero leaves it zero. The repeats start one check
// interval apart and double from there.
func TestRegressionZeroBackoffRepeatsAtEveryCheck(t *testing.T) {
	t.Parallel()
	var l ladder
	const interval, maxBackoff = 10 * time.Millisecond, 80 * time.Millisecond
	_, rec := start(t, Config{Layers: []Layer{{
		Name: "modem", Interval: interval, Failures: 1, Backoff: 0, MaxBackoff: maxBackoff,
		Check:   l.check(always),
		Actions: []Action{l.action("reopen", nil), l.action("reset", nil)},
	}}})
	var nexts []time.Duration
	for len(nexts) < 5 {
		ev := rec.wait(t, EventAction, "reset", 10*time.Second)
		nexts = append(nexts, ev.Next)
	}
	// the first reset is the ladder's step (no wait configured), then the
	// repeats: 2, 4, 8 intervals, then the cap
	want := []time.Duration{0, 2 * interval, 4 * interval, maxBackoff, maxBackoff}
	for i := range want {
		if nexts[i] != want[i] {
			t.Errorf("waits after the resets %v, want %v", nexts, want)
			break
		}
	}
}
