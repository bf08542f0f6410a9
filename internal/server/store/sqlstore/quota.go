package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
)

// PeakThroughputs are the bit rates a throttled endpoint may be held to.
var PeakThroughputs = []int{64000, 128000, 256000, 384000}

const quotaColumns = `endpoint_id, kind, status, volume, used, expiry, threshold_percentage, action, peak_throughput, auto_refill, updated`

func scanQuota(r scanner) (store.Quota, error) {
	var q store.Quota
	var kind string
	var st, action, refill int
	var expiry, updated int64
	err := r.Scan(&q.EndpointID, &kind, &st, &q.Volume, &q.Used, &expiry, &q.ThresholdPercentage, &action, &q.PeakThroughput, &refill, &updated)
	q.Kind, q.Status, q.Action, q.AutoRefill = store.QuotaKind(kind), store.QuotaStatus(st), store.QuotaAction(action), refill != 0
	q.Expiry, q.Updated = fromMicros(expiry), fromMicros(updated)
	return q, err
}

func checkKind(k store.QuotaKind) error {
	if k != store.QuotaData && k != store.QuotaSMS {
		return store.Invalid("kind", "%q is not a quota kind; use data or sms", k)
	}
	return nil
}

// checkQuota refuses a quota the network could not apply.
func (s *DB) checkQuota(q *store.Quota) error {
	if err := checkKind(q.Kind); err != nil {
		return err
	}
	if q.Status == 0 {
		q.Status = store.QuotaActive
	}
	if q.Status < store.QuotaActive || q.Status > store.QuotaExpired {
		return store.Invalid("status", "%d is not a quota status; use 1 (Active), 2 (Exhausted) or 3 (Expired)", int(q.Status))
	}
	if !(q.Volume > 0) {
		return store.Invalid("volume", "the volume must be more than 0, not %v", q.Volume)
	}
	if q.Used < 0 {
		return store.Invalid("used", "the volume used cannot be negative")
	}
	if q.ThresholdPercentage < 0 || q.ThresholdPercentage > 100 {
		return store.Invalid("threshold_percentage", "must be between 0 and 100, not %d", q.ThresholdPercentage)
	}
	switch q.Action {
	case store.QuotaBlock:
		q.PeakThroughput = 0
	case store.QuotaThrottle:
		ok := false
		for _, p := range PeakThroughputs {
			ok = ok || p == q.PeakThroughput
		}
		if !ok {
			return store.Invalid("peak_throughput", "a throttled endpoint needs a peak throughput of 64000, 128000, 256000 or 384000 bit/s, not %d", q.PeakThroughput)
		}
	default:
		return store.Invalid("action_on_exhaustion", "%d is not an action; use 1 (Block) or 2 (Throttle)", int(q.Action))
	}
	q.Expiry = q.Expiry.UTC().Truncate(time.Microsecond)
	if q.Expiry.IsZero() {
		return store.Invalid("expiry_date", "a quota needs an expiry date")
	}
	if !q.Expiry.After(s.now()) {
		return store.Invalid("expiry_date", "%s has passed", q.Expiry.UTC().Format("2006-01-02 15:04:05"))
	}
	return nil
}

// SetQuota creates or replaces a quota of one of the actor's
// organisation's endpoints.
func (s *DB) SetQuota(ctx context.Context, a store.Actor, q store.Quota) (store.Quota, error) {
	if err := s.checkQuota(&q); err != nil {
		return q, err
	}
	in := q
	err := s.inTx(ctx, func(t *tx) error {
		q = in
		e, err := t.lockEndpoint(ctx, a.OrgID, q.EndpointID)
		if err != nil {
			return err
		}
		before, err := t.quota(ctx, q.EndpointID, q.Kind, true)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		q.Updated = s.now()
		args := []any{int(q.Status), q.Volume, q.Used, micros(q.Expiry), q.ThresholdPercentage, int(q.Action), q.PeakThroughput, boolInt(q.AutoRefill), micros(q.Updated), q.EndpointID, string(q.Kind)}
		var prev any
		if err == nil {
			prev = before
			_, err = t.exec(ctx, `UPDATE quotas SET status = ?, volume = ?, used = ?, expiry = ?, threshold_percentage = ?, action = ?, peak_throughput = ?, auto_refill = ?, updated = ?
WHERE endpoint_id = ? AND kind = ?`, args...)
		} else {
			_, err = t.exec(ctx, `INSERT INTO quotas (status, volume, used, expiry, threshold_percentage, action, peak_throughput, auto_refill, updated, endpoint_id, kind)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		}
		if err != nil {
			return err
		}
		ev := endpointEvent(a, e, store.EventQuotaChanged, fmt.Sprintf("%s quota of endpoint %q set to %v", q.Kind, e.Name, q.Volume))
		if _, err := t.event(ctx, ev); err != nil {
			return err
		}
		return t.audit(ctx, a, "quota.set", "endpoint", q.EndpointID, prev, q)
	})
	return q, err
}

// quota reads an endpoint's quota, locking it when lock is set.
func (t *tx) quota(ctx context.Context, endpoint int64, kind store.QuotaKind, lock bool) (store.Quota, error) {
	query := "SELECT " + quotaColumns + " FROM quotas WHERE endpoint_id = ? AND kind = ?"
	if lock {
		query += t.s.d.ForUpdate
	}
	q, err := scanQuota(t.row(ctx, query, endpoint, string(kind)))
	return q, notFound(err, fmt.Sprintf("%s quota of endpoint", kind), endpoint)
}

// Quota returns a quota of one of org's endpoints.
func (s *DB) Quota(ctx context.Context, org, endpoint int64, kind store.QuotaKind) (store.Quota, error) {
	if err := checkKind(kind); err != nil {
		return store.Quota{}, err
	}
	q, err := scanQuota(s.queryRow(ctx, `SELECT q.endpoint_id, q.kind, q.status, q.volume, q.used, q.expiry, q.threshold_percentage, q.action,
q.peak_throughput, q.auto_refill, q.updated FROM quotas q JOIN endpoints e ON e.id = q.endpoint_id WHERE q.endpoint_id = ? AND q.kind = ? AND e.org_id = ?`,
		endpoint, string(kind), org))
	if errors.Is(err, sql.ErrNoRows) {
		return q, store.NotFound(fmt.Sprintf("%s quota of endpoint", kind), endpoint)
	}
	return q, err
}

// DeleteQuota removes a quota of one of the actor's organisation's
// endpoints.
func (s *DB) DeleteQuota(ctx context.Context, a store.Actor, endpoint int64, kind store.QuotaKind) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		e, err := t.lockEndpoint(ctx, a.OrgID, endpoint)
		if err != nil {
			return err
		}
		before, err := t.quota(ctx, endpoint, kind, true)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM quotas WHERE endpoint_id = ? AND kind = ?`, endpoint, string(kind)); err != nil {
			return err
		}
		ev := endpointEvent(a, e, store.EventQuotaChanged, fmt.Sprintf("%s quota of endpoint %q removed", kind, e.Name))
		if _, err := t.event(ctx, ev); err != nil {
			return err
		}
		return t.audit(ctx, a, "quota.delete", "endpoint", endpoint, before, nil)
	})
}
