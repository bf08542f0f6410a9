package uplink

import (
	"bytes"
	"time"
)

// Record is one reading waiting in the spool. It mirrors spool.Record, so an
// adapter over *spool.Spool is a loop that copies fields.
type Record struct {
	ID   uint64
	Time time.Time
	Data []byte
	// Topic is the topic template to publish to ("[IMEI]/events"); empty
	// for the logger topic. Routed stores it with the data in the spool.
	Topic string
}

// routeMark starts a routed record; readings (Titan lines, JSON) never
// start with it.
const routeMark = 0x1e

// Routed wraps data for the spool so that it is published to topic (a
// template such as "[IMEI]/events") rather than the logger topic.
func Routed(topic string, data []byte) []byte {
	b := make([]byte, 0, len(topic)+2+len(data))
	b = append(b, routeMark)
	b = append(b, topic...)
	b = append(b, routeMark)
	return append(b, data...)
}

// Unroute splits what Routed wrapped; other data comes back as it is with
// an empty topic.
func Unroute(b []byte) (topic string, data []byte) {
	if len(b) == 0 || b[0] != routeMark {
		return "", b
	}
	i := bytes.IndexByte(b[1:], routeMark)
	if i < 0 {
		return "", b
	}
	return string(b[1 : 1+i]), b[2+i:]
}

// Source is the durable spool as the uplink sees it.
type Source interface {
	// Read returns up to max of the oldest unacknowledged records with
	// ID > after.
	Read(after uint64, max int) ([]Record, error)
	// Ack removes a record; acknowledgements may come out of order.
	Ack(id uint64) error
	// Notify signals (without blocking the writer) that records were added.
	Notify() <-chan struct{}
}
