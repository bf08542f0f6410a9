package api

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/sealbox"
	"github.com/cellgate/cellgate/internal/server/store"
)

// NewUser is a user to create from the command line: the first admin of
// an organisation, or any user when no one can sign in yet.
type NewUser struct {
	Org      string // the name of a new organisation, when OrgID is 0
	OrgID    int64  // an existing organisation
	Email    string
	Password string
	Role     auth.Role
	// MFA gives the user a TOTP secret now; admins need one to sign in
	// with a password when MFA is required for them.
	MFA bool
}

// Credentials are what a new user needs to sign in; they are shown once.
type Credentials struct {
	User             store.User
	OrgID            int64
	ApplicationToken string
	TOTPSecret       string
	TOTPURL          string
}

// CreateUser creates a user (and its organisation when OrgID is 0) with an
// application token, and a TOTP secret when asked. The actor is the
// system: the audit log records "cellgate-server admin".
func CreateUser(ctx context.Context, st store.Store, box *sealbox.Box, n NewUser) (Credentials, error) {
	var c Credentials
	if !n.Role.Valid() {
		return c, fmt.Errorf("role %q: use admin, operator, viewer or approver", n.Role)
	}
	hash, err := PasswordHash(n.Password)
	if errors.Is(err, auth.ErrWeakPassword) {
		return c, errors.New("password: use 12 characters or more")
	}
	if err != nil {
		return c, err
	}
	sys := store.Actor{Name: "cellgate-server admin"}
	org := n.OrgID
	if org == 0 {
		o, err := st.CreateOrg(ctx, sys, n.Org)
		if err != nil {
			return c, fmt.Errorf("organisation %q: %w", n.Org, err)
		}
		org = o.ID
	}
	sys.OrgID = org
	u := store.User{OrgID: org, Email: n.Email, PasswordHash: hash, Role: string(n.Role)}
	if n.MFA {
		secret, url, err := auth.NewTOTP("cellgate-server", n.Email)
		if err != nil {
			return c, err
		}
		if u.TOTPSecret, err = box.Seal(secret, "totp:"+normalEmail(n.Email)); err != nil {
			return c, err
		}
		c.TOTPSecret, c.TOTPURL = secret, url
	}
	if u, err = st.CreateUser(ctx, sys, u); err != nil {
		return c, err
	}
	plain, th, err := auth.NewToken("cgt_")
	if err != nil {
		return c, err
	}
	if _, err := st.CreateToken(ctx, sys, store.Token{UserID: u.ID, Description: "created with the user", Hash: th}); err != nil {
		return c, err
	}
	c.User, c.OrgID, c.ApplicationToken = u, org, plain
	return c, nil
}

func normalEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }
