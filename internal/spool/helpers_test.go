package spool

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func open(t testing.TB, dir string, opt Options) *Spool {
	t.Helper()
	s, err := Open(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func appendN(t testing.TB, s *Spool, n int, format string) []uint64 {
	t.Helper()
	var ids []uint64
	for i := range n {
		id, err := s.Append(fmt.Appendf(nil, format, i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// readAll reads every unacknowledged record, in pages.
func readAll(t testing.TB, s *Spool) []Entry {
	t.Helper()
	var all []Entry
	var after uint64
	for {
		rs, err := s.Read(after, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) == 0 {
			return all
		}
		for _, r := range rs {
			if r.ID <= after {
				t.Fatalf("ID %d after %d", r.ID, after)
			}
			after = r.ID
		}
		all = append(all, rs...)
	}
}

func segFiles(t testing.TB, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*"+segExt))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func copyDir(t testing.TB, from, to string) {
	t.Helper()
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
