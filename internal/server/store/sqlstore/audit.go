package sqlstore

import (
	"context"
	"database/sql"

	"github.com/cellgate/cellgate/internal/server/store"
)

// AuditFields are what an audit list may filter and sort on.
var AuditFields = store.Fields{
	{Name: "id", Column: "id", Number: true, Filter: true, Sort: true},
	{Name: "timestamp", Column: "time", Sort: true},
	{Name: "user", Column: "user_id", Number: true, Filter: true},
	{Name: "action", Column: "action", Filter: true, Sort: true},
	{Name: "object_type", Column: "object_type", Filter: true},
	{Name: "object_id", Column: "object_id", Number: true, Filter: true},
	{Name: "ip", Column: "ip", Filter: true},
}

// ListAudit returns a page of org's audit log, newest first unless sorted.
func (s *DB) ListAudit(ctx context.Context, org int64, q store.ListQuery) ([]store.AuditEntry, int, error) {
	return list(ctx, s, `id, org_id, time, user_id, token_id, actor, ip, request_id, action, object_type, object_id, before_json, after_json`,
		"FROM audit WHERE org_id = ?", []any{org}, AuditFields, q, "id DESC",
		func(r *sql.Rows) (store.AuditEntry, error) {
			var e store.AuditEntry
			var tm int64
			var before, after string
			err := r.Scan(&e.ID, &e.OrgID, &tm, &e.UserID, &e.TokenID, &e.Actor, &e.IP, &e.RequestID, &e.Action, &e.ObjectType, &e.ObjectID, &before, &after)
			e.Time = fromMicros(tm)
			if before != "" {
				e.Before = []byte(before)
			}
			if after != "" {
				e.After = []byte(after)
			}
			return e, err
		})
}
