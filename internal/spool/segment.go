package spool

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A segment file is named after the first ID it may hold, "%020d.seg", and
// starts with a 16-byte header:
//
//	0  [4]byte "CGSP"
//	4  uint32  format version (2)
//	8  uint64  first ID (the same as the name)
//
// followed by records, appended and never rewritten. Version 1 records
// carry no topic (see appendRecord); such segments are read as ever, and
// appends go to a new segment of version 2. An empty version 1 segment
// left active has its version word rewritten instead: nothing in it is
// read differently.
const (
	segHeaderSize = 16
	segMagic      = "CGSP"
	segVersion    = 2
	segOldest     = 1 // the oldest version this build reads
	segExt        = ".seg"
)

// recMeta is the in-memory index entry of one record.
type recMeta struct {
	id   uint64
	t    int64  // Unix nanoseconds
	off  uint32 // of the record header in the segment file
	n    uint32 // data length
	done bool   // acknowledged, dropped or found corrupt
}

type segment struct {
	first   uint64
	version uint32 // of the file's format
	path    string
	f       *os.File
	size    int64 // bytes in the file, including buf
	recs    []recMeta
	lo      int // recs[:lo] are all done
	live    int // records not done

	buf     []byte // appended, not yet written
	dirty   bool   // written, not yet fsynced
	removed bool
}

func segName(first uint64) string { return fmt.Sprintf("%020d%s", first, segExt) }

// parseSegName returns the first ID of a segment file name.
func parseSegName(name string) (uint64, bool) {
	s, ok := strings.CutSuffix(name, segExt)
	if !ok || len(s) != 20 {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}

func segHeader(first uint64) []byte {
	h := make([]byte, segHeaderSize)
	copy(h, segMagic)
	binary.LittleEndian.PutUint32(h[4:], segVersion)
	binary.LittleEndian.PutUint64(h[8:], first)
	return h
}

// checkSegHeader validates a segment file header and returns its format
// version.
func checkSegHeader(path string, h []byte, first uint64) (uint32, error) {
	if string(h[0:4]) != segMagic {
		return 0, fmt.Errorf("%w %s: magic %q, want %q", ErrBadSegment, path, h[0:4], segMagic)
	}
	v := binary.LittleEndian.Uint32(h[4:])
	if v < segOldest || v > segVersion {
		return 0, fmt.Errorf("%w %s: format version %d, this build reads %d to %d", ErrBadSegment, path, v, segOldest, segVersion)
	}
	if f := binary.LittleEndian.Uint64(h[8:]); f != first {
		return 0, fmt.Errorf("%w %s: header says first ID %d, name says %d", ErrBadSegment, path, f, first)
	}
	return v, nil
}

// upgradeEmpty rewrites the version word of g, which holds no record, to
// the current version, so that appends can go on in it.
func (g *segment) upgradeEmpty(fio fileIO) error {
	f, err := os.OpenFile(g.path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	var v [4]byte
	binary.LittleEndian.PutUint32(v[:], segVersion)
	if _, err = f.WriteAt(v[:], 4); err == nil {
		err = fio.sync(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		g.version = segVersion
	}
	return err
}

// newSegment creates an empty segment file whose header is left in buf for
// the syncer to write; the directory then needs an fsync.
func newSegment(dir string, first uint64) (*segment, error) {
	path := filepath.Join(dir, segName(first))
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	return &segment{first: first, version: segVersion, path: path, f: f, size: segHeaderSize, buf: segHeader(first)}, nil
}

// advance moves lo past the done records.
func (g *segment) advance() {
	for g.lo < len(g.recs) && g.recs[g.lo].done {
		g.lo++
	}
}

// find returns the index of the first record with ID > after.
func (g *segment) find(after uint64) int {
	lo, hi := g.lo, len(g.recs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if g.recs[m].id <= after {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// remove closes and deletes the segment file.
func (g *segment) remove() error {
	g.removed = true
	g.buf = nil
	g.f.Close()
	return os.Remove(g.path)
}

func syncDir(fio fileIO, dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return fio.sync(d)
}
