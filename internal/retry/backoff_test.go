package retry

import (
	"testing"
	"time"
)

func TestBackoffDoublesToMax(t *testing.T) {
	t.Parallel()
	b := Backoff{Min: time.Second, Max: 10 * time.Second}
	want := []time.Duration{1, 2, 4, 8, 10, 10}
	for i, w := range want {
		if got := b.Next(); got != w*time.Second {
			t.Fatalf("wait %d: %v, want %v", i+1, got, w*time.Second)
		}
	}
	if b.Attempts() != len(want) {
		t.Errorf("attempts %d, want %d", b.Attempts(), len(want))
	}
	b.Reset()
	if got := b.Next(); got != time.Second {
		t.Errorf("after reset: %v, want 1s", got)
	}
}

func TestBackoffJitterStaysWithinSchedule(t *testing.T) {
	t.Parallel()
	b := Backoff{Min: time.Second, Max: 8 * time.Second, Jitter: 0.5}
	seen := map[time.Duration]bool{}
	for i := range 200 {
		cur := b.Current()
		got := b.Next()
		if got < cur/2 || got > cur {
			t.Fatalf("wait %d: %v outside [%v, %v]", i, got, cur/2, cur)
		}
		seen[got] = true
		if i%4 == 3 {
			b.Reset()
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct waits in 200: no jitter", len(seen))
	}
}

func TestBackoffWithoutMaxKeepsDoubling(t *testing.T) {
	t.Parallel()
	b := Backoff{Min: time.Millisecond}
	for range 5 {
		b.Next()
	}
	if got := b.Next(); got != 32*time.Millisecond {
		t.Errorf("sixth wait %v, want 32ms", got)
	}
}
