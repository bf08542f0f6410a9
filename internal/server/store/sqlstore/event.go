package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/cellgate/cellgate/internal/server/store"
)

// EventFields are what an event list may filter and sort on.
var EventFields = store.Fields{
	{Name: "id", Column: "id", Number: true, Filter: true, Sort: true},
	{Name: "timestamp", Column: "time", Sort: true},
	{Name: "event_type", Column: "type", Number: true, Filter: true, Sort: true},
	{Name: "event_source", Column: "source", Number: true, Filter: true, Sort: true},
	{Name: "event_severity", Column: "severity", Number: true, Filter: true, Sort: true},
	{Name: "alert", Column: "alert", Number: true, Filter: true},
	{Name: "endpoint", Column: "endpoint_id", Number: true, Filter: true},
	{Name: "sim", Column: "sim_id", Number: true, Filter: true},
	{Name: "imsi", Column: "imsi", Match: store.MatchPrefix, Filter: true},
	{Name: "description", Column: "description", Match: store.MatchContains, Filter: true},
}

// AddEvent records an event that no store change caused.
func (s *DB) AddEvent(ctx context.Context, e store.Event) (store.Event, error) {
	if e.OrgID == 0 {
		return e, store.Invalid("organisation", "an event belongs to an organisation")
	}
	err := s.inTx(ctx, func(t *tx) error {
		var err error
		e, err = t.event(ctx, e)
		return err
	})
	return e, err
}

// ListEvents returns a page of org's events, newest first unless sorted.
func (s *DB) ListEvents(ctx context.Context, org int64, q store.ListQuery) ([]store.Event, int, error) {
	return list(ctx, s, `id, org_id, time, alert, description, type, source, severity, endpoint_id, sim_id, imsi, user_id, detail`,
		"FROM events WHERE org_id = ?", []any{org}, EventFields, q, "id DESC",
		func(r *sql.Rows) (store.Event, error) {
			var e store.Event
			var tm int64
			var alert, typ, src, sev int
			var detail string
			err := r.Scan(&e.ID, &e.OrgID, &tm, &alert, &e.Description, &typ, &src, &sev, &e.EndpointID, &e.SIMID, &e.IMSI, &e.UserID, &detail)
			e.Time, e.Alert = fromMicros(tm), alert != 0
			e.Type, e.Source, e.Severity = store.EventType(typ), store.EventSource(src), store.EventSeverity(sev)
			if detail != "null" && detail != "" {
				e.Detail = json.RawMessage(detail)
			}
			return e, err
		})
}
