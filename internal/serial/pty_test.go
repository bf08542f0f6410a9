//go:build linux || darwin || freebsd

package serial

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/creack/pty"
)

func openPTY(t *testing.T) (ptm *os.File, tty string) {
	t.Helper()
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Skip("no pseudo-terminals:", err)
	}
	tty = pts.Name()
	pts.Close()
	t.Cleanup(func() { ptm.Close() })
	return ptm, tty
}

func TestReadDeadlineOnPort(t *testing.T) {
	t.Parallel()
	ptm, tty := openPTY(t)
	p, err := Open(tty, Config{Baud: 9600})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	// data both ways
	if _, err := ptm.Write([]byte{0x01, 0x03, 0x00}); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	p.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, err := p.Read(buf)
	if err != nil || n == 0 || buf[0] != 0x01 {
		t.Fatalf("Read = %d, %v, % x", n, err, buf[:n])
	}
	if _, err := p.Write([]byte{0x0d, 0xff}); err != nil {
		t.Fatal(err)
	}
	ptm.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := ptm.Read(buf); err != nil || n != 2 || buf[1] != 0xff {
		t.Fatalf("peer Read = %d, %v, % x (raw mode keeps bytes as sent)", n, err, buf[:n])
	}

	// the deadline ends a read on a silent line
	p.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	start := time.Now()
	n, err = p.Read(buf)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read = %d, %v; want a deadline error", n, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("deadline took %v", d)
	}

	// Close unblocks a pending read
	p.SetReadDeadline(time.Time{})
	done := make(chan error, 1)
	go func() { _, err := p.Read(buf); done <- err }()
	time.Sleep(20 * time.Millisecond)
	p.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Read after Close returned no error")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not unblock Read")
	}
}
