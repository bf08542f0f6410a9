package sqlstore

import (
	"context"
	"strconv"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
)

// Delivery states.
const (
	deliveryPending   = 0
	deliveryDone      = 1
	deliveryAbandoned = 2
)

// ClaimDeliveries returns up to limit due deliveries and leases them to
// the caller until now+lease. A delivery another replica holds a lease on
// is skipped; one whose lease ran out is due again.
func (s *DB) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Delivery, error) {
	var out []store.Delivery
	err := s.inTx(ctx, func(t *tx) error {
		out = out[:0]
		rows, err := t.query(ctx, `SELECT d.id, d.callback_id, d.event_id, c.url, c.secret, d.payload, d.attempts, d.next_at, d.last_error
FROM deliveries d JOIN callbacks c ON c.id = d.callback_id
WHERE d.state = ? AND d.next_at <= ? AND d.lease_until <= ?
ORDER BY d.next_at, d.id LIMIT ?`+s.forUpdate("d")+s.d.SkipLocked, deliveryPending, micros(now), micros(now), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d store.Delivery
			var next int64
			var payload string
			if err := rows.Scan(&d.ID, &d.CallbackID, &d.EventID, &d.URL, &d.Secret, &payload, &d.Attempts, &next, &d.LastError); err != nil {
				rows.Close()
				return err
			}
			d.Payload, d.NextAt = []byte(payload), fromMicros(next)
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		until := micros(now.Add(lease))
		for i, d := range out {
			if _, err := t.exec(ctx, `UPDATE deliveries SET lease_until = ? WHERE id = ?`, until, d.ID); err != nil {
				return err
			}
			out[i].Claim = strconv.FormatInt(until, 10)
		}
		return nil
	})
	return out, err
}

// DeliverySucceeded marks a delivery as done.
func (s *DB) DeliverySucceeded(ctx context.Context, id int64, claim string, at time.Time) error {
	return s.settle(ctx, id, claim, `state = ?, delivered_at = ?, attempts = attempts + 1`, deliveryDone, micros(at))
}

// DeliveryFailed schedules the next attempt of a delivery.
func (s *DB) DeliveryFailed(ctx context.Context, id int64, claim string, next time.Time, attempts int, lastErr string) error {
	return s.settle(ctx, id, claim, `next_at = ?, attempts = ?, last_error = ?`, micros(next), attempts, truncate(lastErr, 500))
}

// DeliveryAbandoned gives a delivery up.
func (s *DB) DeliveryAbandoned(ctx context.Context, id int64, claim string, attempts int, lastErr string) error {
	return s.settle(ctx, id, claim, `state = ?, attempts = ?, last_error = ?`, deliveryAbandoned, attempts, truncate(lastErr, 500))
}

// settle records a delivery's outcome if claim still holds it, and
// releases the lease.
func (s *DB) settle(ctx context.Context, id int64, claim, set string, args ...any) error {
	lease, err := strconv.ParseInt(claim, 10, 64)
	if err != nil {
		return store.ErrClaimLost
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET `+set+`, lease_until = 0 WHERE id = ? AND state = ? AND lease_until = ?`),
		append(args, id, deliveryPending, lease)...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return store.ErrClaimLost
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
