package spool

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
)

// The ack file, "ack.log", is a log of 16-byte entries:
//
//	0  uint64 ID
//	8  uint32 kind: 1 = this ID is acknowledged, 2 = every ID up to this one is
//	12 uint32 CRC32C of bytes 0-11
//
// Ack appends one entry (a write into the page cache, so it survives the
// process being killed); the file is fsynced together with the next group
// commit and at Close. Open, and Ack when the log has doubled, rewrite it
// atomically (temporary file, fsync, rename, directory fsync) as one floor
// entry plus the acknowledged IDs above the floor. Reading stops at the first
// bad entry: losing acks only means records are delivered again.
const (
	ackName      = "ack.log"
	ackEntrySize = 16
	ackOne       = 1
	ackFloor     = 2
	// ackCompactMin is the log size below which Ack never compacts.
	ackCompactMin = 64 << 10
)

type ackLog struct {
	io    fileIO
	path  string
	f     *os.File
	size  int64
	base  int64 // size right after the last rewrite
	dirty bool  // written, not yet fsynced
}

// ackState is what the ack log says.
type ackState struct {
	floor uint64              // every ID <= floor is acknowledged
	set   map[uint64]struct{} // acknowledged IDs above floor (some may be <= floor)
	max   uint64              // highest ID named
}

func (a ackState) acked(id uint64) bool {
	if id <= a.floor {
		return true
	}
	_, ok := a.set[id]
	return ok
}

func readAcks(path string) (ackState, error) {
	st := ackState{set: map[uint64]struct{}{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	for ; len(b) >= ackEntrySize; b = b[ackEntrySize:] {
		if crc32.Checksum(b[:12], castagnoli) != binary.LittleEndian.Uint32(b[12:]) {
			break
		}
		id := binary.LittleEndian.Uint64(b)
		switch binary.LittleEndian.Uint32(b[8:]) {
		case ackOne:
			st.set[id] = struct{}{}
		case ackFloor:
			st.floor = max(st.floor, id)
		default:
			return st, nil
		}
		st.max = max(st.max, id)
	}
	return st, nil
}

func appendAck(b []byte, kind uint32, id uint64) []byte {
	var e [ackEntrySize]byte
	binary.LittleEndian.PutUint64(e[0:], id)
	binary.LittleEndian.PutUint32(e[8:], kind)
	binary.LittleEndian.PutUint32(e[12:], crc32.Checksum(e[:12], castagnoli))
	return append(b, e[:]...)
}

// add appends one acknowledged ID.
func (l *ackLog) add(id uint64) error {
	e := appendAck(nil, ackOne, id)
	if _, err := l.io.write(l.f, e); err != nil {
		return err
	}
	l.size += ackEntrySize
	l.dirty = true
	return nil
}

// needsRewrite reports whether the log has grown enough to be compacted.
func (l *ackLog) needsRewrite() bool {
	return l.size >= ackCompactMin && l.size >= 2*l.base
}

// rewriteAcks atomically replaces the log with floor and ids, closing old.
// Once the new log is in place it is returned, even with an error (of the
// directory fsync): old then names a file no longer in the directory.
func rewriteAcks(fio fileIO, dir string, old *ackLog, floor uint64, ids []uint64) (*ackLog, error) {
	b := appendAck(make([]byte, 0, ackEntrySize*(1+len(ids))), ackFloor, floor)
	for _, id := range ids {
		b = appendAck(b, ackOne, id)
	}
	path := filepath.Join(dir, ackName)
	tmp := path + ".tmp"
	if err := writeFileSync(fio, tmp, b); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		f.Close()
		return nil, err
	}
	if old != nil {
		old.f.Close()
	}
	l := &ackLog{io: fio, path: path, f: f, size: int64(len(b)), base: int64(len(b))}
	return l, syncDir(fio, dir)
}

func writeFileSync(fio fileIO, path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = fio.write(f, b)
	if err == nil {
		err = fio.sync(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
