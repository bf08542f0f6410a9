package testkit

import (
	"net"
	"sync/atomic"
	"testing"
)

func TestEventuallyReturnsOnceTrue(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	Eventually(t, "the third poll", func() bool { return n.Add(1) >= 3 })
	if n.Load() != 3 {
		t.Errorf("polled %d times, want 3", n.Load())
	}
}

func TestFreeAddrIsListenable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", FreeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
}
