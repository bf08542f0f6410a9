package logfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRotation(t *testing.T) {
	for _, tc := range []struct {
		name         string
		max          int64
		writes       []string
		cur, rotated string
	}{
		{"under the limit", 10, []string{"ab\n", "cd\n"}, "ab\ncd\n", ""},
		{"exactly the limit", 6, []string{"ab\n", "cd\n"}, "ab\ncd\n", ""},
		{"one past", 5, []string{"ab\n", "cd\n"}, "cd\n", "ab\n"},
		{"two rotations keep one old file", 3, []string{"a1\n", "b2\n", "c3\n"}, "c3\n", "b2\n"},
		{"a write longer than the limit goes whole", 3, []string{"a\n", "long line\n", "b\n"}, "b\n", "long line\n"},
		{"a first write longer than the limit", 3, []string{"long line\n"}, "long line\n", ""},
		{"no limit", 0, []string{"ab\n", "cd\n", "ef\n"}, "ab\ncd\nef\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "at.log")
			f, err := Open(path, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.writes {
				if n, err := f.Write([]byte(w)); err != nil || n != len(w) {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			if got := read(t, path); got != tc.cur {
				t.Errorf("file %q, want %q", got, tc.cur)
			}
			if got := read(t, path+".1"); got != tc.rotated {
				t.Errorf("file.1 %q, want %q", got, tc.rotated)
			}
		})
	}
}

// TestReopenCountsExisting: after a restart the limit counts what the file
// already holds.
func TestReopenCountsExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "at.log")
	if err := os.WriteFile(path, []byte("12345678\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path, 12)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write([]byte("abcd\n")); err != nil {
		t.Fatal(err)
	}
	if got, want := read(t, path+".1"), "12345678\n"; got != want {
		t.Errorf("file.1 %q, want %q", got, want)
	}
	if got, want := read(t, path), "abcd\n"; got != want {
		t.Errorf("file %q, want %q", got, want)
	}
}

// TestRotationFails: when NAME.1 cannot be replaced the write is dropped
// and the file stays within its limit; writing resumes once it can.
func TestRotationFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "at.log")
	if err := os.MkdirAll(filepath.Join(path+".1", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write([]byte("ab\n")); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if n, err := f.Write([]byte("cd\n")); err == nil || n != 0 {
			t.Fatalf("Write during a failed rotation = %d, %v; want 0 and an error", n, err)
		}
	}
	if got := read(t, path); got != "ab\n" {
		t.Errorf("file grew past its limit: %q", got)
	}
	if err := os.RemoveAll(path + ".1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("ef\n")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != "ef\n" {
		t.Errorf("file %q after recovery, want %q", got, "ef\n")
	}
	if got := read(t, path+".1"); got != "ab\n" {
		t.Errorf("file.1 %q after recovery, want %q", got, "ab\n")
	}
}

// TestRemovedFile: a file deleted by an operator is started again at the
// next rotation, and the total stays bounded.
func TestRemovedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "at.log")
	f, err := Open(path, 8)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write([]byte("aaaa\n"))
	os.Remove(path)
	f.Write([]byte("bbbb\n")) // rotates: nothing to rename, new file
	if got := read(t, path); got != "bbbb\n" {
		t.Errorf("file %q, want %q", got, "bbbb\n")
	}
}

func TestConcurrentWritesStayWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "at.log")
	f, err := Open(path, 4096)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 500 {
				fmt.Fprintf(f, "writer %d line %04d %s\n", w, i, strings.Repeat("x", 20))
			}
		})
	}
	wg.Wait()
	f.Close()
	for _, p := range []string{path, path + ".1"} {
		b := []byte(read(t, p))
		if len(b) > 4096 {
			t.Errorf("%s holds %d bytes, limit 4096", p, len(b))
		}
		for _, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
			if len(line) != len("writer 0 line 0000 ")+20 {
				t.Errorf("%s: torn line %q", p, line)
			}
		}
	}
}

func TestClosed(t *testing.T) {
	f, err := Open(filepath.Join(t.TempDir(), "at.log"), 10)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := f.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if err := f.Close(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
}

func TestOpenFails(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing", "at.log"), 10); err == nil {
		t.Error("Open in a missing directory succeeded")
	}
}

// A trace holds phone numbers, SMS text and operator replies: the file
// and the part rotated out are readable by their owner only.
func TestFilesArePrivate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "trace")
	l, err := Open(path, 8)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"first\n", "second\n"} {
		if _, err := l.Write([]byte(w)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ".1"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := st.Mode().Perm(); m != 0o600 {
			t.Errorf("%s: mode %#o, want 0600", filepath.Base(p), m)
		}
	}
}
