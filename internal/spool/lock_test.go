//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package spool

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// lockChild opens the spool in dir, says so on stdout and holds it until
// it is killed.
func lockChild(dir string) {
	s, err := Open(dir, Options{})
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(2)
	}
	os.Stdout.WriteString("open\n")
	os.Stdin.Read(make([]byte, 1)) // the parent never writes; it kills us
	s.Close()
}

func TestOpenTwiceIsRefusedUntilClose(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "mqtt")
	s := open(t, dir, Options{})
	_, err := Open(dir, Options{})
	if err == nil {
		t.Fatal("a second Open of the same directory succeeded")
	}
	want := "spool " + dir + " is already open in this cellgate (pid " + strconv.Itoa(os.Getpid()) + ")"
	if !errors.Is(err, ErrLocked) || err.Error() != want {
		t.Errorf("second Open: %v\nwant %s", err, want)
	}
	appendN(t, s, 3, "r%d") // the refused Open disturbed nothing
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, dir, Options{})
	if got := len(readAll(t, s)); got != 3 {
		t.Errorf("after reopening: %d records, want 3", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOpenHeldByAnotherProcess opens a spool in a child process: the
// directory is refused, naming the child's PID, while the child runs, and
// opens once it has been killed, without any clean-up.
// It runs alone: a child forked while another test holds a spool's lock
// file shares that lock until it execs, and the other test's reopen fails.
func TestOpenHeldByAnotherProcess(t *testing.T) {
	if dir := os.Getenv("SPOOL_LOCK_DIR"); dir != "" {
		lockChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	dir := filepath.Join(t.TempDir(), "mqtt")
	cmd := exec.Command(os.Args[0], "-test.run=^TestOpenHeldByAnotherProcess$")
	cmd.Env = append(os.Environ(), "SPOOL_LOCK_DIR="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "open\n" {
		t.Fatalf("child: %q, %v; stderr %s", line, err, stderr.String())
	}

	_, err = Open(dir, Options{})
	want := "spool " + dir + " is in use by another cellgate (pid " + strconv.Itoa(cmd.Process.Pid) + ")"
	if err == nil || !errors.Is(err, ErrLocked) || err.Error() != want {
		t.Fatalf("Open while the child holds it: %v\nwant %s", err, want)
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed = true
	s := open(t, dir, Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
