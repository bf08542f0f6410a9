package sqlstore

import (
	"context"
	"fmt"

	"github.com/cellgate/cellgate/internal/server/store"
)

// Blacklist lists the operators one of org's endpoints is kept off.
func (s *DB) Blacklist(ctx context.Context, org, endpoint int64) ([]store.Operator, error) {
	if _, err := s.Endpoint(ctx, org, endpoint); err != nil {
		return nil, err
	}
	return s.operators(ctx, `SELECT o.id, o.name, o.country, o.mccmnc FROM blacklist b JOIN operators o ON o.id = b.operator_id
WHERE b.endpoint_id = ? ORDER BY o.id`, endpoint)
}

// SetBlacklisted puts an operator on (on) or off one of the actor's
// organisation's endpoints' blacklist. Adding one already there, or
// removing one that is not, is a conflict.
func (s *DB) SetBlacklisted(ctx context.Context, a store.Actor, endpoint, operator int64, on bool) error {
	return s.inTx(ctx, func(t *tx) error {
		e, err := t.lockEndpoint(ctx, a.OrgID, endpoint)
		if err != nil {
			return err
		}
		var name string
		if err := t.row(ctx, `SELECT name FROM operators WHERE id = ?`, operator).Scan(&name); err != nil {
			return notFound(err, "operator", operator)
		}
		var n int
		if err := t.row(ctx, `SELECT COUNT(*) FROM blacklist WHERE endpoint_id = ? AND operator_id = ?`, endpoint, operator).Scan(&n); err != nil {
			return err
		}
		type entry struct {
			EndpointID  int64
			OperatorID  int64
			Operator    string
			Blacklisted bool
		}
		was := entry{endpoint, operator, name, n > 0}
		now := was
		now.Blacklisted = on
		switch {
		case on && was.Blacklisted:
			return store.Conflict("already_blacklisted", "operator", "operator %d (%s) is already on endpoint %d's blacklist", operator, name, endpoint)
		case !on && !was.Blacklisted:
			return store.Conflict("not_blacklisted", "operator", "operator %d (%s) is not on endpoint %d's blacklist", operator, name, endpoint)
		case on:
			_, err = t.exec(ctx, `INSERT INTO blacklist (endpoint_id, operator_id) VALUES (?, ?)`, endpoint, operator)
		default:
			_, err = t.exec(ctx, `DELETE FROM blacklist WHERE endpoint_id = ? AND operator_id = ?`, endpoint, operator)
		}
		if err != nil {
			return err
		}
		action, desc := "endpoint.blacklist_add", fmt.Sprintf("Operator %s blacklisted for endpoint %q", name, e.Name)
		if !on {
			action, desc = "endpoint.blacklist_remove", fmt.Sprintf("Operator %s removed from the blacklist of endpoint %q", name, e.Name)
		}
		if _, err := t.event(ctx, endpointEvent(a, e, store.EventEndpointUpdated, desc)); err != nil {
			return err
		}
		return t.audit(ctx, a, action, "endpoint", endpoint, was, now)
	})
}
