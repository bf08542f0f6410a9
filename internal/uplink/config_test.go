package uplink

import (
	"testing"
	"time"
)

func TestReconnectBackoff(t *testing.T) {
	t.Parallel()
	b := reconnectBackoff(100*time.Millisecond, time.Second)
	for i, hi := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		d := b.Next()
		hi *= time.Millisecond
		if d < hi/2 || d > hi {
			t.Fatalf("step %d: %v not in [%v, %v]", i, d, hi/2, hi)
		}
	}
	b.Reset()
	if d := b.Next(); d > 100*time.Millisecond {
		t.Fatalf("after reset %v", d)
	}
}
