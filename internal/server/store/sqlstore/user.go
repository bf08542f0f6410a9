package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// UserFields are what a user list may filter and sort on.
var UserFields = store.Fields{
	{Name: "id", Column: "id", Number: true, Filter: true, Sort: true},
	{Name: "email", Column: "email", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "name", Column: "name", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "role", Column: "role", Filter: true, Sort: true},
}

const userColumns = `id, org_id, email, name, password_hash, role, totp_secret, totp_last_step, disabled, created, updated`

func scanUser(r scanner) (store.User, error) {
	var u store.User
	var disabled int
	var created, updated int64
	err := r.Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, &u.TOTPSecret, &u.TOTPLastStep, &disabled, &created, &updated)
	u.Disabled, u.Created, u.Updated = disabled != 0, fromMicros(created), fromMicros(updated)
	return u, err
}

// CreateUser creates a user in the actor's organisation (or u.OrgID when
// the actor is the system).
func (s *DB) CreateUser(ctx context.Context, a store.Actor, u store.User) (store.User, error) {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if u.OrgID == 0 {
		u.OrgID = a.OrgID
	}
	if a.OrgID != 0 && u.OrgID != a.OrgID {
		return u, store.Invalid("organisation", "a user is created in the organisation of the one who creates it")
	}
	if !strings.Contains(u.Email, "@") {
		return u, store.Invalid("email", "%q is not an e-mail address", u.Email)
	}
	if u.PasswordHash == "" || u.Role == "" {
		return u, store.Invalid("password", "a user needs a password and a role")
	}
	u.Created, u.Updated = s.now(), s.now()
	err := s.inTx(ctx, func(t *tx) error {
		id, err := t.insert(ctx, `INSERT INTO users (org_id, email, name, password_hash, role, totp_secret, disabled, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.OrgID, u.Email, u.Name, u.PasswordHash, u.Role, u.TOTPSecret, boolInt(u.Disabled), micros(u.Created), micros(u.Updated))
		if err != nil {
			return s.unique(err, "email", fmt.Sprintf("the e-mail address %s", u.Email))
		}
		u.ID = id
		a.OrgID = u.OrgID
		return t.audit(ctx, a, "user.create", "user", id, nil, u)
	})
	return u, err
}

// User returns one of org's users.
func (s *DB) User(ctx context.Context, org, id int64) (store.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ? AND org_id = ?`, id, org))
	return u, notFound(err, "user", id)
}

// UserByEmail returns the user with that e-mail address, in any
// organisation: it is how a sign-in finds its user.
func (s *DB) UserByEmail(ctx context.Context, email string) (store.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	return u, notFound(err, "user", email)
}

// ListUsers returns a page of org's users.
func (s *DB) ListUsers(ctx context.Context, org int64, q store.ListQuery) ([]store.User, int, error) {
	return list(ctx, s, userColumns, "FROM users WHERE org_id = ?", []any{org}, UserFields, q, "id",
		func(r *sql.Rows) (store.User, error) { return scanUser(r) })
}

// UpdateUser stores a user's name, role, password, MFA secret and state.
func (s *DB) UpdateUser(ctx context.Context, a store.Actor, u store.User) (store.User, error) {
	err := s.inTx(ctx, func(t *tx) error {
		before, err := scanUser(t.row(ctx, `SELECT `+userColumns+` FROM users WHERE id = ? AND org_id = ?`+s.d.ForUpdate, u.ID, a.OrgID))
		if err != nil {
			return notFound(err, "user", u.ID)
		}
		u.OrgID, u.Email, u.Created, u.TOTPLastStep, u.Updated = before.OrgID, before.Email, before.Created, before.TOTPLastStep, s.now()
		if _, err := t.exec(ctx, `UPDATE users SET name = ?, password_hash = ?, role = ?, totp_secret = ?, disabled = ?, updated = ? WHERE id = ?`,
			u.Name, u.PasswordHash, u.Role, u.TOTPSecret, boolInt(u.Disabled), micros(u.Updated), u.ID); err != nil {
			return err
		}
		after := u
		// The audit says that the password or the MFA secret changed, never
		// what they are.
		type change struct {
			store.User
			PasswordChanged bool `json:",omitempty"`
			MFAChanged      bool `json:",omitempty"`
		}
		return t.audit(ctx, a, "user.update", "user", u.ID, before,
			change{after, before.PasswordHash != u.PasswordHash, before.TOTPSecret != u.TOTPSecret})
	})
	return u, err
}

// UseTOTPStep records a TOTP time step as used if it is newer than the
// last one used.
func (s *DB) UseTOTPStep(ctx context.Context, user, step int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`), step, user, step)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
