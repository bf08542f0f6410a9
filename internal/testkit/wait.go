package testkit

import (
	"net"
	"testing"
	"time"
)

// Patience is how long Eventually waits before it fails the test: long
// enough for a loaded CI machine running the race detector.
const Patience = 10 * time.Second

// Eventually polls cond until it holds and fails the test, naming what it
// waited for, if it does not within Patience. It is for state the code
// under test reaches on its own schedule (a connection, a file on disk);
// where the code offers a channel or an event, wait on that instead.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	EventuallyWithin(t, Patience, what, cond)
}

// EventuallyWithin is Eventually with its own deadline.
func EventuallyWithin(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// FreeAddr returns a loopback address with a port nothing listens on, for
// a server the test starts itself (a broker, an HTTP endpoint).
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
