package record

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestSequencer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seq.json")
	s, err := OpenSequencer(path, 10)
	if err != nil {
		t.Fatal(err)
	}
	for want := uint64(1); want <= 25; want++ {
		if n, err := s.Next("A"); err != nil || n != want {
			t.Fatalf("Next = %d %v, want %d", n, err, want)
		}
	}
	if n, _ := s.Next("B"); n != 1 {
		t.Errorf("B starts at %d", n)
	}

	// A crash: reopen without Close. A has reserved up to 30, B up to 11.
	s2, err := OpenSequencer(path, 10)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s2.Next("A"); n != 31 {
		t.Errorf("after a crash A goes on at %d, want 31 (skip ahead, never repeat)", n)
	}
	if n, _ := s2.Next("B"); n != 11 {
		t.Errorf("after a crash B goes on at %d, want 11", n)
	}

	// A clean stop skips nothing.
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	s3, _ := OpenSequencer(path, 10)
	if n, _ := s3.Next("A"); n != 32 {
		t.Errorf("after Close A goes on at %d, want 32", n)
	}
	if matches, _ := filepath.Glob(path + ".tmp*"); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

func TestSequencerConcurrent(t *testing.T) {
	s, err := OpenSequencer(filepath.Join(t.TempDir(), "seq.json"), 7)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[uint64]bool{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				n, err := s.Next("dev")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[n] {
					t.Errorf("%d handed out twice", n)
				}
				seen[n] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 800 || !seen[1] || !seen[800] {
		t.Errorf("%d numbers, want 1 to 800", len(seen))
	}
}

func TestSequencerErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("not json"), 0o600)
	if _, err := OpenSequencer(bad, 0); err == nil {
		t.Error("corrupt file accepted")
	}
	// A file in a directory that does not exist cannot be written: Next
	// fails and hands out nothing.
	s, err := OpenSequencer(filepath.Join(dir, "missing", "seq.json"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Next("A"); err == nil {
		t.Errorf("Next = %d without a file", n)
	}
	os.Mkdir(filepath.Join(dir, "missing"), 0o700)
	if n, err := s.Next("A"); err != nil || n != 1 {
		t.Errorf("after the failure Next = %d %v, want 1", n, err)
	}
}
