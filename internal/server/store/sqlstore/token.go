package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
)

// TokenFields are what a token list may filter and sort on.
var TokenFields = store.Fields{
	{Name: "id", Column: "id", Number: true, Filter: true, Sort: true},
	{Name: "user", Column: "user_id", Number: true, Filter: true},
	{Name: "description", Column: "description", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "created", Column: "created", Sort: true},
}

const tokenColumns = `id, org_id, user_id, description, hash, created, expires, revoked, last_used`

func scanToken(r scanner) (store.Token, error) {
	var k store.Token
	var created, expires, revoked, used int64
	err := r.Scan(&k.ID, &k.OrgID, &k.UserID, &k.Description, &k.Hash, &created, &expires, &revoked, &used)
	k.Created, k.Expires, k.Revoked, k.LastUsed = fromMicros(created), fromMicros(expires), fromMicros(revoked), fromMicros(used)
	return k, err
}

// CreateToken stores an application token's hash for the actor's
// organisation.
func (s *DB) CreateToken(ctx context.Context, a store.Actor, k store.Token) (store.Token, error) {
	if k.Hash == "" || k.UserID == 0 {
		return k, store.Invalid("token", "a token needs its hash and its user")
	}
	k.OrgID, k.Created = a.OrgID, s.now()
	if !k.Expires.IsZero() {
		// Kept to the microsecond, as stored.
		k.Expires = k.Expires.UTC().Truncate(time.Microsecond)
	}
	err := s.inTx(ctx, func(t *tx) error {
		var n int
		if err := t.row(ctx, `SELECT COUNT(*) FROM users WHERE id = ? AND org_id = ?`, k.UserID, a.OrgID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return store.NotFound("user", k.UserID)
		}
		id, err := t.insert(ctx, `INSERT INTO tokens (org_id, user_id, description, hash, created, expires) VALUES (?, ?, ?, ?, ?, ?)`,
			k.OrgID, k.UserID, k.Description, k.Hash, micros(k.Created), micros(k.Expires))
		if err != nil {
			return s.unique(err, "token", "the token")
		}
		k.ID = id
		return t.audit(ctx, a, "token.create", "token", id, nil, k)
	})
	return k, err
}

// Token returns a token by id, in any organisation: the API checks that
// a signed access token's token is still valid.
func (s *DB) Token(ctx context.Context, id int64) (store.Token, error) {
	k, err := scanToken(s.queryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE id = ?`, id))
	return k, notFound(err, "token", id)
}

// TokenByHash returns the token whose hash is hash.
func (s *DB) TokenByHash(ctx context.Context, hash string) (store.Token, error) {
	k, err := scanToken(s.queryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ?`, hash))
	return k, notFound(err, "token", "")
}

// ListTokens returns a page of org's tokens.
func (s *DB) ListTokens(ctx context.Context, org int64, q store.ListQuery) ([]store.Token, int, error) {
	return list(ctx, s, tokenColumns, "FROM tokens WHERE org_id = ?", []any{org}, TokenFields, q, "id",
		func(r *sql.Rows) (store.Token, error) { return scanToken(r) })
}

// RevokeToken revokes one of org's tokens; revoking twice is harmless.
func (s *DB) RevokeToken(ctx context.Context, a store.Actor, org, id int64) error {
	return s.inTx(ctx, func(t *tx) error {
		before, err := scanToken(t.row(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE id = ? AND org_id = ?`+s.d.ForUpdate, id, org))
		if err != nil {
			return notFound(err, "token", id)
		}
		if !before.Revoked.IsZero() {
			return nil
		}
		after := before
		after.Revoked = s.now()
		if _, err := t.exec(ctx, `UPDATE tokens SET revoked = ? WHERE id = ?`, micros(after.Revoked), id); err != nil {
			return err
		}
		return t.audit(ctx, a, "token.revoke", "token", id, before, after)
	})
}

// TouchToken records when a token was last used. It is not audited: it
// is a reading, not a change a person asked for.
func (s *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE tokens SET last_used = ? WHERE id = ?`), micros(at), id)
	return err
}
