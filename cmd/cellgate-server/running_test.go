package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// patience bounds every wait on a running command: generous, for a loaded
// machine running the race detector.
const patience = 30 * time.Second

// running is a command that runs until stopped (run, demo), started in
// the background with a context the test cancels.
type running struct {
	t      *testing.T
	lines  chan string // stdout, a line at a time
	stderr *testkit.Buffer
	code   chan int
	cancel context.CancelFunc
	seen   []string // the stdout lines read so far
}

// start runs args in the background. It replaces commandContext, so the
// test calling it must not be parallel; cleanup stops the command and
// puts commandContext back.
func start(t *testing.T, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	saved := commandContext
	commandContext = func() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
	r := &running{t: t, lines: make(chan string, 256), stderr: &testkit.Buffer{}, code: make(chan int, 1), cancel: cancel}
	pr, pw := io.Pipe()
	go func() {
		defer close(r.lines)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			r.lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	go func() {
		code := run(args, pw, r.stderr)
		pw.Close()
		r.code <- code
	}()
	t.Cleanup(func() {
		r.stop()
		commandContext = saved
	})
	return r
}

// waitLine returns the first stdout line from here on that contains s.
func (r *running) waitLine(s string) string {
	r.t.Helper()
	timeout := time.NewTimer(patience)
	defer timeout.Stop()
	for {
		select {
		case line, ok := <-r.lines:
			if !ok {
				r.t.Fatalf("the command ended without printing %q; stdout %q, stderr %q", s, r.seen, r.stderr.String())
			}
			r.seen = append(r.seen, line)
			if strings.Contains(line, s) {
				return line
			}
		case <-timeout.C:
			r.t.Fatalf("no line with %q within %v; stdout %q, stderr %q", s, patience, r.seen, r.stderr.String())
		}
	}
}

// value is what follows label on a stdout line already read.
func (r *running) value(label string) string {
	r.t.Helper()
	for _, line := range r.seen {
		if v, ok := strings.CutPrefix(line, label); ok {
			return strings.TrimSpace(v)
		}
	}
	r.t.Fatalf("no %q line in %q", label, r.seen)
	return ""
}

// stop cancels the command's context and returns its exit status; it may
// be called more than once.
func (r *running) stop() int {
	r.t.Helper()
	r.cancel()
	select {
	case code := <-r.code:
		r.code <- code
		return code
	case <-time.After(patience):
		r.t.Fatalf("the command did not stop within %v of its context ending; stderr %q", patience, r.stderr.String())
		return -1
	}
}

// client calls a running server over HTTP.
type client struct {
	t     *testing.T
	base  string // http://host:port
	token string // the bearer token, once signed in
}

// do sends body (a JSON text, or "" for none) and decodes a JSON answer
// into out when out is not nil. It returns the status and the body.
func (c *client) do(method, path, body string, out any) (int, string) {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
	return resp.StatusCode, string(data)
}
