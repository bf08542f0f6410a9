//go:build unix

package spool

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// permChild creates a spool in dir with no umask, fills a second segment
// and compacts the ack log, so that every kind of file has been created.
func permChild(dir string) {
	syscall.Umask(0)
	s, err := Open(dir, Options{SegmentSize: minSegmentSize, MaxBytes: -1})
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(2)
	}
	for range 20 {
		if _, err := s.Append(make([]byte, 100)); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(2)
		}
	}
	s.mu.Lock()
	err = s.rewriteAcksLocked()
	s.mu.Unlock()
	if err == nil {
		err = s.Close()
	}
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(2)
	}
}

// TestSpoolFilesArePrivateWithoutUmask creates a spool in a process whose
// umask is 0, as a daemon started by an init system that sets none runs:
// the directories are 0700 and every file 0600.
// It runs alone: a child forked while another test holds a spool's lock
// file shares that lock until it execs, and the other test's reopen fails.
func TestSpoolFilesArePrivateWithoutUmask(t *testing.T) {
	if dir := os.Getenv("SPOOL_PERM_DIR"); dir != "" {
		permChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	base := t.TempDir()
	dir := filepath.Join(base, "spool", "mqtt")
	cmd := exec.Command(os.Args[0], "-test.run=^TestSpoolFilesArePrivateWithoutUmask$")
	cmd.Env = append(os.Environ(), "SPOOL_PERM_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	checkPrivate(t, base)
}

// checkPrivate checks every directory and file under base but base itself.
func checkPrivate(t *testing.T, base string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == base {
			return err
		}
		st, err := os.Lstat(path)
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if st.IsDir() {
			want = 0o700
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %#o, want %#o", strings.TrimPrefix(path, base), st.Mode().Perm(), want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 5 {
		t.Errorf("only %d entries checked", n)
	}
}

// TestOpenTightensAnOlderSpool opens a spool an older version left with
// modes 0755 and 0644: its directory and files are made private.
func TestOpenTightensAnOlderSpool(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "mqtt")
	s := open(t, dir, Options{SegmentSize: minSegmentSize, MaxBytes: -1})
	for range 20 {
		if _, err := s.Append(make([]byte, 100)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if err := os.Chmod(filepath.Join(dir, e.Name()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s = open(t, dir, Options{SegmentSize: minSegmentSize, MaxBytes: -1})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	checkPrivate(t, base)
}
