package uplink

import (
	"time"
)

// Record is one reading waiting in the spool. It mirrors spool.Record, so an
// adapter over *spool.Spool is a loop that copies fields.
type Record struct {
	ID   uint64
	Time time.Time
	Data []byte
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
