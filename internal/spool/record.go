package spool

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// A record on disk is a 24-byte header followed by the payload:
//
//	0  uint32 payload length
//	4  uint32 CRC32C of bytes 0-3, 8-23 and the payload
//	8  uint64 ID
//	16 int64  time, Unix nanoseconds
//
// all little-endian. The CRC covers the length and the ID, so that a torn
// or damaged header is detected like damaged data.
//
// In a segment of version 2 the payload is the entry's topic and data:
//
//	uvarint topic length, topic, data
//
// In a segment of version 1 (written before entries had a topic) the payload
// is the data alone, and a routed entry's data was wrapped as
// 0x1e topic 0x1e data; legacyEntry takes it apart again.
const recHeaderSize = 24

// maxTopicSize bounds an entry's topic: MQTT's own bound on a topic name.
const maxTopicSize = 1<<16 - 1

// maxPayload bounds a version 2 payload: the largest data with the largest
// topic.
const maxPayload = MaxRecordSize + binary.MaxVarintLen32 + maxTopicSize

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// payloadSize is the length of the payload of an entry with topic and n
// bytes of data.
func payloadSize(topic string, n int) int {
	return uvarintLen(uint64(len(topic))) + len(topic) + n
}

func uvarintLen(x uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], x)
}

// recordSize is the size on disk of the record of an entry with topic and
// n bytes of data.
func recordSize(topic string, n int) int64 {
	return int64(recHeaderSize + payloadSize(topic, n))
}

// appendRecord appends the encoded record of an entry to b, in the format
// of version 2.
func appendRecord(b []byte, id uint64, t int64, topic string, data []byte) []byte {
	var pre [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(pre[:], uint64(len(topic)))
	var h [recHeaderSize]byte
	binary.LittleEndian.PutUint32(h[0:], uint32(k+len(topic)+len(data)))
	binary.LittleEndian.PutUint64(h[8:], id)
	binary.LittleEndian.PutUint64(h[16:], uint64(t))
	c := crc32.Update(0, castagnoli, h[0:4])
	c = crc32.Update(c, castagnoli, h[8:])
	c = crc32.Update(c, castagnoli, pre[:k])
	c = crc32.Update(c, castagnoli, []byte(topic))
	c = crc32.Update(c, castagnoli, data)
	binary.LittleEndian.PutUint32(h[4:], c)
	b = append(b, h[:]...)
	b = append(b, pre[:k]...)
	b = append(b, topic...)
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

// maxPayloadOf is the largest payload a segment of version v holds.
func maxPayloadOf(v uint32) int {
	if v < 2 {
		return MaxRecordSize
	}
	return maxPayload
}

// checkRecord reports whether b, which starts with a header, holds that
// record whole with a matching CRC and a payload a segment of version v
// can hold.
func checkRecord(b []byte, h recHeader, v uint32) bool {
	if h.n > maxPayloadOf(v) || recHeaderSize+h.n > len(b) {
		return false
	}
	c := crc32.Update(0, castagnoli, b[0:4])
	c = crc32.Update(c, castagnoli, b[8:recHeaderSize])
	p := b[recHeaderSize : recHeaderSize+h.n]
	c = crc32.Update(c, castagnoli, p)
	if c != h.crc {
		return false
	}
	_, _, ok := decodePayload(v, p)
	return ok
}

// decodePayload splits the payload of a record in a segment of version v
// into the entry's topic and data; false if it is malformed.
func decodePayload(v uint32, p []byte) (topic string, data []byte, ok bool) {
	if v < 2 {
		topic, data = legacyEntry(p)
		return topic, data, true
	}
	n, k := binary.Uvarint(p)
	if k <= 0 || n > maxTopicSize || n > uint64(len(p)-k) {
		return "", nil, false
	}
	return string(p[k : k+int(n)]), p[k+int(n):], true
}

// legacyMark framed the topic of a routed entry in a version 1 payload;
// readings (Titan lines, JSON) never start with it.
const legacyMark = 0x1e

// legacyEntry splits a version 1 payload, 0x1e topic 0x1e data for a
// routed entry; any other payload is data with no topic.
func legacyEntry(p []byte) (topic string, data []byte) {
	if len(p) == 0 || p[0] != legacyMark {
		return "", p
	}
	i := bytes.IndexByte(p[1:], legacyMark)
	if i < 0 {
		return "", p
	}
	return string(p[1 : 1+i]), p[2+i:]
}
