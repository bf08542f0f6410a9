package spool

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTornTail cuts the last segment at every byte offset of its last
// record: Open must keep every earlier record, cut the rest, and go on.
func TestTornTail(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	opt := Options{SegmentSize: 1024, MaxBytes: -1}
	s := open(t, src, opt)
	ids := appendN(t, s, 30, "torn-tail record %02d")
	s.Close()
	files := segFiles(t, src)
	lastSeg := files[len(files)-1]
	full, _ := os.ReadFile(lastSeg)
	recLen := int(recordSize("", len("torn-tail record 29")))
	start := len(full) - recLen
	for cut := start; cut < len(full); cut++ {
		dir := t.TempDir()
		copyDir(t, src, dir)
		seg := filepath.Join(dir, filepath.Base(lastSeg))
		if err := os.Truncate(seg, int64(cut)); err != nil {
			t.Fatal(err)
		}
		s := open(t, dir, opt)
		st := s.Stats()
		if st.TornBytesCut != int64(cut-start) || st.CorruptRecords != 0 {
			t.Fatalf("cut at %d: %+v", cut, st)
		}
		rs := readAll(t, s)
		if len(rs) != 29 || rs[28].ID != ids[28] {
			t.Fatalf("cut at %d: %d records", cut, len(rs))
		}
		id, err := s.Append([]byte("after"))
		if err != nil || id != ids[29] {
			// ID 30 was never durable: it is given again.
			t.Fatalf("cut at %d: append %d %v", cut, id, err)
		}
		s.Close()
		s = open(t, dir, opt)
		rs = readAll(t, s)
		if st := s.Stats(); len(rs) != 30 || string(rs[29].Data) != "after" || st.TornBytesCut != 0 {
			t.Fatalf("cut at %d, reopened: %d records, %+v", cut, len(rs), st)
		}
		s.Close()
	}
}

// TestCorruptMiddle flips bytes inside one record in the middle of a
// segment: that record is reported and skipped, every later one kept.
func TestCorruptMiddle(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	opt := Options{SegmentSize: 1 << 16, MaxBytes: -1}
	s := open(t, src, opt)
	appendN(t, s, 10, "middle record %d")
	s.Close()
	seg := segFiles(t, src)[0]
	recLen := int(recordSize("", len("middle record 0")))
	for _, at := range []int{0, 3, 4, 9, 17, recHeaderSize, recLen - 1} {
		dir := t.TempDir()
		copyDir(t, src, dir)
		path := filepath.Join(dir, filepath.Base(seg))
		b, _ := os.ReadFile(path)
		b[segHeaderSize+4*recLen+at] ^= 0x5a // record 5 (ID 5)
		os.WriteFile(path, b, 0o644)
		s := open(t, dir, opt)
		st := s.Stats()
		rs := readAll(t, s)
		if st.CorruptRecords != 1 || st.TornBytesCut != 0 || len(rs) != 9 {
			t.Fatalf("flip at +%d: %+v, %d records", at, st, len(rs))
		}
		for _, r := range rs {
			if r.ID == 5 || string(r.Data) != fmt.Sprintf("middle record %d", r.ID-1) {
				t.Fatalf("flip at +%d: record %+v", at, r)
			}
		}
		s.Close()
	}
	// Damage in the last record looks like a torn tail and is cut.
	dir := t.TempDir()
	copyDir(t, src, dir)
	path := filepath.Join(dir, filepath.Base(seg))
	b, _ := os.ReadFile(path)
	b[len(b)-2] ^= 1
	os.WriteFile(path, b, 0o644)
	s = open(t, dir, opt)
	defer s.Close()
	if st := s.Stats(); st.TornBytesCut != int64(recLen) || st.Records != 9 {
		t.Fatalf("last record damaged: %+v", st)
	}
}

// TestCorruptOnRead damages a record after Open: Read skips and reports it.
func TestCorruptOnRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := open(t, dir, Options{})
	defer s.Close()
	appendN(t, s, 3, "on read %d")
	f, _ := os.OpenFile(segFiles(t, dir)[0], os.O_RDWR, 0)
	f.WriteAt([]byte{'X'}, segHeaderSize+recHeaderSize)
	f.Close()
	rs := readAll(t, s)
	if len(rs) != 2 || rs[0].ID != 2 || s.Stats().CorruptRecords != 1 {
		t.Fatalf("%d records, %+v", len(rs), s.Stats())
	}
}

func TestBadHeader(t *testing.T) {
	t.Parallel()
	for name, damage := range map[string]func([]byte){
		"magic":   func(b []byte) { copy(b, "XXXX") },
		"version": func(b []byte) { b[4] = 9 },
		"first":   func(b []byte) { b[8] = 7 },
	} {
		dir := t.TempDir()
		s := open(t, dir, Options{})
		appendN(t, s, 3, "%d")
		s.Close()
		path := segFiles(t, dir)[0]
		b, _ := os.ReadFile(path)
		damage(b)
		os.WriteFile(path, b, 0o644)
		_, err := Open(dir, Options{})
		if !errors.Is(err, ErrBadSegment) || !strings.Contains(err.Error(), path) {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// TestTornSegmentCreation: a crash right after a new segment file was
// created leaves it empty or short; it holds nothing and is removed.
func TestTornSegmentCreation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := open(t, dir, Options{})
	appendN(t, s, 3, "%d")
	s.Close()
	os.WriteFile(filepath.Join(dir, segName(4)), []byte("CGS"), 0o644)
	s = open(t, dir, Options{})
	defer s.Close()
	if st := s.Stats(); st.Records != 3 || st.TornBytesCut != 3 {
		t.Fatalf("%+v", st)
	}
	if id, _ := s.Append(nil); id != 4 {
		t.Fatalf("next ID %d", id)
	}
}

func validSegment(n int) []byte {
	b := segHeader(1)
	for i := range n {
		b = appendRecord(b, uint64(i+1), int64(i), "", fmt.Appendf(nil, "fuzz %d", i))
	}
	return b
}

func FuzzRecover(f *testing.F) {
	seg := validSegment(5)
	f.Add(seg)
	f.Add(seg[:len(seg)-3])
	flipped := append([]byte(nil), seg...)
	flipped[40] ^= 0xff
	f.Add(flipped)
	f.Add(seg[segHeaderSize:])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if !strings.HasPrefix(string(data), segMagic) {
			data = append(segHeader(1), data...)
		}
		dir := t.TempDir()
		path := filepath.Join(dir, segName(1))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, Options{})
		if err != nil {
			if !errors.Is(err, ErrBadSegment) || !strings.Contains(err.Error(), path) {
				t.Fatalf("error %v", err)
			}
			return
		}
		st := s.Stats()
		rs := readAll(t, s)
		if int64(len(rs)) != st.Records {
			t.Fatalf("%d records read, %d counted", len(rs), st.Records)
		}
		damaged := st.TornBytesCut > 0 || st.CorruptRecords > 0
		if !damaged && int64(len(data)) != st.Bytes {
			t.Fatalf("bytes lost silently: %d of %d kept", st.Bytes, len(data))
		}
		id, err := s.Append([]byte("after"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) > 0 && id <= rs[len(rs)-1].ID {
			t.Fatalf("ID %d reused", id)
		}
		s.Close()
		s, err = Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		again := readAll(t, s)
		if len(again) != len(rs)+1 || s.Stats().TornBytesCut != 0 || s.Stats().CorruptRecords != st.CorruptRecords {
			t.Fatalf("second recovery differs: %d records, %+v, first %+v", len(again), s.Stats(), st)
		}
	})
}
