package spool

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := open(t, dir, Options{})
	defer s.Close()
	before := time.Now()
	ids := appendN(t, s, 20, "reading %d")
	for i, id := range ids {
		if id != uint64(i+1) {
			t.Fatalf("ID %d, want %d", id, i+1)
		}
	}
	select {
	case <-s.Notify():
	default:
		t.Fatal("no notification")
	}
	rs := readAll(t, s)
	if len(rs) != 20 {
		t.Fatalf("%d records", len(rs))
	}
	for i, r := range rs {
		if string(r.Data) != fmt.Sprintf("reading %d", i) || r.ID != ids[i] || r.Time.Before(before.Add(-time.Second)) {
			t.Fatalf("record %d: %+v", i, r)
		}
	}
	if rs, _ := s.Read(ids[17], 10); len(rs) != 2 || rs[0].ID != ids[18] {
		t.Fatalf("Read(after 18): %v", rs)
	}
	st := s.Stats()
	if st.Records != 20 || st.Appended != 20 || st.Segments != 1 || st.Oldest.IsZero() {
		t.Fatalf("stats %+v", st)
	}
	if _, err := s.Append(make([]byte, MaxRecordSize+1)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("large: %v", err)
	}
	if err := s.Ack(1000); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Ack(1000): %v", err)
	}
	if _, err := s.Append(nil); err != nil {
		t.Fatalf("empty record: %v", err)
	}
}

