package uplink

import "github.com/cellgate/cellgate/internal/spool"

// Source is the durable spool as the uplink sees it. An entry's Topic is
// the topic template it is published to ("[IMEI]/events"); an empty one
// means the logger topic.
type Source interface {
	// Read returns up to max of the oldest unacknowledged entries with
	// ID > after.
	Read(after uint64, max int) ([]spool.Entry, error)
	// Ack removes an entry; acknowledgements may come out of order.
	Ack(id uint64) error
	// Notify signals (without blocking the writer) that entries were added.
	Notify() <-chan struct{}
}
