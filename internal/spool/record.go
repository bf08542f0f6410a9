package spool

import (
	"encoding/binary"
	"hash/crc32"
	"time"
)

// Record is one appended record.
type Record struct {
	ID   uint64    // assigned by Append, increasing, never reused
	Time time.Time // wall clock at Append
	Data []byte
}

// A record on disk is a 24-byte header followed by the data:
//
//	0  uint32 data length
//	4  uint32 CRC32C of bytes 0-3, 8-23 and the data
//	8  uint64 ID
//	16 int64  time, Unix nanoseconds
//
// all little-endian. The CRC covers the length and the ID, so that a torn
// or damaged header is detected like damaged data.
const recHeaderSize = 24

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func recordSize(n int) int64 { return int64(recHeaderSize + n) }

// appendRecord appends the encoded record to b.
func appendRecord(b []byte, id uint64, t int64, data []byte) []byte {
	var h [recHeaderSize]byte
	binary.LittleEndian.PutUint32(h[0:], uint32(len(data)))
	binary.LittleEndian.PutUint64(h[8:], id)
	binary.LittleEndian.PutUint64(h[16:], uint64(t))
	c := crc32.Update(0, castagnoli, h[0:4])
	c = crc32.Update(c, castagnoli, h[8:])
	c = crc32.Update(c, castagnoli, data)
	binary.LittleEndian.PutUint32(h[4:], c)
	b = append(b, h[:]...)
	return append(b, data...)
}

// recHeader is a decoded record header.
type recHeader struct {
	n   int
	crc uint32
	id  uint64
	t   int64
}

func decodeHeader(h []byte) recHeader {
	return recHeader{
		n:   int(binary.LittleEndian.Uint32(h[0:])),
		crc: binary.LittleEndian.Uint32(h[4:]),
		id:  binary.LittleEndian.Uint64(h[8:]),
		t:   int64(binary.LittleEndian.Uint64(h[16:])),
	}
}

// checkRecord reports whether b, which starts with a header, holds that
// record whole with a matching CRC.
func checkRecord(b []byte, h recHeader) bool {
	if h.n > MaxRecordSize || recHeaderSize+h.n > len(b) {
		return false
	}
	c := crc32.Update(0, castagnoli, b[0:4])
	c = crc32.Update(c, castagnoli, b[8:recHeaderSize])
	c = crc32.Update(c, castagnoli, b[recHeaderSize:recHeaderSize+h.n])
	return c == h.crc
}
