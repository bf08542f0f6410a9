package spool

import (
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// fileIO does the file writes and fsyncs, which fail in service when the
// flash is full or failing. Tests replace it to inject such faults.
type fileIO interface {
	write(f *os.File, b []byte) (int, error)
	sync(f *os.File) error
}

type osIO struct{}

func (osIO) write(f *os.File, b []byte) (int, error) { return f.Write(b) }
func (osIO) sync(f *os.File) error                   { return f.Sync() }

// hooks let tests inject file faults and set the retry clock.
type hooks struct {
	io  fileIO           // nil: osIO
	now func() time.Time // nil: time.Now
}

func (o Options) fileIO() fileIO {
	if o.hooks != nil && o.hooks.io != nil {
		return o.hooks.io
	}
	return osIO{}
}

func (o Options) clock() func() time.Time {
	if o.hooks != nil && o.hooks.now != nil {
		return o.hooks.now
	}
	return time.Now
}

// failLocked fails the spool with the write or fsync error cause.
func (s *Spool) failLocked(cause error) {
	s.cause = cause
	s.failed = fmt.Errorf("%w: %w", ErrFailed, cause)
	s.st.WriteFailures++
	s.backoff = retry.Backoff{Min: s.opt.RetryInterval, Max: s.opt.MaxRetryInterval}
	s.retryAt = s.now().Add(s.backoff.Next())
}

// retry recovers the spool if it is still failed and due. A failed
// attempt doubles the interval.
func (s *Spool) retry() {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.failed == nil || s.now().Before(s.retryAt) {
		return
	}
	if err := s.reopenLocked(); err != nil {
		s.failed = fmt.Errorf("%w: %w; recovery: %w", ErrFailed, s.cause, err)
		s.retryAt = s.now().Add(s.backoff.Next())
		return
	}
	s.failed, s.cause = nil, nil
	s.st.Recoveries++
}

// reopenLocked re-runs Open's recovery on the directory and, if it works,
// swaps the spool's files and index for what it found; if not, the old ones
// stay, to serve reads. The caller holds syncMu, so no flush is under way.
func (s *Spool) reopenLocked() error {
	t := &Spool{dir: s.dir, opt: s.opt, io: s.io, now: s.now}
	err := t.recover(s)
	if t.acks != nil {
		// Recovery rewrote the ack log from s's index: the new one is in
		// the directory, even if the directory fsync then failed.
		s.acks.f.Close()
		s.acks, t.acks = t.acks, nil
	}
	if err != nil {
		t.closeFiles()
		return err
	}
	for _, g := range s.segs {
		g.f.Close()
	}
	// Appends waiting for the next flush wrote into the old segments.
	s.cur.err = s.failed
	close(s.cur.done)
	s.cur = &batch{done: make(chan struct{})}
	s.segs, s.nextID, s.durable = t.segs, t.nextID, t.durable
	s.bytes, s.live, s.dirDirty = t.bytes, t.live, t.dirDirty
	s.st.TornBytesCut += t.st.TornBytesCut
	s.st.CorruptRecords += t.st.CorruptRecords
	return nil
}

// holdsLocked reports whether the index holds record id, not done.
func (s *Spool) holdsLocked(id uint64) bool {
	i := sort.Search(len(s.segs), func(i int) bool { return s.segs[i].first > id }) - 1
	if i < 0 {
		return false
	}
	g := s.segs[i]
	j := g.find(id - 1)
	return j < len(g.recs) && g.recs[j].id == id && !g.recs[j].done
}
