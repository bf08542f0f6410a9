package spool

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

var failOpt = Options{SegmentSize: 1024, MaxBytes: -1, RetryInterval: 10 * time.Second, MaxRetryInterval: 40 * time.Second}

// TestRecoverAfterFailure: a write or fsync error fails the spool; Appends
// fail until the retry interval has passed and the disk works again; then
// the spool recovers from disk, keeping every record and acknowledgement
// made before, and delivering nothing of the failed appends.
func TestRecoverAfterFailure(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		fault   func(f *faultIO, dir string)
		cause   error
		rotate  bool // the failed append starts a new segment
		wantCut bool // the failed append left bytes that recovery must cut
	}{
		{"write fails, nothing written", func(f *faultIO, _ string) { f.set(true, false) }, syscall.ENOSPC, false, false},
		{"torn write", func(f *faultIO, _ string) { f.torn = true; f.set(true, false) }, syscall.ENOSPC, false, true},
		{"torn write of a new segment", func(f *faultIO, _ string) { f.torn = true; f.set(true, false) }, syscall.ENOSPC, true, true},
		// The record is whole in the page cache, but after a failed fsync
		// that says nothing about the disk: it is cut, not delivered.
		{"fsync fails", func(f *faultIO, _ string) { f.set(false, true) }, syscall.EIO, false, true},
		{"directory fsync fails", func(f *faultIO, dir string) {
			f.match = func(name string) bool { return name == dir }
			f.set(false, true)
		}, syscall.EIO, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			f := &faultIO{}
			s, clk := openFaulty(t, dir, failOpt, f)
			ids := appendN(t, s, 30, "before %02d ..........")
			want := map[uint64]string{}
			for i, id := range ids {
				if i%3 == 0 {
					if err := s.Ack(id); err != nil {
						t.Fatal(err)
					}
				} else {
					want[id] = fmt.Sprintf("before %02d ..........", i)
				}
			}
			tc.fault(f, dir)
			lost := []byte("lost")
			if tc.rotate {
				lost = []byte(strings.Repeat("lost ", 150))
			}
			_, err := s.Append(lost)
			if !errors.Is(err, ErrFailed) || !errors.Is(err, tc.cause) {
				t.Fatalf("failed append: %v", err)
			}
			// Still failed, disk healed or not, until the interval has passed.
			if _, err := s.Append([]byte("lost too")); !errors.Is(err, ErrFailed) {
				t.Fatalf("second append: %v", err)
			}
			f.set(false, false)
			clk.add(failOpt.RetryInterval - time.Nanosecond)
			if _, err := s.Append([]byte("lost too")); !errors.Is(err, ErrFailed) || !strings.Contains(err.Error(), tc.cause.Error()) {
				t.Fatalf("append before the retry interval: %v", err)
			}
			if st := s.Stats(); st.WriteFailures != 1 || st.Recoveries != 0 || st.Appended != 30 {
				t.Fatalf("failed stats %+v", st)
			}
			// Reads and acks go on meanwhile.
			if rs := readAll(t, s); len(rs) != len(want) {
				t.Fatalf("read %d records while failed, want %d", len(rs), len(want))
			}
			if err := s.Ack(ids[1]); err != nil {
				t.Fatal(err)
			}
			delete(want, ids[1])

			clk.add(time.Nanosecond)
			id, err := s.Append([]byte("after"))
			if err != nil {
				t.Fatalf("append after the retry interval: %v", err)
			}
			if id <= ids[len(ids)-1] {
				t.Fatalf("ID %d after recovery, last before %d", id, ids[len(ids)-1])
			}
			want[id] = "after"
			st := s.Stats()
			if st.WriteFailures != 1 || st.Recoveries != 1 || st.Appended != 31 || st.Acked != 11 || st.Records != int64(len(want)) {
				t.Fatalf("recovered stats %+v", st)
			}
			if cut := st.TornBytesCut > 0; cut != tc.wantCut {
				t.Fatalf("torn bytes cut %d, want cut: %v", st.TornBytesCut, tc.wantCut)
			}
			check := func(s *Spool) {
				t.Helper()
				rs := readAll(t, s)
				if len(rs) != len(want) {
					t.Fatalf("%d records, want %d", len(rs), len(want))
				}
				for _, r := range rs {
					if want[r.ID] != string(r.Data) {
						t.Fatalf("ID %d: %q, want %q", r.ID, r.Data, want[r.ID])
					}
				}
			}
			check(s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			// What recovery cut is gone from the disk, not just skipped.
			s = open(t, dir, failOpt)
			defer s.Close()
			if st := s.Stats(); st.TornBytesCut != 0 || st.CorruptRecords != 0 {
				t.Fatalf("reopened stats %+v", st)
			}
			check(s)
		})
	}
}

