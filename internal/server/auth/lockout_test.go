package auth

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

func TestLockout(t *testing.T) {
	t.Parallel()
	type step struct {
		advance time.Duration
		op      string // "fail", "ok" (Succeed), "check"
		wantOK  bool
		wantRA  time.Duration
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"fresh key allowed", []step{{0, "check", true, 0}}},
		{"banned on max", []step{
			{0, "fail", true, 0}, {0, "fail", true, 0},
			{time.Minute, "fail", false, 10 * time.Minute},
			{4 * time.Minute, "check", false, 6 * time.Minute},
			{6*time.Minute - time.Second, "check", false, time.Second},
			{time.Second, "check", true, 0},
		}},
		{"window resets count", []step{
			{0, "fail", true, 0}, {0, "fail", true, 0},
			{5 * time.Minute, "fail", true, 0}, // new window from here
			{time.Minute, "fail", true, 0},
			{time.Minute, "fail", false, 10 * time.Minute},
		}},
		{"success forgets", []step{
			{0, "fail", true, 0}, {0, "fail", true, 0}, {0, "ok", true, 0},
			{0, "fail", true, 0}, {0, "fail", true, 0},
			{0, "fail", false, 10 * time.Minute},
		}},
		{"failing while banned does not extend", []step{
			{0, "fail", true, 0}, {0, "fail", true, 0}, {0, "fail", false, 10 * time.Minute},
			{time.Minute, "fail", false, 9 * time.Minute},
			{9 * time.Minute, "check", true, 0},
			{0, "fail", true, 0}, // a fresh count after the ban
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			l := &Lockout{Max: 3, Window: 5 * time.Minute, Ban: 10 * time.Minute, Clock: clock}
			for i, st := range tc.steps {
				clock.Advance(st.advance)
				switch st.op {
				case "fail":
					l.Fail("alice")
				case "ok":
					l.Succeed("alice")
				}
				ok, ra := l.Allowed("alice")
				if ok != st.wantOK || ra != st.wantRA {
					t.Fatalf("step %d (%s): Allowed = %v, %v; want %v, %v", i, st.op, ok, ra, st.wantOK, st.wantRA)
				}
				if ok, _ := l.Allowed("bob"); !ok {
					t.Fatalf("step %d: an untouched key is banned", i)
				}
			}
		})
	}
}

func TestLockoutDefaults(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	l := &Lockout{Clock: clock}
	for range DefaultLockoutMax - 1 {
		l.Fail("k")
	}
	if ok, _ := l.Allowed("k"); !ok {
		t.Fatalf("banned before %d failures", DefaultLockoutMax)
	}
	l.Fail("k")
	if ok, ra := l.Allowed("k"); ok || ra != DefaultLockoutBan {
		t.Fatalf("after %d failures Allowed = %v, %v; want false, %v", DefaultLockoutMax, ok, ra, DefaultLockoutBan)
	}
}

func TestLockoutBounded(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	l := &Lockout{Max: 2, Window: time.Minute, Ban: time.Hour, MaxKeys: 10, Clock: clock}
	l.Fail("victim")
	l.Fail("victim") // banned for an hour
	for i := range 100 {
		l.Fail(fmt.Sprintf("flood-%d", i))
		if n := l.Len(); n > 10 {
			t.Fatalf("after %d keys the lockout holds %d; cap is 10", i+2, n)
		}
	}
	if ok, _ := l.Allowed("victim"); ok {
		t.Fatal("flooding other keys lifted a ban")
	}
	// Once windows pass, stale keys go first when room is needed.
	clock.Advance(2 * time.Minute)
	l.Fail("late")
	if n := l.Len(); n != 2 {
		t.Fatalf("after the windows passed the lockout holds %d keys; want 2 (victim, late)", n)
	}
}

func TestLockoutConcurrent(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	l := &Lockout{Max: 1000, Window: time.Hour, Ban: time.Hour, MaxKeys: 50, Clock: clock}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				key := fmt.Sprintf("k%d", (g*200+i)%60)
				l.Fail(key)
				l.Allowed(key)
				if i%7 == 0 {
					l.Succeed(key)
				}
			}
		})
	}
	wg.Wait()
	if n := l.Len(); n > 50 {
		t.Fatalf("lockout holds %d keys; cap is 50", n)
	}
}
