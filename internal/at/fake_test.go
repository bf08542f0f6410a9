package at

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// fakeModem is a scripted modem on the far end of a net.Pipe. Each command
// line (ended by CR) is looked up in replies (upper-cased); the reply text is
// written as is, so tests control every byte. The health procedure's
// restoring commands get the reply of AT unless they have their own. A payload ended by Ctrl-Z is
// answered with the reply stored under "PAYLOAD:<payload>", an ESC with the
// one under "ESC".
type fakeModem struct {
	t    *testing.T
	echo bool

	mu      sync.Mutex
	conn    net.Conn
	replies map[string]string
	silent  bool          // read but never answer
	got     []string      // commands received
	seen    chan string   // every command, for tests that wait
	wake    chan struct{} // closed to stop
}

func newFake(t *testing.T, echo bool, replies map[string]string) *fakeModem {
	f := &fakeModem{t: t, echo: echo, replies: map[string]string{}, seen: make(chan string, 1024), wake: make(chan struct{})}
	for k, v := range replies {
		f.replies[strings.ToUpper(k)] = v
	}
	t.Cleanup(func() { close(f.wake) })
	return f
}

// opener hands the engine a fresh pipe each time, like a reopened tty.
func (f *fakeModem) opener() Opener {
	return func(context.Context) (io.ReadWriteCloser, error) {
		host, modem := net.Pipe()
		f.mu.Lock()
		f.conn = modem
		f.mu.Unlock()
		go f.serve(modem)
		return host, nil
	}
}

func (f *fakeModem) set(cmd, reply string) {
	f.mu.Lock()
	f.replies[strings.ToUpper(cmd)] = reply
	f.mu.Unlock()
}

func (f *fakeModem) setSilent(on bool) {
	f.mu.Lock()
	f.silent = on
	f.mu.Unlock()
}

// send writes raw bytes to the host, as a URC or garbage would arrive.
func (f *fakeModem) send(s string) {
	f.mu.Lock()
	c := f.conn
	f.mu.Unlock()
	if c != nil {
		c.Write([]byte(s))
	}
}

func (f *fakeModem) commands() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

func (f *fakeModem) serve(c net.Conn) {
	defer c.Close()
	go func() { <-f.wake; c.Close() }()
	r := bufio.NewReader(c)
	var tok []byte
	for {
		b, err := r.ReadByte()
		if err != nil {
			return
		}
		if b != '\r' && b != 0x1A && b != 0x1B {
			tok = append(tok, b)
			continue
		}
		text := strings.TrimLeft(string(tok), "\n")
		tok = tok[:0]
		key := strings.ToUpper(text)
		switch b {
		case 0x1A:
			key = "PAYLOAD:" + text
			if f.echo {
				c.Write([]byte(text + "\x1a"))
			}
		case 0x1B:
			key = "ESC"
		}
		f.mu.Lock()
		f.got = append(f.got, text)
		reply, ok := f.replies[key]
		if !ok && (key == RestoreCommand || key == FactoryCommand) {
			reply, ok = f.replies["AT"] // the health probes are answered as AT is
		}
		silent := f.silent
		f.mu.Unlock()
		select {
		case f.seen <- text:
		default:
		}
		if silent || (b == '\r' && text == "") {
			continue
		}
		if f.echo && b == '\r' {
			c.Write([]byte(text + "\r"))
		}
		if !ok {
			reply = "\r\nERROR\r\n"
		}
		c.Write([]byte(reply))
	}
}

// waitCmd waits until the fake has received cmd.
func (f *fakeModem) waitCmd(t *testing.T, cmd string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case c := <-f.seen:
			if strings.EqualFold(c, cmd) {
				return
			}
		case <-deadline:
			t.Fatalf("modem never received %q; got %q", cmd, f.commands())
		}
	}
}

// startEngine starts an engine on the fake with short, test-sized timeouts.
func startEngine(t *testing.T, f *fakeModem, cfg Config) *Engine {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Second
	}
	if cfg.HealthTimeout == 0 {
		cfg.HealthTimeout = 200 * time.Millisecond
	}
	if cfg.ReopenMin == 0 {
		cfg.ReopenMin, cfg.ReopenMax = 20*time.Millisecond, 100*time.Millisecond
	}
	if cfg.AbortTimeout == 0 {
		cfg.AbortTimeout = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	e := New(f.opener(), cfg)
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// queuedCommands has cfg report the commands queued behind a running one,
// for a test to wait on with waitQueued.
func queuedCommands(cfg *Config) <-chan string {
	ch := make(chan string, 32)
	cfg.queued = func(cmd string) {
		select {
		case ch <- cmd:
		default:
		}
	}
	return ch
}

// waitQueued waits until cmd is queued behind the running command.
func waitQueued(t *testing.T, queued <-chan string, cmd string) {
	t.Helper()
	timeout := time.After(testkit.Patience)
	for {
		select {
		case c := <-queued:
			if c == cmd {
				return
			}
		case <-timeout:
			t.Fatalf("%s never queued", cmd)
		}
	}
}
