package testkit

import (
	"strings"
	"sync"
	"testing"
)

// Concurrent writers lose nothing and a reader may look at any time.
func TestBufferConcurrentWrites(t *testing.T) {
	t.Parallel()
	var b Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				b.Write([]byte("x\n"))
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if n := strings.Count(b.String(), "x\n"); n != 800 {
		t.Errorf("%d writes kept, want 800", n)
	}
}
