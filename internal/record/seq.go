package record

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// DefaultSeqBatch is how many sequence numbers a Sequencer reserves per
// write of its file.
const DefaultSeqBatch = 1000

// Sequencer hands out per-device sequence numbers, 1, 2, 3, ..., that never
// repeat, even across restarts and crashes. It reserves numbers in batches:
// the file records, per device, the first number not yet reserved, written
// atomically (temporary file, fsync, rename, fsync of the directory) before
// any number of the batch is used. After a clean Close the next start goes
// on where it stopped; after a crash the numbers skip ahead to the end of the
// last reserved batch, but never repeat. It is safe for concurrent use.
type Sequencer struct {
	mu    sync.Mutex
	path  string
	batch uint64
	next  map[string]uint64 // next number to hand out
	limit map[string]uint64 // first number not reserved on disk
}

// OpenSequencer loads the sequence file at path, or starts afresh when it
// does not exist; batch ≤ 0 means DefaultSeqBatch.
func OpenSequencer(path string, batch int) (*Sequencer, error) {
	if batch <= 0 {
		batch = DefaultSeqBatch
	}
	s := &Sequencer{path: path, batch: uint64(batch), next: map[string]uint64{}, limit: map[string]uint64{}}
	b, err := os.ReadFile(path)
	switch {
	case os.IsNotExist(err):
		return s, nil
	case err != nil:
		return nil, fmt.Errorf("sequence file: %w", err)
	}
	if err := json.Unmarshal(b, &s.limit); err != nil {
		return nil, fmt.Errorf("sequence file %s: %w", path, err)
	}
	for dev, lim := range s.limit {
		s.next[dev] = lim
	}
	return s, nil
}

// Next returns the device's next sequence number. When it has to reserve a
// new batch and cannot write the file, it returns the error and hands out
// nothing.
func (s *Sequencer) Next(device string) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := max(s.next[device], 1)
	if n >= s.limit[device] {
		old := s.limit[device]
		s.limit[device] = n + s.batch
		if err := s.saveLocked(); err != nil {
			s.limit[device] = old
			return 0, err
		}
	}
	s.next[device] = n + 1
	return n, nil
}

// Close records the exact next numbers, so that a restart skips none.
func (s *Sequencer) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for dev, n := range s.next {
		s.limit[dev] = n
	}
	return s.saveLocked()
}

// saveLocked writes the reservations atomically.
func (s *Sequencer) saveLocked() error {
	b, err := json.Marshal(s.limit)
	if err != nil {
		return err
	}
	dir := filepath.Dir(s.path)
	f, err := os.CreateTemp(dir, filepath.Base(s.path)+".tmp*")
	if err != nil {
		return fmt.Errorf("sequence file: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, s.path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sequence file: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
