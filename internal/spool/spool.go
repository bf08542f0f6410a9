package spool

import (
	"os"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// Stats describe a spool. Counters count since Open.
type Stats struct {
	Records  int64     // unacknowledged records held
	Bytes    int64     // size of the segment files
	Segments int       // segment files
	Oldest   time.Time // append time of the oldest unacknowledged record; zero if none

	Appended uint64 // records appended (made durable)
	Acked    uint64 // records acknowledged
	Dropped  uint64 // unacknowledged records dropped by MaxBytes (DropOldest) or MaxAge
	Refused  uint64 // appends refused with ErrFull

	Recovered      int64 // unacknowledged records found by Open
	TornBytesCut   int64 // bytes cut from torn segment tails by Open and by recoveries
	CorruptRecords int64 // damaged stretches skipped by Open and by recoveries, and records failing their CRC on Read

	// The spool is failed while WriteFailures > Recoveries.
	WriteFailures uint64 // write or fsync errors that failed the spool
	Recoveries    uint64 // recoveries from such a failure
}

// Spool is a durable queue of records. Its methods are safe for concurrent
// use. One Spool at a time may have a directory open (see Open).
type Spool struct {
	dir  string
	lock *os.File // holds the directory's lock until Close
	opt  Options

	// syncMu is held by flush and by recovery, so they never overlap; it
	// is taken before mu.
	syncMu sync.Mutex

	mu       sync.Mutex
	segs     []*segment // by ID; the last is the active one
	nextID   uint64
	durable  uint64 // every ID <= durable is fsynced
	bytes    int64
	live     int64
	cur      *batch
	dirDirty bool
	acks     *ackLog
	failed   error // wraps ErrFailed and the cause; nil unless failed
	cause    error // the write or fsync error that failed the spool
	retryAt  time.Time
	backoff  retry.Backoff
	closed   bool
	st       Stats
	io       fileIO
	now      func() time.Time // for the retry schedule

	kick   chan struct{}
	notify chan struct{}
	quit   chan struct{}
	done   chan struct{}
}

// batch is a group of appends sharing one fsync.
type batch struct {
	done chan struct{}
	err  error
	last uint64
	n    int
}

// Open opens or creates the spool in dir and recovers it (see the package
// documentation). It takes the directory's lock for the spool's lifetime:
// while another Spool, in this process or another, has dir open, Open
// returns a *LockedError, which wraps ErrLocked and names the holder's PID.
func Open(dir string, opt Options) (*Spool, error) {
	if err := privateDir(dir); err != nil {
		return nil, err
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	s := &Spool{
		dir: dir, lock: lock, opt: opt.withDefaults(), io: opt.fileIO(), now: opt.clock(),
		cur:    &batch{done: make(chan struct{})},
		kick:   make(chan struct{}, 1),
		notify: make(chan struct{}, 1),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	if err := s.recover(nil); err != nil {
		s.closeFiles()
		lock.Close()
		return nil, err
	}
	go s.syncer()
	return s, nil
}

// Append stores data as a new entry without a topic and returns its ID once
// the entry is on disk (fsynced). Concurrent appends share fsyncs. While the
// spool is failed it returns an error wrapping ErrFailed, or first tries to
// recover if the retry interval has passed.
func (s *Spool) Append(data []byte) (uint64, error) {
	return s.AppendTo("", data)
}

// AppendTo stores data as a new entry with topic, as Append does.
func (s *Spool) AppendTo(topic string, data []byte) (uint64, error) {
	if len(data) > s.opt.maxData() || len(topic) > maxTopicSize {
		return 0, ErrTooLarge
	}
	now := time.Now()
	n := recordSize(topic, len(data))
	s.mu.Lock()
	for s.failed != nil && !s.closed {
		if s.now().Before(s.retryAt) {
			err := s.failed
			s.mu.Unlock()
			return 0, err
		}
		s.mu.Unlock()
		s.retry()
		s.mu.Lock()
	}
	if s.closed {
		s.mu.Unlock()
		return 0, ErrClosed
	}
	s.expireLocked(now)
	act := s.segs[len(s.segs)-1]
	// A segment of an older version takes no more records: they would
	// be read in its format.
	rotate := (act.size+n > s.opt.SegmentSize || act.version < segVersion) && len(act.recs) > 0
	if s.opt.MaxBytes > 0 && s.opt.Policy == Refuse {
		need := n
		if rotate {
			need += segHeaderSize
		}
		if s.bytes+need > s.opt.MaxBytes {
			s.st.Refused++
			s.mu.Unlock()
			return 0, ErrFull
		}
	}
	if rotate {
		g, err := newSegment(s.dir, s.nextID)
		if err != nil {
			s.mu.Unlock()
			return 0, err
		}
		s.segs = append(s.segs, g)
		s.bytes += g.size
		s.dirDirty = true
		act = g
	}
	for s.opt.MaxBytes > 0 && s.bytes+n > s.opt.MaxBytes && len(s.segs) > 1 {
		s.removeLocked(0, true)
	}
	id := s.nextID
	s.nextID++
	act.recs = append(act.recs, recMeta{id: id, t: now.UnixNano(), off: uint32(act.size), n: uint32(n - recHeaderSize)})
	act.buf = appendRecord(act.buf, id, now.UnixNano(), topic, data)
	act.size += n
	act.live++
	s.bytes += n
	s.live++
	b := s.cur
	b.last = id
	b.n++
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	<-b.done
	if b.err != nil {
		return 0, b.err
	}
	return id, nil
}

// syncer writes and fsyncs batches until Close.
func (s *Spool) syncer() {
	defer close(s.done)
	for {
		select {
		case <-s.kick:
		case <-s.quit:
			s.flush()
			return
		}
		if s.opt.SyncDelay > 0 {
			t := time.NewTimer(s.opt.SyncDelay)
			select {
			case <-t.C:
			case <-s.quit:
				t.Stop()
			}
		}
		s.flush()
	}
}

// flush writes and fsyncs the current batch and completes it. An error
// fails the spool, and every batch after it fails until recovery.
func (s *Spool) flush() {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.mu.Lock()
	b := s.cur
	s.cur = &batch{done: make(chan struct{})}
	err := s.failed
	var files []*segment
	for _, g := range s.segs {
		if len(g.buf) > 0 && err == nil {
			if _, werr := s.io.write(g.f, g.buf); werr != nil {
				err = werr
			}
			g.dirty = true
		}
		g.buf = g.buf[:0]
		if g.dirty {
			files = append(files, g)
			g.dirty = false
		}
	}
	dir := s.dirDirty
	s.dirDirty = false
	ack := s.acks
	ackDirty := ack.dirty
	ack.dirty = false
	s.mu.Unlock()

	var bad []*segment
	if err == nil {
		for _, g := range files {
			if e := s.io.sync(g.f); e != nil {
				bad = append(bad, g)
				if err == nil {
					err = e
				}
			}
		}
	}
	if err == nil && dir {
		err = syncDir(s.io, s.dir)
	}
	if ackDirty {
		s.io.sync(ack.f) // a lost ack only means a redelivery
	}

	s.mu.Lock()
	if len(bad) > 0 && !slices.ContainsFunc(bad, func(g *segment) bool { return !g.removed }) {
		err = nil // only segments deleted meanwhile failed
	}
	switch {
	case err == nil:
		s.durable = max(s.durable, b.last)
		s.st.Appended += uint64(b.n)
	case s.failed == nil:
		s.failLocked(err)
	}
	if err != nil {
		err = s.failed
	}
	s.mu.Unlock()
	b.err = err
	close(b.done)
	if err == nil && b.n > 0 {
		select {
		case s.notify <- struct{}{}:
		default:
		}
	}
}

// Read returns up to max of the oldest unacknowledged entries with
// ID > after, oldest first. A record whose CRC fails on disk is skipped and
// counted in Stats.CorruptRecords.
func (s *Spool) Read(after uint64, max int) ([]Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	s.expireLocked(time.Now())
	var out []Entry
	i := sort.Search(len(s.segs), func(i int) bool { return s.segs[i].first > after }) - 1
	for i = max0(i); i < len(s.segs) && len(out) < max; i++ {
		g := s.segs[i]
		var pick []int
		for j := g.find(after); j < len(g.recs) && len(out)+len(pick) < max; j++ {
			if g.recs[j].id > s.durable {
				break
			}
			if !g.recs[j].done {
				pick = append(pick, j)
			}
		}
		var err error
		if out, err = s.readLocked(g, pick, out); err != nil {
			return out, err
		}
	}
	s.collectLocked()
	return out, nil
}

func max0(i int) int { return max(i, 0) }

// readLocked reads the picked records of g, one ReadAt per contiguous run.
func (s *Spool) readLocked(g *segment, pick []int, out []Entry) ([]Entry, error) {
	for len(pick) > 0 {
		k := 1
		for k < len(pick) && g.recs[pick[k]].off == g.recs[pick[k-1]].off+recHeaderSize+g.recs[pick[k-1]].n {
			k++
		}
		run := pick[:k]
		pick = pick[k:]
		first, lastRec := g.recs[run[0]], g.recs[run[k-1]]
		buf := make([]byte, int(lastRec.off-first.off)+recHeaderSize+int(lastRec.n))
		if _, err := g.f.ReadAt(buf, int64(first.off)); err != nil {
			return out, err
		}
		for _, j := range run {
			r := &g.recs[j]
			b := buf[r.off-first.off:]
			h := decodeHeader(b)
			if h.id != r.id || h.n != int(r.n) || !checkRecord(b, h, g.version) {
				s.st.CorruptRecords++
				s.doneLocked(g, j)
				continue
			}
			topic, data, _ := decodePayload(g.version, b[recHeaderSize:recHeaderSize+h.n:recHeaderSize+h.n])
			out = append(out, Entry{ID: r.id, Time: time.Unix(0, r.t), Topic: topic, Data: data})
		}
	}
	return out, nil
}

// Ack acknowledges the record id. Acknowledging a record that is already
// acknowledged or dropped is not an error; an ID never durably appended is
// ErrNotFound.
func (s *Spool) Ack(id uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if id == 0 || id > s.durable {
		return ErrNotFound
	}
	i := sort.Search(len(s.segs), func(i int) bool { return s.segs[i].first > id }) - 1
	if i < 0 {
		return nil
	}
	g := s.segs[i]
	j := g.find(id - 1)
	if j >= len(g.recs) || g.recs[j].id != id || g.recs[j].done {
		return nil
	}
	if err := s.acks.add(id); err != nil {
		return err
	}
	s.doneLocked(g, j)
	s.st.Acked++
	s.collectLocked()
	if s.acks.needsRewrite() {
		return s.rewriteAcksLocked()
	}
	return nil
}

// doneLocked marks record j of g acknowledged, dropped or corrupt.
func (s *Spool) doneLocked(g *segment, j int) {
	g.recs[j].done = true
	g.live--
	s.live--
	g.advance()
}

// collectLocked deletes the sealed segments without live records.
func (s *Spool) collectLocked() {
	for i := 0; i < len(s.segs)-1; {
		if s.segs[i].live == 0 {
			s.removeLocked(i, false)
		} else {
			i++
		}
	}
}

// removeLocked deletes segment i, counting its live records as dropped.
func (s *Spool) removeLocked(i int, drop bool) {
	g := s.segs[i]
	if drop {
		s.st.Dropped += uint64(g.live)
	}
	s.live -= int64(g.live)
	s.bytes -= g.size
	g.remove() // a file left behind is found again by the next Open
	s.segs = slices.Delete(s.segs, i, i+1)
}

// expireLocked drops the records older than MaxAge.
func (s *Spool) expireLocked(now time.Time) {
	if s.opt.MaxAge <= 0 {
		return
	}
	cut := now.Add(-s.opt.MaxAge).UnixNano()
	expired := false
	for _, g := range s.segs {
		for g.advance(); g.lo < len(g.recs); g.advance() {
			r := g.recs[g.lo]
			if r.t >= cut || r.id > s.durable {
				goto out
			}
			s.doneLocked(g, g.lo)
			s.st.Dropped++
			expired = true
		}
	}
out:
	if expired {
		s.collectLocked()
	}
}

// rewriteAcksLocked compacts the ack log.
func (s *Spool) rewriteAcksLocked() error {
	floor := s.nextID - 1
	var ids []uint64
	found := false
	for _, g := range s.segs {
		for _, r := range g.recs {
			switch {
			case !found && !r.done:
				found, floor = true, r.id-1
			case found && r.done:
				ids = append(ids, r.id)
			}
		}
	}
	l, err := rewriteAcks(s.io, s.dir, s.acks, floor, ids)
	if l != nil {
		s.acks = l
	}
	return err
}

// Notify returns a channel signalled (capacity 1) after appended records
// become durable.
func (s *Spool) Notify() <-chan struct{} { return s.notify }

// Stats returns the spool's statistics.
func (s *Spool) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.expireLocked(time.Now())
	}
	st := s.st
	st.Records = s.live
	st.Bytes = s.bytes
	st.Segments = len(s.segs)
	for _, g := range s.segs {
		g.advance()
		if g.lo < len(g.recs) {
			st.Oldest = time.Unix(0, g.recs[g.lo].t)
			break
		}
	}
	return st
}

// Close waits for pending appends, fsyncs the ack log and closes the files.
func (s *Spool) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.quit)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.io.sync(s.acks.f)
	if cerr := s.closeFiles(); err == nil {
		err = cerr
	}
	if cerr := s.lock.Close(); err == nil {
		err = cerr
	}
	return err
}

// closeFiles closes the segment files and the ack log.
func (s *Spool) closeFiles() error {
	var err error
	if s.acks != nil {
		err = s.acks.f.Close()
	}
	for _, g := range s.segs {
		if cerr := g.f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
