package modem

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cellgate/cellgate/internal/serial"
)

// openTTY opens the simulator's terminal the way a serial program does:
// read-write, not as controlling terminal, in raw mode.
func openTTY(t *testing.T, path string) serial.Port {
	t.Helper()
	f, err := serial.Open(path, serial.Config{Baud: 115200})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPTY(t *testing.T) {
	t.Parallel()
	m := New(fast(Config{}))
	link := filepath.Join(t.TempDir(), "ttyMU709")
	if err := m.Start(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.TTY() == "" {
		t.Fatal("no tty")
	}
	if target, err := os.Readlink(link); err != nil || target != m.TTY() {
		t.Fatalf("link %q %v", target, err)
	}
	registered(t, m)
	// a program opens the tty, talks, closes it; another one comes
	for i := range 3 {
		c := newClient(t, openTTY(t, link))
		c.want("AT+CGMM", "OK", "MU709s-2")
		c.want("AT^HCSQ?", "OK", `^HCSQ: "WCDMA",30,30,58`)
		if i == 1 {
			c.ok("AT+CNMI=2,1,0,0,0")
			if _, err := m.InjectSMS("+49170", "over the pty"); err != nil {
				t.Fatal(err)
			}
			c.expect("\r\n+CMTI: \"SM\",0\r\n")
			c.send("AT+CMGS=21\r")
			c.expect("\r\n> ")
			c.send(seedPDU + "\x1A")
			c.expect("\r\n+CMGS: 1\r\n\r\nOK\r\n")
		}
		c.close()
	}
	if err := m.Start(context.Background(), ""); err == nil {
		t.Error("second Start succeeded")
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("link left behind: %v", err)
	}
}

func TestPTYStopsWithContext(t *testing.T) {
	t.Parallel()
	m := New(fast(Config{}))
	defer m.Close()
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Start(ctx, ""); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, openTTY(t, m.TTY()))
	registered(t, m)
	c.send("AT\r")
	c.expect("AT\r\r\nOK\r\n")
	cancel()
	m.wg.Wait() // the serving goroutine ends with ctx
	c.close()
}
