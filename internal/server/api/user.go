package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/store"
)

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, p *principal) {
	serveList(s, w, r, func(ctx context.Context, q store.ListQuery) ([]store.User, int, error) {
		return s.Store.ListUsers(ctx, p.OrgID, q)
	}, userShape)
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "user_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.Store.User(r.Context(), p.OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userShape(u))
}

// userBody is a user as a client creates or changes it.
type userBody struct {
	Username *string    `json:"username"`
	Email    *string    `json:"email"`
	Name     *string    `json:"name"`
	Password *string    `json:"password"`
	Role     *statusRef `json:"role"`
	Status   *statusRef `json:"status"`
}

// role reads a role by id or by description ("admin").
func (b userBody) role() (auth.Role, error) {
	if b.Role == nil {
		return "", nil
	}
	if b.Role.ID != nil {
		for name, id := range roleIDs {
			if id == *b.Role.ID {
				return auth.Role(name), nil
			}
		}
		return "", errInvalid.with("role.id", "is not a role: 1 admin, 2 operator, 3 viewer, 4 approver")
	}
	role, err := auth.ParseRole(strings.ToLower(b.Role.Description))
	if err != nil {
		return "", errInvalid.with("role", "is not a role: admin, operator, viewer or approver")
	}
	return role, nil
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, p *principal) {
	var b userBody
	if err := decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	email := b.Email
	if email == nil {
		email = b.Username
	}
	role, err := b.role()
	switch {
	case err != nil:
	case email == nil:
		err = errInvalid.with("username", "is required: the user's e-mail address")
	case role == "":
		err = errInvalid.with("role", "is required: {\"id\": 3} for a viewer, 2 operator, 1 admin, 4 approver")
	case b.Password == nil:
		err = errInvalid.with("password", "is required (12 characters or more)")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hash, err := PasswordHash(*b.Password)
	if errors.Is(err, auth.ErrWeakPassword) {
		err = errInvalid.with("password", "must be 12 characters or more")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := store.User{Email: *email, PasswordHash: hash, Role: string(role)}
	if b.Name != nil {
		u.Name = *b.Name
	}
	u, err = s.Store.CreateUser(r.Context(), s.actor(r, p), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created(w, "/api/v1/user", u.ID)
}

func (s *Server) patchUser(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "user_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b userBody
	if err := decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.Store.User(r.Context(), p.OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	role, err := b.role()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if b.Email != nil || b.Username != nil {
		s.fail(w, r, errInvalid.with("username", "an e-mail address cannot change; create a new user"))
		return
	}
	if role != "" {
		if id == p.UserID && role != auth.RoleAdmin {
			s.fail(w, r, errConflict.with("role", "an admin cannot take away their own admin role; ask another admin"))
			return
		}
		u.Role = string(role)
	}
	if b.Name != nil {
		u.Name = *b.Name
	}
	if b.Status != nil && b.Status.ID != nil {
		if id == p.UserID {
			s.fail(w, r, errConflict.with("status", "a user cannot disable themselves"))
			return
		}
		u.Disabled = *b.Status.ID == 2
	}
	if b.Password != nil {
		if u.PasswordHash, err = PasswordHash(*b.Password); err != nil {
			s.fail(w, r, errInvalid.with("password", "must be 12 characters or more"))
			return
		}
	}
	if _, err := s.Store.UpdateUser(r.Context(), s.actor(r, p), u); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, p *principal) {
	serveList(s, w, r, func(ctx context.Context, q store.ListQuery) ([]store.Token, int, error) {
		if !p.Role.Allows(auth.ActionAdmin) { // others see their own tokens
			q.Filter = append(q.Filter, store.Filter{Field: "user", Value: itoa(p.UserID)})
		}
		return s.Store.ListTokens(ctx, p.OrgID, q)
	}, tokenShape)
}

// createToken makes an application token for the caller. Its value is in
// this response only; the store keeps its hash.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request, p *principal) {
	var b struct {
		Description string  `json:"description"`
		ExpiryDate  *string `json:"expiry_date"`
	}
	if err := decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	k := store.Token{UserID: p.UserID, Description: b.Description}
	if b.ExpiryDate != nil {
		t, err := time.Parse(time.RFC3339, *b.ExpiryDate)
		if err != nil || !t.After(s.Clock.Now()) {
			s.fail(w, r, errInvalid.with("expiry_date", "must be a future RFC 3339 time such as 2027-01-31T00:00:00Z"))
			return
		}
		k.Expires = t
	}
	plain, hash, err := auth.NewToken("cgt_")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	k.Hash = hash
	k, err = s.Store.CreateToken(r.Context(), s.actor(r, p), k)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/application_token/"+itoa(k.ID))
	writeJSON(w, http.StatusCreated, map[string]any{"id": k.ID, "application_token": plain})
}

// revokeToken revokes an application token: the caller's own, or any of
// the organisation's for an admin. Access tokens issued from it stop
// working at once.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "token_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	k, err := s.Store.Token(r.Context(), id)
	if err != nil || k.OrgID != p.OrgID || (k.UserID != p.UserID && !p.Role.Allows(auth.ActionAdmin)) {
		s.fail(w, r, store.NotFound("application token", id))
		return
	}
	if err := s.Store.RevokeToken(r.Context(), s.actor(r, p), p.OrgID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request, p *principal) {
	serveList(s, w, r, func(ctx context.Context, q store.ListQuery) ([]store.AuditEntry, int, error) {
		return s.Store.ListAudit(ctx, p.OrgID, q)
	}, auditShape)
}

// created answers a create: 201, a Location naming the new object, and
// an empty body, as emnify's clients expect.
func created(w http.ResponseWriter, collection string, id int64) {
	w.Header().Set("Location", collection+"/"+itoa(id))
	w.WriteHeader(http.StatusCreated)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