func TestConcurrentAppenders(t *testing.T) {
	t.Parallel()
	s := open(t, t.TempDir(), Options{SegmentSize: 4096, MaxBytes: -1})
	defer s.Close()
	const G, N = 8, 150
	var mu sync.Mutex
	want := map[uint64]string{}
	var wg sync.WaitGroup
	for g := range G {
		wg.Go(func() {
			for i := range N {
				d := fmt.Sprintf("g%d-%d", g, i)
				id, err := s.Append([]byte(d))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if _, dup := want[id]; dup {
					t.Errorf("ID %d twice", id)
				}
				want[id] = d
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	rs := readAll(t, s)
	if len(rs) != G*N {
		t.Fatalf("%d records, want %d", len(rs), G*N)
	}
	for _, r := range rs {
		if want[r.ID] != string(r.Data) {
			t.Fatalf("ID %d: %q, want %q", r.ID, r.Data, want[r.ID])
		}
	}
	if st := s.Stats(); st.Segments < 5 {
		t.Fatalf("expected rotation: %+v", st)
	}
}

func TestOutOfOrderAcks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := open(t, dir, Options{SegmentSize: 1024, MaxBytes: -1})
	ids := appendN(t, s, 100, "record number %03d with some padding......")
	segs := s.Stats().Segments
	if segs < 5 {
		t.Fatalf("%d segments", segs)
	}
	// Ack the even IDs, in random order.
	perm := rand.Perm(len(ids))
	for _, i := range perm {
		if ids[i]%2 == 0 {
			if err := s.Ack(ids[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Ack(ids[1]); err != nil { // twice: no error
		t.Fatal(err)
	}
	check := func(s *Spool, odd bool) {
		t.Helper()
		rs := readAll(t, s)
		if len(rs) != 50 {
			t.Fatalf("%d records left", len(rs))
		}
		for _, r := range rs {
			if r.ID%2 == 0 {
				t.Fatalf("acknowledged %d read", r.ID)
			}
		}
	}
	check(s, true)
	if st := s.Stats(); st.Segments != segs || st.Records != 50 || st.Acked != 50 {
		t.Fatalf("segments deleted too early: %+v", st)
	}
	s.Close()
	s = open(t, dir, Options{SegmentSize: 1024, MaxBytes: -1})
	check(s, true)
	// Ack the odd ones in random order: segments go as they empty.
	for _, i := range perm {
		if ids[i]%2 == 1 {
			if err := s.Ack(ids[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	st := s.Stats()
	if st.Segments != 1 || st.Records != 0 || len(segFiles(t, dir)) != 1 || !st.Oldest.IsZero() {
		t.Fatalf("after acking all: %+v, files %v", st, segFiles(t, dir))
	}
	s.Close()
	s = open(t, dir, Options{SegmentSize: 1024, MaxBytes: -1})
	defer s.Close()
	if rs := readAll(t, s); len(rs) != 0 {
		t.Fatalf("acknowledged records came back: %d", len(rs))
	}
	id, err := s.Append([]byte("next"))
	if err != nil || id != ids[len(ids)-1]+1 {
		t.Fatalf("ID reused or skipped: %d, %v", id, err)
	}
}

func TestAckCompaction(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := open(t, dir, Options{SegmentSize: 1 << 20, MaxBytes: -1})
	// Appenders in parallel share their fsyncs (group commit); the records
	// and the acks that follow are what the test is about.
	var (
		mu  sync.Mutex
		ids []uint64
		wg  sync.WaitGroup
	)
	for g := range 30 {
		wg.Go(func() {
			for i := range 300 {
				id, err := s.Append(fmt.Appendf(nil, "%d", g*300+i))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				ids = append(ids, id)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	slices.Sort(ids)
	// Leave the first unacknowledged so the floor cannot advance.
	for _, id := range ids[1:] {
		if err := s.Ack(id); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s = open(t, dir, Options{SegmentSize: 1 << 20, MaxBytes: -1})
	defer s.Close()
	if rs := readAll(t, s); len(rs) != 1 || rs[0].ID != ids[0] {
		t.Fatalf("after compaction: %v", rs)
	}
}

func TestRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	opt := Options{SegmentSize: 2048, MaxBytes: -1}
	s := open(t, dir, opt)
	ids := appendN(t, s, 60, "r%d")
	for _, id := range ids[:25] {
		s.Ack(id)
	}
	s.Close()
	s = open(t, dir, opt)
	if st := s.Stats(); st.Recovered != 35 || st.TornBytesCut != 0 || st.CorruptRecords != 0 {
		t.Fatalf("stats %+v", st)
	}
	rs := readAll(t, s)
	if len(rs) != 35 || rs[0].ID != ids[25] || string(rs[0].Data) != "r25" {
		t.Fatalf("after restart: %d records, first %+v", len(rs), rs[0])
	}
	id, _ := s.Append([]byte("x"))
	if id != 61 {
		t.Fatalf("next ID %d", id)
	}
	s.Close()
	if _, err := s.Append(nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}

func TestMaxBytesDropOldest(t *testing.T) {
	t.Parallel()
	s := open(t, t.TempDir(), Options{MaxBytes: 8192})
	defer s.Close()
	ids := appendN(t, s, 300, "drop-oldest %04d ..............................")
	st := s.Stats()
	if st.Bytes > 8192 || st.Dropped == 0 || st.Dropped+uint64(st.Records) != 300 {
		t.Fatalf("stats %+v", st)
	}
	rs := readAll(t, s)
	if int64(len(rs)) != st.Records || rs[len(rs)-1].ID != ids[299] {
		t.Fatalf("kept %d, last %d", len(rs), rs[len(rs)-1].ID)
	}
	for i := 1; i < len(rs); i++ {
		if rs[i].ID != rs[i-1].ID+1 {
			t.Fatal("not the newest contiguous records")
		}
	}
}

func TestMaxBytesRefuse(t *testing.T) {
	t.Parallel()
	s := open(t, t.TempDir(), Options{MaxBytes: 8192, Policy: Refuse})
	defer s.Close()
	n := 0
	for ; ; n++ {
		_, err := s.Append([]byte("refuse ........................................"))
		if errors.Is(err, ErrFull) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	st := s.Stats()
	if st.Refused != 1 || st.Dropped != 0 || st.Bytes > 8192 || st.Records != int64(n) {
		t.Fatalf("stats %+v after %d", st, n)
	}
	for _, r := range readAll(t, s)[:n/2] {
		s.Ack(r.ID)
	}
	if _, err := s.Append([]byte("room again")); err != nil {
		t.Fatalf("after acks: %v (%+v)", err, s.Stats())
	}
}

func TestMaxAge(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, Options{MaxAge: 100 * time.Millisecond, SegmentSize: 1024, MaxBytes: -1})
	appendN(t, s, 40, "old %02d ....................")
	time.Sleep(150 * time.Millisecond) // the records must grow older than MaxAge
	id, _ := s.Append([]byte("fresh"))
	rs := readAll(t, s)
	if len(rs) != 1 || rs[0].ID != id {
		t.Fatalf("read %d records", len(rs))
	}
	if st := s.Stats(); st.Dropped != 40 || st.Segments != 1 || st.Records != 1 {
		t.Fatalf("stats %+v", st)
	}
	s.Close()
}

func TestGroupCommit(t *testing.T) {
	s := open(t, t.TempDir(), Options{SyncDelay: 20 * time.Millisecond})
	defer s.Close()
	var wg sync.WaitGroup
	start := time.Now()
	for range 50 {
		wg.Go(func() {
			if _, err := s.Append([]byte("x")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// 50 appends sharing one window take about one window, not 50.
	if d := time.Since(start); d > 20*20*time.Millisecond {
		t.Fatalf("50 appends took %v", d)
	}
}

// TestAcksPersistAcrossSegments: acknowledged IDs above the floor, in every
// segment, survive compaction.
func TestAcksPersistAcrossSegments(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := open(t, dir, crashOpt)
	appendN(t, s, 3000, "some record data %d")
	s.Close()
	s = open(t, dir, crashOpt)
	acked := map[uint64]bool{}
	for _, r := range readAll(t, s) {
		if r.ID%3 != 0 {
			if err := s.Ack(r.ID); err != nil {
				t.Fatal(err)
			}
			acked[r.ID] = true
		}
	}
	s.Close()
	s = open(t, dir, crashOpt)
	s.Close()
	s = open(t, dir, crashOpt)
	for _, r := range readAll(t, s) {
		if acked[r.ID] {
			t.Fatalf("acked %d back", r.ID)
		}
	}
}
