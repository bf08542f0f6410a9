package spool

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// scanResult is what a segment file holds.
type scanResult struct {
	recs    []recMeta
	valid   int // end of the last good record: the file is cut there
	corrupt int // damaged stretches skipped in the middle
	lastID  uint64
}

// scanSegment indexes the records of a segment file's bytes b (header
// included). Every record must have a good CRC and an ID above last and at
// most upto. At a bad record it looks for the next good record header, byte
// by byte; if there is one, the bad stretch is skipped and counted as
// corrupt, if not the rest of the file is a torn tail.
func scanSegment(b []byte, version uint32, last, upto uint64) scanResult {
	r := scanResult{valid: segHeaderSize, lastID: last}
	off := segHeaderSize
	for off < len(b) {
		if h, ok := recordAt(b, off, version, r.lastID, upto); ok {
			r.recs = append(r.recs, recMeta{id: h.id, t: h.t, off: uint32(off), n: uint32(h.n)})
			r.lastID = h.id
			off += recHeaderSize + h.n
			r.valid = off
			continue
		}
		next := -1
		for o := off + 1; o+recHeaderSize <= len(b); o++ {
			if _, ok := recordAt(b, o, version, r.lastID, upto); ok {
				next = o
				break
			}
		}
		if next < 0 {
			break
		}
		r.corrupt++
		off = next
	}
	return r
}

// recordAt decodes and checks the record at off in a segment of version v.
func recordAt(b []byte, off int, v uint32, last, upto uint64) (recHeader, bool) {
	if len(b)-off < recHeaderSize {
		return recHeader{}, false
	}
	h := decodeHeader(b[off:])
	if h.id <= last || h.id > upto || h.n > maxPayloadOf(v) || h.n > len(b)-off-recHeaderSize {
		return h, false
	}
	return h, checkRecord(b[off:], h, v)
}

// segmentFiles lists the segment files of dir by first ID, and removes
// leftover temporary files.
func segmentFiles(dir string) ([]uint64, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var firsts []uint64
	for _, e := range ents {
		name := e.Name()
		if strings.HasSuffix(name, ".tmp") {
			os.Remove(filepath.Join(dir, name))
			continue
		}
		if first, ok := parseSegName(name); ok && e.Type().IsRegular() {
			firsts = append(firsts, first)
		}
	}
	slices.Sort(firsts)
	return firsts, nil
}

// loadSegment opens and indexes one segment file, cutting a torn tail (and
// any record above upto), and marks the records for which done is true.
// It returns nil for a file too short to hold its header, which a crash
// right after the file's creation leaves; such a file holds no record and is
// deleted.
func (s *Spool) loadSegment(first, last, upto uint64, done func(id uint64) bool) (*segment, error) {
	path := filepath.Join(s.dir, segName(first))
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < segHeaderSize {
		s.st.TornBytesCut += int64(len(b))
		return nil, os.Remove(path)
	}
	version, err := checkSegHeader(path, b, first)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return nil, err
	}
	privateFile(f)
	r := scanSegment(b, version, max(last, first-1), upto)
	if r.valid < len(b) {
		s.st.TornBytesCut += int64(len(b) - r.valid)
		err = f.Truncate(int64(r.valid))
	}
	if err == nil {
		// What a killed process left in the page cache is made durable
		// before it is served.
		err = s.io.sync(f)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("spool: %s: %w", path, err)
	}
	s.st.CorruptRecords += int64(r.corrupt)
	g := &segment{first: first, version: version, path: path, f: f, size: int64(r.valid), recs: r.recs}
	for i := range g.recs {
		if done(g.recs[i].id) {
			g.recs[i].done = true
		} else {
			g.live++
		}
	}
	g.advance()
	return g, nil
}

// recover loads every segment of s.dir. Open passes a nil old; a failed
// spool recovers into a new Spool, passing itself as old.
func (s *Spool) recover(old *Spool) error {
	var (
		next uint64
		upto uint64 = math.MaxUint64
		done func(id uint64) bool
	)
	if old == nil {
		acks, err := readAcks(filepath.Join(s.dir, ackName))
		if err != nil {
			return err
		}
		next, done = max(acks.max, acks.floor)+1, acks.acked
	} else {
		// The disk is trusted up to the last durable ID only: later bytes
		// are from batches that failed, and after a failed fsync the page
		// cache says nothing about the disk. Which records are done comes
		// from memory: it has every acknowledgement the log has (Ack marks
		// a record only after writing it there), and the records dropped by
		// MaxAge or found corrupt. IDs go on above every ID issued.
		next, upto = old.nextID, old.durable
		done = func(id uint64) bool { return !old.holdsLocked(id) }
	}
	firsts, err := segmentFiles(s.dir)
	if err != nil {
		return err
	}
	var last uint64
	for _, first := range firsts {
		g, err := s.loadSegment(first, last, upto, done)
		if err != nil {
			return err
		}
		next = max(next, first)
		if g == nil {
			continue
		}
		s.segs = append(s.segs, g)
		s.bytes += g.size
		s.live += int64(g.live)
		if n := len(g.recs); n > 0 {
			last = g.recs[n-1].id
			next = max(next, last+1)
		}
	}
	s.nextID = next
	s.durable = next - 1
	s.st.Recovered = s.live
	if len(s.segs) == 0 {
		g, err := newSegment(s.dir, next)
		if err != nil {
			return err
		}
		s.segs = append(s.segs, g)
		s.bytes += g.size
		s.dirDirty = true
	}
	if g := s.segs[len(s.segs)-1]; g.version < segVersion && len(g.recs) == 0 {
		// Appends go on in the active segment; one holding records of an
		// older version is sealed by the next Append instead.
		if err := g.upgradeEmpty(s.io); err != nil {
			return fmt.Errorf("spool: %s: %w", g.path, err)
		}
	}
	s.collectLocked()
	return s.rewriteAcksLocked()
}
