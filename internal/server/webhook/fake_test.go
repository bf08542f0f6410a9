package webhook

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"
)

// fakeOutbox is an in-memory Outbox with the lease semantics the SQL store
// must have. Every outcome recorded is also sent on events.
type fakeOutbox struct {
	mu     sync.Mutex
	rows   map[int64]*fakeRow
	nextID int64
	claims int
	leases []time.Duration // the lease of every Due call
	events chan fakeEvent
}

type fakeRow struct {
	d          Delivery
	state      string // pending, delivered, failed
	claim      string
	leaseUntil time.Time
	lastErr    string
}

type fakeEvent struct {
	kind     string // delivered, retry, giveup
	id       int64
	attempts int
	next     time.Time
	lastErr  string
}

func newFakeOutbox() *fakeOutbox {
	return &fakeOutbox{rows: map[int64]*fakeRow{}, events: make(chan fakeEvent, 100)}
}

// add queues a delivery due at at and returns its ID.
func (o *fakeOutbox) add(d Delivery, at time.Time) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.nextID++
	d.ID, d.NextAt = o.nextID, at
	o.rows[d.ID] = &fakeRow{d: d, state: "pending"}
	return d.ID
}

func (o *fakeOutbox) state(id int64) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.rows[id].state
}

func (o *fakeOutbox) Due(_ context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.leases = append(o.leases, lease)
	var due []*fakeRow
	for _, r := range o.rows {
		if r.state == "pending" && !r.d.NextAt.After(now) && !r.leaseUntil.After(now) {
			due = append(due, r)
		}
	}
	slices.SortFunc(due, func(a, b *fakeRow) int { return a.d.NextAt.Compare(b.d.NextAt) })
	var out []Delivery
	for _, r := range due[:min(limit, len(due))] {
		o.claims++
		r.claim = "claim-" + strconv.Itoa(o.claims)
		r.leaseUntil = now.Add(lease)
		d := r.d
		d.Claim = r.claim
		d.Payload = slices.Clone(d.Payload)
		out = append(out, d)
	}
	return out, nil
}

// held returns the row if claim still holds it; o.mu must be held.
func (o *fakeOutbox) held(id int64, claim string) (*fakeRow, error) {
	r := o.rows[id]
	if r == nil || r.state != "pending" || r.claim != claim {
		return nil, ErrClaimLost
	}
	r.claim, r.leaseUntil = "", time.Time{}
	return r, nil
}

func (o *fakeOutbox) Delivered(_ context.Context, id int64, claim string, _ time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, claim)
	if err != nil {
		return err
	}
	r.state = "delivered"
	r.d.Attempts++
	o.events <- fakeEvent{kind: "delivered", id: id, attempts: r.d.Attempts}
	return nil
}

func (o *fakeOutbox) Retry(_ context.Context, id int64, claim string, next time.Time, attempts int, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, claim)
	if err != nil {
		return err
	}
	r.d.NextAt, r.d.Attempts, r.lastErr = next, attempts, lastErr
	o.events <- fakeEvent{kind: "retry", id: id, attempts: attempts, next: next, lastErr: lastErr}
	return nil
}

func (o *fakeOutbox) GiveUp(_ context.Context, id int64, claim string, attempts int, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, claim)
	if err != nil {
		return err
	}
	r.state, r.d.Attempts, r.lastErr = "failed", attempts, lastErr
	o.events <- fakeEvent{kind: "giveup", id: id, attempts: attempts, lastErr: lastErr}
	return nil
}
