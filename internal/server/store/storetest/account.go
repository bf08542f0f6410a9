package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
)

var _ = register("OrgsAreUniqueByName", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	name := fmt.Sprintf("Acme %d", serial.Add(1))
	o, err := s.CreateOrg(ctx, store.Actor{Name: "storetest"}, "  "+name+" ")
	if err != nil || o.Name != name {
		t.Fatalf("CreateOrg = %+v, %v", o, err)
	}
	_, err = s.CreateOrg(ctx, store.Actor{Name: "storetest"}, name)
	mustKind(t, err, store.KindConflict, "duplicate")
	_, err = s.CreateOrg(ctx, store.Actor{Name: "storetest"}, " ")
	mustKind(t, err, store.KindInvalid, "")
	if got, err := s.OrgByName(ctx, name); err != nil || got != o {
		t.Fatalf("OrgByName = %+v, %v; want %+v", got, err, o)
	}
	if got, err := s.Org(ctx, o.ID); err != nil || got != o {
		t.Fatalf("Org = %+v, %v; want %+v", got, err, o)
	}
	if _, err := s.Org(ctx, 1<<40); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Org of an unknown id: %v", err)
	}
})

var _ = register("UsersAndTheirSecrets", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, other := NewOrg(t, s), NewOrg(t, s)
	email := fmt.Sprintf("Ops%d@Example.COM", serial.Add(1))
	u, err := s.CreateUser(ctx, a, store.User{Email: " " + email, Name: "Ops", PasswordHash: "hash-1", Role: "operator", TOTPSecret: "sealed-totp"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != strings.ToLower(email) || u.OrgID != a.OrgID {
		t.Errorf("created %+v", u)
	}
	// Bad input names the field; a second account with the address is refused.
	for _, c := range []struct {
		u     store.User
		field string
	}{
		{store.User{Email: "not-an-address", PasswordHash: "h", Role: "viewer"}, "email"},
		{store.User{Email: "x@example.com", Role: "viewer"}, "password"},
		{store.User{Email: "y@example.com", PasswordHash: "h", Role: "viewer", OrgID: other.OrgID}, "organisation"},
	} {
		_, err := s.CreateUser(ctx, a, c.u)
		mustKind(t, err, store.KindInvalid, "")
		if e, _ := store.AsError(err); e.Field != c.field {
			t.Errorf("%+v: error names %q, want %q", c.u, e.Field, c.field)
		}
	}
	_, err = s.CreateUser(ctx, other, store.User{Email: strings.ToUpper(email), PasswordHash: "h", Role: "viewer"})
	mustKind(t, err, store.KindConflict, "duplicate")

	if got, err := s.UserByEmail(ctx, strings.ToUpper(email)); err != nil || got.ID != u.ID || got.PasswordHash != "hash-1" || got.TOTPSecret != "sealed-totp" {
		t.Fatalf("UserByEmail = %+v, %v", got, err)
	}
	if _, err := s.User(ctx, other.OrgID, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("User from another organisation: %v", err)
	}
	u.Role, u.PasswordHash, u.Disabled = "viewer", "hash-2", true
	up, err := s.UpdateUser(ctx, a, u)
	if err != nil || up.Role != "viewer" || !up.Disabled || up.Updated.Before(u.Created) {
		t.Fatalf("UpdateUser = %+v, %v", up, err)
	}
	if _, err := s.UpdateUser(ctx, other, u); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("UpdateUser from another organisation: %v", err)
	}
	// A TOTP step is used once, and only a later one after it.
	for i, c := range []struct {
		step int64
		ok   bool
	}{{100, true}, {100, false}, {99, false}, {101, true}} {
		ok, err := s.UseTOTPStep(ctx, u.ID, c.step)
		if err != nil || ok != c.ok {
			t.Errorf("UseTOTPStep #%d (%d) = %v, %v; want %v", i, c.step, ok, err, c.ok)
		}
	}
	// The audit says who changed what, and never holds a hash or a secret.
	entries := audits(t, s, a.OrgID, "user.update")
	if len(entries) != 1 || entries[0].ObjectID != u.ID || entries[0].Actor != a.Name || entries[0].RequestID != a.RequestID {
		t.Fatalf("audit of the update: %+v", entries)
	}
	all := string(entries[0].Before) + string(entries[0].After)
	for _, secret := range []string{"hash-1", "hash-2", "sealed-totp"} {
		if strings.Contains(all, secret) {
			t.Errorf("the audit holds %q: %s", secret, all)
		}
	}
	if !strings.Contains(string(entries[0].After), "PasswordChanged") {
		t.Errorf("the audit does not say the password changed: %s", entries[0].After)
	}
})

var _ = register("TokensAreRevocable", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, other := NewOrg(t, s), NewOrg(t, s)
	u, err := s.CreateUser(ctx, a, store.User{Email: fmt.Sprintf("t%d@example.com", serial.Add(1)), PasswordHash: "h", Role: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	hash := fmt.Sprintf("hash-%d", serial.Add(1))
	expires := time.Now().Add(time.Hour + 123456789*time.Nanosecond)
	k, err := s.CreateToken(ctx, a, store.Token{UserID: u.ID, Description: "ci", Hash: hash, Expires: expires})
	if err != nil {
		t.Fatal(err)
	}
	// What a write returns equals what a read returns.
	got, err := s.TokenByHash(ctx, hash)
	if err != nil || got != k {
		t.Fatalf("TokenByHash = %+v, %v; want %+v", got, err, k)
	}
	if got, err := s.Token(ctx, k.ID); err != nil || got != k {
		t.Fatalf("Token = %+v, %v; want %+v", got, err, k)
	}
	if _, err := s.CreateToken(ctx, a, store.Token{UserID: u.ID, Hash: hash}); err == nil {
		t.Fatal("a second token with the same hash was stored")
	}
	if _, err := s.CreateToken(ctx, other, store.Token{UserID: u.ID, Hash: hash + "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a token for another organisation's user: %v", err)
	}
	used := time.Now().UTC().Truncate(time.Microsecond)
	if err := s.TouchToken(ctx, k.ID, used); err != nil {
		t.Fatal(err)
	}
	if list, n, err := s.ListTokens(ctx, other.OrgID, store.ListQuery{Page: 1, PerPage: 10}); err != nil || n != 0 || len(list) != 0 {
		t.Fatalf("another organisation lists %+v, %d, %v", list, n, err)
	}
	if err := s.RevokeToken(ctx, other, other.OrgID, k.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("RevokeToken from another organisation: %v", err)
	}
	for range 2 { // revoking twice is harmless, and audited once
		if err := s.RevokeToken(ctx, a, a.OrgID, k.ID); err != nil {
			t.Fatal(err)
		}
	}
	list, n, err := s.ListTokens(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 10})
	if err != nil || n != 1 || list[0].Revoked.IsZero() || !list[0].LastUsed.Equal(used) {
		t.Fatalf("ListTokens = %+v, %d, %v", list, n, err)
	}
	if es := audits(t, s, a.OrgID, "token.revoke"); len(es) != 1 || es[0].ObjectID != k.ID || strings.Contains(string(es[0].After), hash) {
		t.Fatalf("audit of the revocation: %+v", es)
	}
})
