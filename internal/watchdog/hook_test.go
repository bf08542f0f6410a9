package watchdog

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeGPIO makes a sysfs GPIO directory with line n exported as an input.
func fakeGPIO(t *testing.T, n string) (root, dir string) {
	t.Helper()
	root = t.TempDir()
	write(t, filepath.Join(root, "export"), "")
	dir = filepath.Join(root, "gpio"+n)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "direction"), "in\n")
	write(t, filepath.Join(dir, "value"), "0\n")
	return root, dir
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// watch samples a file until stop is closed and returns its distinct
// successive values; ready is closed once it has seen the initial value.
func watch(path string, stop <-chan struct{}) (values <-chan []string, ready <-chan struct{}) {
	out := make(chan []string, 1)
	first := make(chan struct{})
	go func() {
		var seen []string
		sample := func() {
			b, _ := os.ReadFile(path)
			if v := strings.TrimSpace(string(b)); v != "" && (len(seen) == 0 || seen[len(seen)-1] != v) {
				seen = append(seen, v)
			}
		}
		sample()
		close(first)
		for {
			select {
			case <-stop:
				sample()
				out <- seen
				return
			case <-time.After(2 * time.Millisecond):
				sample()
			}
		}
	}()
	return out, first
}

func TestGPIOPulse(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		activeLow          bool
		initial, direction string
		want               string
	}{
		{false, "0", "low", "0,1,0"},
		{true, "1", "high", "1,0,1"},
	} {
		root, dir := fakeGPIO(t, "17")
		write(t, filepath.Join(dir, "value"), c.initial)
		stop := make(chan struct{})
		seen, ready := watch(filepath.Join(dir, "value"), stop)
		<-ready
		start := time.Now()
		err := GPIO{Root: root, Line: 17, ActiveLow: c.activeLow, Hold: 100 * time.Millisecond}.Pulse(context.Background())
		took := time.Since(start)
		close(stop)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(<-seen, ","); got != c.want {
			t.Errorf("active-low %v: line went %s, want %s", c.activeLow, got, c.want)
		}
		if took < 100*time.Millisecond {
			t.Errorf("held %v", took)
		}
		if d := read(t, filepath.Join(dir, "direction")); d != c.direction {
			t.Errorf("direction %q, want %q", d, c.direction)
		}
	}
}

func TestGPIOExportsTheLine(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, filepath.Join(root, "export"), "")
	// Play the kernel: create gpio5 once 5 is written to export.
	go func() {
		for range 500 {
			if b, _ := os.ReadFile(filepath.Join(root, "export")); strings.TrimSpace(string(b)) == "5" {
				dir := filepath.Join(root, "gpio5")
				os.Mkdir(dir, 0o755)
				os.WriteFile(filepath.Join(dir, "direction"), []byte("out\n"), 0o644)
				os.WriteFile(filepath.Join(dir, "value"), []byte("0\n"), 0o644)
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	if err := (GPIO{Root: root, Line: 5, Hold: 10 * time.Millisecond}).Pulse(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v := read(t, filepath.Join(root, "gpio5", "value")); v != "0" {
		t.Errorf("value %q after the pulse", v)
	}
	if d := read(t, filepath.Join(root, "gpio5", "direction")); d != "out" {
		t.Errorf("direction %q: an output was reconfigured", d)
	}
}

func TestGPIOFailures(t *testing.T) {
	t.Parallel()
	// No such line and nothing exports it.
	root := t.TempDir()
	write(t, filepath.Join(root, "export"), "")
	if err := (GPIO{Root: root, Line: 9}).Pulse(context.Background()); err == nil || !strings.Contains(err.Error(), "did not appear") {
		t.Errorf("missing line: %v", err)
	}
	// Cut short: the line is released at once.
	root, dir := fakeGPIO(t, "3")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := GPIO{Root: root, Line: 3, Hold: time.Hour}.Pulse(ctx)
	if err == nil || time.Since(start) > time.Second {
		t.Errorf("cut short: %v after %v", err, time.Since(start))
	}
	if v := read(t, filepath.Join(dir, "value")); v != "0" {
		t.Errorf("line left at %q", v)
	}
}

func TestHookSpecs(t *testing.T) {
	t.Parallel()
	if fn, err := Hook(""); fn != nil || err != nil {
		t.Errorf(`"": %v %v`, fn != nil, err)
	}
	for _, bad := range []string{"gpio:", "gpio:x", "gpio:-1", "gpio:4:active-high", "gpio:4:active-low:x"} {
		if _, err := Hook(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for spec, want := range map[string]GPIO{"gpio:4": {Line: 4}, "gpio:23:active-low": {Line: 23, ActiveLow: true}} {
		g, err := parseGPIO(spec)
		if err != nil || g != want {
			t.Errorf("%q: %+v %v", spec, g, err)
		}
		if fn, err := Hook(spec); fn == nil || err != nil {
			t.Errorf("%q: %v", spec, err)
		}
	}
	fn, err := Hook("true")
	if err != nil || fn == nil {
		t.Fatalf("command: %v", err)
	}
	if err := fn(context.Background()); err != nil {
		t.Errorf("true: %v", err)
	}
}

func TestCommandHook(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	flag := filepath.Join(t.TempDir(), "ran")
	if err := CommandHook("echo power-cycle > "+flag, time.Second)(ctx); err != nil {
		t.Fatal(err)
	}
	if got := read(t, flag); got != "power-cycle" {
		t.Errorf("wrote %q", got)
	}
	err := CommandHook("echo no gpio chip >&2; exit 3", time.Second)(ctx)
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "no gpio chip") {
		t.Errorf("failing: %v", err)
	}
	// A hook that hangs, with a child holding its output open, is killed.
	start := time.Now()
	err = CommandHook("sleep 30 & sleep 30", 100*time.Millisecond)(ctx)
	if err == nil || !strings.Contains(err.Error(), "timed out after 100ms") {
		t.Errorf("hanging: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	// The context bounds it too.
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := CommandHook("sleep 30", time.Minute)(cctx); err == nil {
		t.Error("outlived its context")
	}
}
