package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cellgate/cellgate/internal/server/store"
)

// audit appends one entry for a change. before and after are the object
// as the API shows it (secrets are not part of it); nil for none.
func (t *tx) audit(ctx context.Context, a store.Actor, action, objType string, objID int64, before, after any) error {
	b, err := jsonOrEmpty(before)
	if err != nil {
		return err
	}
	af, err := jsonOrEmpty(after)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO audit (org_id, time, user_id, token_id, actor, ip, request_id, action, object_type, object_id, before_json, after_json)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.OrgID, micros(t.s.now()), a.UserID, a.TokenID, a.Name, a.IP, a.RequestID, action, objType, objID, b, af)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func jsonOrEmpty(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// event records an event and queues it for the webhook of the service
// profile of its endpoint, if that profile has one.
func (t *tx) event(ctx context.Context, e store.Event) (store.Event, error) {
	if e.Time.IsZero() {
		e.Time = t.s.now()
	}
	detail := string(e.Detail)
	if detail == "" {
		detail = "null"
	}
	id, err := t.insert(ctx, `INSERT INTO events (org_id, time, alert, description, type, source, severity, endpoint_id, sim_id, imsi, user_id, detail)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.OrgID, micros(e.Time), boolInt(e.Alert), e.Description, int(e.Type), int(e.Source), int(e.Severity),
		e.EndpointID, e.SIMID, e.IMSI, e.UserID, detail)
	if err != nil {
		return e, fmt.Errorf("record event %s: %w", e.Type, err)
	}
	e.ID = id
	if e.EndpointID == 0 {
		return e, nil
	}
	var cb sql.NullInt64
	err = t.row(ctx, `SELECT p.api_callback_id FROM endpoints e JOIN service_profiles p ON p.id = e.service_profile_id WHERE e.id = ?`, e.EndpointID).Scan(&cb)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (!cb.Valid || cb.Int64 == 0)) {
		// The endpoint is gone, or its profile has no callback: nothing to deliver.
		return e, nil
	}
	if err != nil {
		return e, fmt.Errorf("find the webhook for event %d: %w", e.ID, err)
	}
	payload, err := json.Marshal(EventJSON(e))
	if err != nil {
		return e, err
	}
	if _, err := t.exec(ctx, `INSERT INTO deliveries (callback_id, event_id, payload, next_at) VALUES (?, ?, ?, ?)`,
		cb.Int64, e.ID, string(payload), micros(e.Time)); err != nil {
		return e, fmt.Errorf("queue webhook for event %d: %w", e.ID, err)
	}
	return e, nil
}

// EventJSON is the body a webhook receives for e: the event in the API's
// shape.
func EventJSON(e store.Event) map[string]any {
	out := map[string]any{
		"id":             e.ID,
		"timestamp":      e.Time.UTC().Format("2006-01-02T15:04:05.000Z"),
		"alert":          e.Alert,
		"description":    e.Description,
		"event_type":     map[string]any{"id": int(e.Type), "description": e.Type.String()},
		"event_source":   map[string]any{"id": int(e.Source), "description": e.Source.String()},
		"event_severity": map[string]any{"id": int(e.Severity), "description": e.Severity.String()},
		"organisation":   map[string]any{"id": e.OrgID},
	}
	if e.EndpointID != 0 {
		out["endpoint"] = map[string]any{"id": e.EndpointID}
	}
	if e.SIMID != 0 {
		out["sim"] = map[string]any{"id": e.SIMID}
	}
	if e.IMSI != "" {
		out["imsi"] = map[string]any{"imsi": e.IMSI}
	}
	if e.UserID != 0 {
		out["user"] = map[string]any{"id": e.UserID}
	}
	if len(e.Detail) > 0 && string(e.Detail) != "null" {
		out["detail"] = json.RawMessage(e.Detail)
	}
	return out
}
