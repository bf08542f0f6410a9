package sqlstore

import (
	"context"
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
ORDER BY d.next_at, d.id LIMIT ?`+s.d.ForUpdate+s.d.SkipLocked, deliveryPending, micros(now), micros(now), limit)
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
		for _, d := range out {
			if _, err := t.exec(ctx, `UPDATE deliveries SET lease_until = ? WHERE id = ?`, micros(now.Add(lease)), d.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// DeliverySucceeded marks a delivery as done.
func (s *DB) DeliverySucceeded(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET state = ?, delivered_at = ?, attempts = attempts + 1, lease_until = 0 WHERE id = ?`),
		deliveryDone, micros(at), id)
	return err
}

// DeliveryFailed schedules the next attempt of a delivery.
func (s *DB) DeliveryFailed(ctx context.Context, id int64, next time.Time, attempts int, lastErr string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET next_at = ?, attempts = ?, last_error = ?, lease_until = 0 WHERE id = ? AND state = ?`),
		micros(next), attempts, truncate(lastErr, 500), id, deliveryPending)
	return err
}

// DeliveryAbandoned gives a delivery up.
func (s *DB) DeliveryAbandoned(ctx context.Context, id int64, attempts int, lastErr string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET state = ?, attempts = ?, last_error = ?, lease_until = 0 WHERE id = ?`),
		deliveryAbandoned, attempts, truncate(lastErr, 500), id)
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
