package webhook

import (
	"context"
	"errors"
	"time"
)

// Delivery is one event bound for one callback URL: one outbox row.
type Delivery struct {
	// ID is the outbox row's key.
	ID int64
	// EventID is sent as X-Cellgate-Event-Id and must be the same on every
	// attempt; the decimal ID is used when it is empty.
	EventID string
	// Claim identifies this worker's claim on the row, as issued by Due.
	// The store should refuse (ErrClaimLost) a Delivered, Retry or GiveUp
	// whose claim is no longer the current one, so a worker whose lease ran
	// out cannot overwrite the outcome recorded by the one that took over.
	Claim string
	// CallbackID is the api_callback the row is for (for logs).
	CallbackID int64
	// URL is where the event is POSTed.
	URL string
	// Secret is the callback's HMAC key; empty means unsigned.
	Secret string
	// Payload is the JSON body, sent byte for byte.
	Payload []byte
	// Attempts is how many attempts have been made before this one.
	Attempts int
	// NextAt is when the row became due.
	NextAt time.Time
}

// Outbox is the durable queue the Dispatcher works from; the SQL store
// implements it.
//
// Due claims up to limit rows that are pending, have NextAt <= now and are
// not under another worker's unexpired lease, and leases them to this
// worker until now+lease (for example with UPDATE ... SET claim = ?,
// lease_until = ? WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED), or one
// conditional UPDATE per row on SQLite). Rows are returned oldest NextAt
// first. While the lease holds no other worker may claim the row; once it
// lapses (the worker crashed or stalled) the row is due again with its
// Attempts unchanged.
//
// Delivered, Retry and GiveUp end the claim: Delivered marks the row done;
// Retry makes it pending again from next with attempts and lastErr
// recorded; GiveUp marks it failed for good. Each should return
// ErrClaimLost, and change nothing, if claim no longer holds the row.
// lastErr is for the callback's owner to read; it never holds the secret.
type Outbox interface {
	Due(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	Delivered(ctx context.Context, id int64, claim string, at time.Time) error
	Retry(ctx context.Context, id int64, claim string, next time.Time, attempts int, lastErr string) error
	GiveUp(ctx context.Context, id int64, claim string, attempts int, lastErr string) error
}

// ErrClaimLost is what an Outbox returns when a worker records the outcome
// of a row whose lease it no longer holds. The Dispatcher logs it and
// moves on: another worker owns the row now.
var ErrClaimLost = errors.New("webhook: the outbox row is claimed by another worker (its lease ran out)")
