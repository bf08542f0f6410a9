package auth

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

func TestLimiter(t *testing.T) {
	t.Parallel()
	type step struct {
		advance time.Duration
		wantOK  bool
		wantRA  time.Duration
	}
	for _, tc := range []struct {
		name  string
		rate  float64
		burst int
		steps []step
	}{
		{"burst then wait", 2, 3, []step{
			{0, true, 0}, {0, true, 0}, {0, true, 0},
			{0, false, 500 * time.Millisecond},
			{200 * time.Millisecond, false, 300 * time.Millisecond},
			{300 * time.Millisecond, true, 0},
			{0, false, 500 * time.Millisecond},
		}},
		{"refill capped at burst", 1, 2, []step{
			{0, true, 0}, {0, true, 0},
			{time.Hour, true, 0}, {0, true, 0},
			{0, false, time.Second},
		}},
		{"zero burst is one", 10, 0, []step{
			{0, true, 0}, {0, false, 100 * time.Millisecond},
			{100 * time.Millisecond, true, 0},
		}},
		{"slow rate", 1.0 / 60, 1, []step{
			{0, true, 0}, {0, false, time.Minute},
			{59 * time.Second, false, time.Second},
			{time.Second, true, 0},
		}},
		{"zero rate never refills", 0, 2, []step{
			{0, true, 0}, {0, true, 0},
			{0, false, Never}, {time.Hour, false, Never},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			l := &Limiter{Rate: tc.rate, Burst: tc.burst, Clock: clock}
			for i, st := range tc.steps {
				clock.Advance(st.advance)
				ok, ra := l.Allow("k")
				if ok != st.wantOK || ra != st.wantRA {
					t.Fatalf("step %d: Allow = %v, %v; want %v, %v", i, ok, ra, st.wantOK, st.wantRA)
				}
			}
			if ok, _ := l.Allow("other"); !ok {
				t.Fatal("another key shares the bucket")
			}
		})
	}
}

// TestLimiterRetryAfterSuffices checks that waiting exactly the reported
// retryAfter always lets the next request through, at awkward rates.
func TestLimiterRetryAfterSuffices(t *testing.T) {
	t.Parallel()
	for _, rate := range []float64{3, 7, 0.3, 1.0 / 7, 1000, 33.3} {
		clock := testkit.NewClock(t0)
		l := &Limiter{Rate: rate, Burst: 1, Clock: clock}
		for i := range 50 {
			ok, ra := l.Allow("k")
			if !ok {
				clock.Advance(ra)
				if ok, ra2 := l.Allow("k"); !ok {
					t.Fatalf("rate %v round %d: still refused (%v) after waiting %v", rate, i, ra2, ra)
				}
			}
		}
	}
}

func TestLimiterBounded(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	l := &Limiter{Rate: 1, Burst: 1, MaxKeys: 10, Clock: clock}
	for i := range 100 {
		l.Allow(fmt.Sprintf("k%d", i))
		if n := l.Len(); n > 10 {
			t.Fatalf("after %d keys the limiter holds %d; cap is 10", i+1, n)
		}
	}
	// A recently used key survives a newcomer; the least recent goes.
	if ok, _ := l.Allow("k99"); ok {
		t.Fatal("k99 got a second token at once")
	}
	l.Allow("new")
	if ok, _ := l.Allow("k99"); ok {
		t.Fatal("k99 was evicted though recently used")
	}
	// Full buckets are forgotten first once time passes.
	clock.Advance(time.Minute)
	l.Allow("later")
	if n := l.Len(); n != 1 {
		t.Fatalf("after refilling the limiter holds %d keys; want 1", n)
	}
}

func TestLimiterConcurrent(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	l := &Limiter{Rate: 1, Burst: 5, Clock: clock}
	var granted atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if ok, _ := l.Allow("shared"); ok {
					granted.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if got := granted.Load(); got != 5 {
		t.Fatalf("800 concurrent requests got %d tokens; want the burst of 5", got)
	}
}