// TestRecoveryFails: while the disk still fails, each due Append retries
// recovery once, the spool stays failed with the interval doubling up to the
// maximum, reads go on, and no file or goroutine is left behind.
func TestRecoveryFails(t *testing.T) {
	dir := t.TempDir()
	f := &faultIO{}
	s, clk := openFaulty(t, dir, failOpt, f)
	defer s.Close()
	ids := appendN(t, s, 40, "record %02d ..........")
	segs := s.Stats().Segments
	f.set(false, true) // every segment fsync fails, recovery's too
	if _, err := s.Append([]byte("lost")); !errors.Is(err, ErrFailed) {
		t.Fatal(err)
	}
	files, goroutines := openFiles(t, dir), runtime.NumGoroutine()
	if files != segs+2 {
		t.Fatalf("%d open files, want %d segments, the ack log and the lock", files, segs+2)
	}
	for i, wait := range []time.Duration{10, 20, 40, 40, 40} {
		wait *= time.Second
		calls := f.failed()
		clk.add(wait - time.Nanosecond)
		if _, err := s.Append([]byte("early")); !errors.Is(err, ErrFailed) || f.failed() != calls {
			t.Fatalf("attempt %d: append %v before %v retried recovery (%d failed calls, were %d)", i, err, wait, f.failed(), calls)
		}
		clk.add(time.Nanosecond)
		_, err := s.Append([]byte("due"))
		if !errors.Is(err, ErrFailed) || !errors.Is(err, syscall.EIO) || !strings.Contains(err.Error(), "recovery") || f.failed() == calls {
			t.Fatalf("attempt %d after %v: %v (%d failed calls, were %d)", i, wait, err, f.failed(), calls)
		}
		if n := openFiles(t, dir); n != files {
			t.Fatalf("attempt %d: %d open files, were %d", i, n, files)
		}
		if rs := readAll(t, s); len(rs) != len(ids) {
			t.Fatalf("attempt %d: read %d records, want %d", i, len(rs), len(ids))
		}
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Fatalf("%d goroutines, were %d", n, goroutines)
	}
	if st := s.Stats(); st.WriteFailures != 1 || st.Recoveries != 0 {
		t.Fatalf("stats %+v", st)
	}
	f.set(false, false)
	clk.add(40 * time.Second)
	id, err := s.Append([]byte("healed"))
	if err != nil || id <= ids[len(ids)-1] {
		t.Fatalf("after healing: %d %v", id, err)
	}
	if rs := readAll(t, s); len(rs) != len(ids)+1 || string(rs[len(rs)-1].Data) != "healed" {
		t.Fatalf("after healing: %d records", len(rs))
	}
	if st := s.Stats(); st.WriteFailures != 1 || st.Recoveries != 1 {
		t.Fatalf("stats %+v", st)
	}
	// A new failure starts again at RetryInterval.
	f.set(true, false)
	if _, err := s.Append([]byte("lost")); !errors.Is(err, ErrFailed) {
		t.Fatal(err)
	}
	f.set(false, false)
	clk.add(failOpt.RetryInterval)
	if _, err := s.Append([]byte("healed again")); err != nil {
		t.Fatal(err)
	}
}

// TestBatchInFlight: appends that joined a batch before the failure was
// known complete with an error, and none of their records is delivered,
// whether the syncer ends their batch or, while the syncer waits out
// SyncDelay, a recovery does.
func TestBatchInFlight(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		delay  time.Duration
		rounds int
	}{
		{"syncer", 0, 10},
		{"recovery", 100 * time.Millisecond, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for range tc.rounds {
				batchInFlight(t, tc.delay)
			}
		})
	}
}

