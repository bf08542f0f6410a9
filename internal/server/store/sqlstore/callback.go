package sqlstore

import (
	"context"
	"database/sql"
	"net/url"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// CallbackFields are what a callback list may filter and sort on.
var CallbackFields = store.Fields{
	{Name: "id", Column: "id", Number: true, Filter: true, Sort: true},
	{Name: "url", Column: "url", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "purpose", Column: "purpose", Match: store.MatchContains, Filter: true, Sort: true},
}

const callbackColumns = `id, org_id, url, purpose, secret, created`

func scanCallback(r scanner) (store.Callback, error) {
	var c store.Callback
	var created int64
	err := r.Scan(&c.ID, &c.OrgID, &c.URL, &c.Purpose, &c.Secret, &created)
	c.Created = fromMicros(created)
	return c, err
}

// CreateCallback stores a webhook target for the actor's organisation.
// Its secret is sealed by the caller.
func (s *DB) CreateCallback(ctx context.Context, a store.Actor, c store.Callback) (store.Callback, error) {
	c.URL = strings.TrimSpace(c.URL)
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, store.Invalid("url", "%q is not an http or https URL", c.URL)
	}
	if u.User != nil {
		return c, store.Invalid("url", "the URL must not carry a user name or password; the callback's secret signs its requests")
	}
	c.ID, c.OrgID, c.Created = 0, a.OrgID, s.now()
	err = s.inTx(ctx, func(t *tx) error {
		id, err := t.insert(ctx, `INSERT INTO callbacks (org_id, url, purpose, secret, created) VALUES (?, ?, ?, ?, ?)`,
			c.OrgID, c.URL, c.Purpose, c.Secret, micros(c.Created))
		if err != nil {
			return err
		}
		c.ID = id
		return t.audit(ctx, a, "api_callback.create", "api_callback", id, nil, c)
	})
	return c, err
}

// Callback returns one of org's callbacks.
func (s *DB) Callback(ctx context.Context, org, id int64) (store.Callback, error) {
	c, err := scanCallback(s.queryRow(ctx, `SELECT `+callbackColumns+` FROM callbacks WHERE id = ? AND org_id = ?`, id, org))
	return c, notFound(err, "callback", id)
}

// ListCallbacks returns a page of org's callbacks.
func (s *DB) ListCallbacks(ctx context.Context, org int64, q store.ListQuery) ([]store.Callback, int, error) {
	return list(ctx, s, callbackColumns, "FROM callbacks WHERE org_id = ?", []any{org}, CallbackFields, q, "id",
		func(r *sql.Rows) (store.Callback, error) { return scanCallback(r) })
}

// DeleteCallback deletes one of the actor's organisation's callbacks that
// no service profile uses, with the deliveries queued for it.
func (s *DB) DeleteCallback(ctx context.Context, a store.Actor, id int64) error {
	return s.inTx(ctx, func(t *tx) error {
		before, err := scanCallback(t.row(ctx, `SELECT `+callbackColumns+` FROM callbacks WHERE id = ? AND org_id = ?`+s.d.ForUpdate, id, a.OrgID))
		if err != nil {
			return notFound(err, "callback", id)
		}
		var n int
		var first int64
		if err := t.row(ctx, `SELECT COUNT(*), COALESCE(MIN(id), 0) FROM service_profiles WHERE api_callback_id = ?`, id).Scan(&n, &first); err != nil {
			return err
		}
		if n > 0 {
			return store.Conflict("in_use", "", "callback %d is used by %d service profile(s), service profile %d among them; change them first", id, n, first)
		}
		if _, err := t.exec(ctx, `DELETE FROM deliveries WHERE callback_id = ?`, id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM callbacks WHERE id = ?`, id); err != nil {
			return err
		}
		return t.audit(ctx, a, "api_callback.delete", "api_callback", id, before, nil)
	})
}
