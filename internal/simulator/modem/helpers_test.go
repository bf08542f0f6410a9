package modem

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// TestMain fails the package when goroutines of the simulator outlive the
// tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		deadline := time.Now().Add(3 * time.Second)
		leaked := ours()
		for leaked != nil && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			leaked = ours()
		}
		if leaked != nil {
			fmt.Fprintf(os.Stderr, "goroutines leaked:\n%s\n", strings.Join(leaked, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}

// ours lists the stacks of running goroutines that run this package's code,
// but for TestMain's own.
func ours() []string {
	buf := make([]byte, 1<<22)
	var out []string
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "internal/simulator/modem.") && !strings.Contains(g, "modem.TestMain") && !strings.Contains(g, "modem.ours") {
			out = append(out, g)
		}
	}
	return out
}

// fast gives a Config whose delays suit tests.
func fast(c Config) Config {
	if c.BootDelay == 0 {
		c.BootDelay = time.Millisecond
	}
	if c.RegistrationDelay == 0 {
		c.RegistrationDelay = 20 * time.Millisecond
	}
	if c.ScanDuration == 0 {
		c.ScanDuration = 200 * time.Millisecond
	}
	return c
}

// client is the TE side of a stream the modem serves.
type client struct {
	t    *testing.T
	conn io.ReadWriteCloser

	mu     sync.Mutex
	buf    []byte
	notify chan struct{}
	done   chan struct{}
}

func newClient(t *testing.T, conn io.ReadWriteCloser) *client {
	c := &client{t: t, conn: conn, notify: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		b := make([]byte, 4096)
		for {
			n, err := conn.Read(b)
			if n > 0 {
				c.mu.Lock()
				c.buf = append(c.buf, b[:n]...)
				c.mu.Unlock()
				select {
				case c.notify <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return c
}

func (c *client) close() {
	c.conn.Close()
	<-c.done
}

// send writes s as it is.
func (c *client) send(s string) {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(s)); err != nil {
		c.t.Fatalf("write %q: %v", s, err)
	}
}

// until waits for the received bytes to match re and consumes them up to
// the end of the match, which it returns with everything before it.
func (c *client) until(re *regexp.Regexp, d time.Duration) (string, bool) {
	return c.untilFunc(re.FindIndex, d)
}

// untilFunc is until with a matcher giving the match's bounds or nil.
func (c *client) untilFunc(find func([]byte) []int, d time.Duration) (string, bool) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		if loc := find(c.buf); loc != nil {
			s := string(c.buf[:loc[1]])
			c.buf = c.buf[loc[1]:]
			c.mu.Unlock()
			return s, true
		}
		c.mu.Unlock()
		select {
		case <-c.notify:
		case <-deadline.C:
			return "", false
		case <-c.done:
			c.mu.Lock()
			loc := find(c.buf)
			c.mu.Unlock()
			if loc == nil {
				return "", false
			}
		}
	}
}

// expect waits for s and returns what came up to and including it.
func (c *client) expect(s string) string {
	c.t.Helper()
	got, ok := c.untilFunc(func(b []byte) []int {
		if i := bytes.Index(b, []byte(s)); i >= 0 {
			return []int{i, i + len(s)}
		}
		return nil
	}, 3*time.Second)
	if !ok {
		c.t.Fatalf("did not receive %q; have %q", s, c.pending())
	}
	return got
}

// silent checks that nothing arrives for d.
func (c *client) silent(d time.Duration) {
	c.t.Helper()
	time.Sleep(d)
	if p := c.pending(); p != "" {
		c.t.Fatalf("unexpected output %q", p)
	}
}

func (c *client) pending() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.buf)
}

// finalRE matches a final result code at the end of a response.
var finalRE = regexp.MustCompile(`\r\n(OK|ERROR|NO CARRIER|CONNECT[^\r]*|\+CME ERROR: [^\r]*|\+CMS ERROR: [^\r]*)\r\n`)

// raw sends line with CR and returns everything up to its final result,
// echo included.
func (c *client) raw(line string) string {
	c.t.Helper()
	c.send(line + "\r")
	got, ok := c.until(finalRE, 5*time.Second)
	if !ok {
		c.t.Fatalf("%s: no final result; have %q", line, c.pending())
	}
	return got
}

// at sends line and returns the response after the echo.
func (c *client) at(line string) string {
	c.t.Helper()
	got := c.raw(line)
	echo := line + "\r"
	if !strings.HasPrefix(got, echo) {
		c.t.Fatalf("%s: echo missing in %q", line, got)
	}
	return got[len(echo):]
}

// ok sends line and wants OK with no information text.
func (c *client) ok(line string) {
	c.t.Helper()
	if got := c.at(line); got != "\r\nOK\r\n" {
		c.t.Fatalf("%s: %q, want OK", line, got)
	}
}

// want sends line and wants exactly the information lines and the final
// result given (V.250 framing added here).
func (c *client) want(line string, final string, info ...string) {
	c.t.Helper()
	exp := ""
	if len(info) > 0 {
		exp = "\r\n" + strings.Join(info, "\r\n") + "\r\n"
	}
	exp += "\r\n" + final + "\r\n"
	if got := c.at(line); got != exp {
		c.t.Errorf("%s:\n got %q\nwant %q", line, got, exp)
	}
}

// serve runs m on one end of a pipe and gives a client on the other, after
// the boot indication (^SYSSTART or RDY) has arrived.
func serve(t *testing.T, m *Modem) *client {
	t.Helper()
	a, b := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, a) }()
	c := newClient(t, b)
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		c.close()
		a.Close()
	})
	return c
}

// start gives a modem with test delays, a client, and waits for the boot.
func start(t *testing.T, cfg Config) (*Modem, *client) {
	t.Helper()
	m := New(fast(cfg))
	t.Cleanup(func() { m.Close() })
	c := serve(t, m)
	switch {
	case m.cfg.Vendor == Huawei:
		c.expect("\r\n^SYSSTART\r\n")
	case m.cfg.Vendor == UBlox:
		booted(t, m) // the SARA-R4 says nothing
	case m.cfg.Vendor == QuectelNB:
		c.expect("\r\nNeul \r\nOK\r\n")
	case cfg.PIN != "":
		c.expect("\r\n+QUSIM: 1\r\n")
	default:
		c.expect("\r\n+QIND: PB DONE\r\n")
	}
	return m, c
}

// booted waits for the module to answer.
func booted(t *testing.T, m *Modem) {
	t.Helper()
	testkit.EventuallyWithin(t, 3*time.Second, "the module to boot", func() bool { return m.Status().Booted })
}

// registered waits for the module to register.
func registered(t *testing.T, m *Modem) {
	t.Helper()
	testkit.EventuallyWithin(t, 3*time.Second, "the module to register", func() bool {
		return m.Registration() == 1 || m.Registration() == 5
	})
}

// running sends a command line and waits until the module has received it
// (its echo written, the command about to run).
func (c *client) running(m *Modem, line string) {
	c.t.Helper()
	before := count(m.Commands(), line)
	c.send(line + "\r")
	testkit.EventuallyWithin(c.t, 3*time.Second, "the module to receive "+line, func() bool { return count(m.Commands(), line) > before })
}

func count(lines []string, line string) int {
	n := 0
	for _, l := range lines {
		if l == line {
			n++
		}
	}
	return n
}