func batchInFlight(t *testing.T, delay time.Duration) {
	f := &faultIO{}
	opt := failOpt
	opt.SyncDelay = delay
	s, clk := openFaulty(t, t.TempDir(), opt, f)
	defer s.Close()
	appendN(t, s, 1, "kept %d")
	gate := make(chan struct{})
	f.gate = gate
	f.set(false, true)
	errs := make(chan error, 2)
	go func() { _, err := s.Append([]byte("lost a")); errs <- err }()
	for f.failed() == 0 { // a's fsync has started and waits for the gate
		time.Sleep(time.Millisecond)
	}
	go func() { _, err := s.Append([]byte("lost b")); errs <- err }()
	for s.Stats().Records != 3 { // b has joined the next batch
		time.Sleep(time.Millisecond)
	}
	close(gate)
	if err := <-errs; !errors.Is(err, ErrFailed) {
		t.Fatalf("in-flight append: %v", err)
	}
	// The spool is failed now; a due Append recovers it, racing the
	// syncer for the batch still in flight.
	f.set(false, false)
	clk.add(opt.RetryInterval)
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := s.Append([]byte("after")); err != nil {
			t.Errorf("append after: %v", err)
		}
	})
	select {
	case err := <-errs:
		if !errors.Is(err, ErrFailed) {
			t.Fatalf("in-flight append: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("in-flight append hangs")
	}
	wg.Wait()
	rs := readAll(t, s)
	if len(rs) != 2 || string(rs[1].Data) != "after" {
		t.Fatalf("%d records", len(rs))
	}
	for _, r := range rs {
		if strings.HasPrefix(string(r.Data), "lost") {
			t.Fatalf("failed append delivered: %q", r.Data)
		}
	}
}

// TestFailureConcurrent: appenders, a reader following its cursor and
// acknowledging, and a disk failing and healing, all at once. The reader
// sees only records whose Append succeeded, in increasing ID order, and
// misses none of them; acknowledged records stay acknowledged.
func TestFailureConcurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := &faultIO{}
	opt := failOpt
	opt.SegmentSize = 4096
	s, clk := openFaulty(t, dir, opt, f)
	defer s.Close()

	var mu sync.Mutex
	stored := map[uint64]string{} // Append returned the ID
	seen := map[uint64]string{}   // the reader read it
	acked := map[uint64]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				d := fmt.Sprintf("g%d-%d", g, i)
				id, err := s.Append([]byte(d))
				if errors.Is(err, ErrFailed) {
					time.Sleep(100 * time.Microsecond)
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				stored[id] = d
				mu.Unlock()
			}
		})
	}
	var after uint64
	read := func() {
		rs, err := s.Read(after, 50)
		if err != nil {
			t.Error(err)
			return
		}
		for _, r := range rs {
			if r.ID <= after {
				t.Errorf("ID %d after %d", r.ID, after)
			}
			after = r.ID
			mu.Lock()
			seen[r.ID] = string(r.Data)
			if r.ID%2 == 0 {
				acked[r.ID] = true
			}
			mu.Unlock()
			if r.ID%2 == 0 {
				if err := s.Ack(r.ID); err != nil {
					t.Error(err)
				}
			}
		}
	}
	reader := make(chan struct{})
	go func() {
		defer close(reader)
		for {
			select {
			case <-stop:
				return
			default:
				read()
			}
		}
	}()
	// Each fault mode holds for a while so that the appenders, the acks
	// and the reader meet it: these sleeps are exposure, not ordering.
	for round := range 8 {
		time.Sleep(10 * time.Millisecond)
		f.mu.Lock()
		f.torn = round%2 == 0
		f.mu.Unlock()
		f.set(round%2 == 0, round%2 == 1)
		time.Sleep(10 * time.Millisecond)
		f.set(false, false)
		clk.add(opt.MaxRetryInterval)
	}
	time.Sleep(10 * time.Millisecond)
	close(stop)
	wg.Wait()
	<-reader
	clk.add(opt.MaxRetryInterval)
	if _, err := s.Append([]byte("last")); err != nil { // recovers if still failed
		t.Fatal(err)
	}
	read()

	st := s.Stats()
	if st.WriteFailures == 0 || st.Recoveries != st.WriteFailures {
		t.Fatalf("stats %+v", st)
	}
	for id, d := range seen {
		if d != "last" && stored[id] != d {
			t.Fatalf("reader got ID %d %q, never stored (stored: %q)", id, d, stored[id])
		}
	}
	for id, d := range stored {
		if seen[id] != d {
			t.Fatalf("reader missed ID %d %q", id, d)
		}
	}
	rs := readAll(t, s)
	for _, r := range rs {
		if acked[r.ID] {
			t.Fatalf("acknowledged ID %d back", r.ID)
		}
	}
	if len(rs) != len(seen)-len(acked) {
		t.Fatalf("%d records left, want %d", len(rs), len(seen)-len(acked))
	}
	t.Logf("%d stored, %d failures, %+v", len(stored), st.WriteFailures, st)
}

// TestCloseWhileFailed: Close works on a failed spool, with appenders
// running, and leaves the directory for Open to recover.
func TestCloseWhileFailed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := &faultIO{torn: true}
	s, _ := openFaulty(t, dir, failOpt, f)
	ids := appendN(t, s, 10, "kept %d")
	f.set(true, false)
	if _, err := s.Append([]byte("lost")); !errors.Is(err, ErrFailed) {
		t.Fatal(err)
	}
	var (
		wg      sync.WaitGroup
		refused atomic.Int64
	)
	for range 4 {
		wg.Go(func() {
			for {
				_, err := s.Append([]byte("lost"))
				if errors.Is(err, ErrClosed) {
					return
				}
				if !errors.Is(err, ErrFailed) {
					t.Error(err)
					return
				}
				refused.Add(1)
			}
		})
	}
	testkit.Eventually(t, "the appenders running", func() bool { return refused.Load() >= 8 })
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if n := openFiles(t, dir); n != 0 {
		t.Fatalf("%d files left open", n)
	}
	if _, err := s.Read(0, 10); !errors.Is(err, ErrClosed) {
		t.Fatalf("Read after Close: %v", err)
	}
	s = open(t, dir, failOpt)
	defer s.Close()
	rs := readAll(t, s)
	if len(rs) != len(ids) || rs[len(rs)-1].ID != ids[len(ids)-1] {
		t.Fatalf("reopened: %d records", len(rs))
	}
	if st := s.Stats(); st.TornBytesCut == 0 {
		t.Fatalf("the torn write was not cut: %+v", st)
	}
}
