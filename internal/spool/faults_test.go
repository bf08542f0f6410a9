package spool

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// faultIO makes the writes or fsyncs of the files it matches fail, as a full
// (ENOSPC) or failing (EIO) flash does, while switched on.
type faultIO struct {
	match func(name string) bool // which files fail; nil: segment files

	mu        sync.Mutex
	failWrite bool
	failSync  bool
	torn      bool          // a failing write writes half its bytes first
	gate      chan struct{} // if set, a failing fsync waits for it to close
	calls     int           // failed calls
}

// set switches the faults; set(false, false) heals the "disk".
func (f *faultIO) set(write, sync bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failWrite, f.failSync = write, sync
}

func (f *faultIO) failed() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *faultIO) hit(file *os.File, write bool) (fail, torn bool, gate chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	match := f.match
	if match == nil {
		match = func(name string) bool { return strings.HasSuffix(name, segExt) }
	}
	if !match(file.Name()) || (write && !f.failWrite) || (!write && !f.failSync) {
		return false, false, nil
	}
	f.calls++
	return true, f.torn, f.gate
}

func (f *faultIO) write(file *os.File, b []byte) (int, error) {
	fail, torn, _ := f.hit(file, true)
	if !fail {
		return file.Write(b)
	}
	n := 0
	if torn {
		n, _ = file.Write(b[:len(b)/2])
	}
	return n, &os.PathError{Op: "write", Path: file.Name(), Err: syscall.ENOSPC}
}

func (f *faultIO) sync(file *os.File) error {
	fail, _, gate := f.hit(file, false)
	if !fail {
		return file.Sync()
	}
	if gate != nil {
		<-gate
	}
	return &os.PathError{Op: "sync", Path: file.Name(), Err: syscall.EIO}
}

// fakeClock drives the retry schedule.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openFaulty opens a spool whose file I/O goes through f and whose retry
// schedule follows the returned clock.
func openFaulty(t testing.TB, dir string, opt Options, f *faultIO) (*Spool, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	opt.hooks = &hooks{io: f, now: clk.now}
	return open(t, dir, opt), clk
}

// openFiles counts this process's open files in dir (deleted ones too).
func openFiles(t testing.TB, dir string) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	n := 0
	for _, e := range ents {
		p, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name()))
		if err == nil && strings.HasPrefix(p, dir+string(filepath.Separator)) {
			n++
		}
	}
	return n
}
