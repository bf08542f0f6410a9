package api_test

import (
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/pquerna/otp/totp"
)

func TestBearerTokens(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	tok := r.signIn(r.admin.ApplicationToken)
	if resp := r.call(tok, "GET", "/api/v1/sim", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("GET /sim with a fresh token: %d %s", resp.StatusCode, resp.Body)
	}
	// emnify's Python client first calls with "Bearer None": it must get a
	// 401 (and then signs in), never a 400 or 403.
	for name, h := range map[string]string{"none": "None", "garbage": "abc.def.ghi", "empty": ""} {
		resp := r.call(h, "GET", "/api/v1/sim", nil, nil)
		mustError(t, resp, http.StatusUnauthorized)
		if resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", name)
		}
	}
	mustError(t, r.call("", "POST", "/api/v1/authenticate", map[string]string{"application_token": "cgt_wrong"}, nil), http.StatusUnauthorized, "Invalid Application Token")

	// An access token expires with its TTL.
	r.clock.Advance(16 * time.Minute)
	mustError(t, r.call(tok, "GET", "/api/v1/sim", nil, nil), http.StatusUnauthorized, "expired")
}

func TestRevokedTokenStopsItsAccessTokensAtOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	var created struct {
		ID    int64  `json:"id"`
		Token string `json:"application_token"`
	}
	resp := r.call(admin, "POST", "/api/v1/application_token", map[string]string{"description": "ci"}, &created)
	if resp.StatusCode != 201 || created.Token == "" || resp.Header.Get("Location") != "/api/v1/application_token/"+strconv.FormatInt(created.ID, 10) {
		t.Fatalf("create token: %d %v %s", resp.StatusCode, resp.Header, resp.Body)
	}
	tok := r.signIn(created.Token)
	if resp := r.call(tok, "GET", "/api/v1/sim", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("new token: %d", resp.StatusCode)
	}
	if resp := r.call(admin, "DELETE", "/api/v1/application_token/"+strconv.FormatInt(created.ID, 10), nil, nil); resp.StatusCode != 204 {
		t.Fatalf("revoke: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(tok, "GET", "/api/v1/sim", nil, nil), http.StatusUnauthorized, "revoked")
	mustError(t, r.call("", "POST", "/api/v1/authenticate", map[string]string{"application_token": created.Token}, nil), http.StatusUnauthorized)
	// The list shows it revoked, and never the token itself.
	resp = r.call(admin, "GET", "/api/v1/application_token", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Body, `"Revoked"`) || strings.Contains(resp.Body, created.Token) {
		t.Fatalf("token list: %s", resp.Body)
	}
}

func TestPasswordSignInNeedsTOTPForAdmins(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(o *api.Options) { o.RequireAdminMFA = true })
	c := r.user(api.NewUser{Email: "mfa@acme.example", Password: "a long enough password", Role: auth.RoleAdmin, MFA: true})
	noMFA := r.user(api.NewUser{Email: "nomfa@acme.example", Password: "a long enough password", Role: auth.RoleAdmin})
	body := func(email, pw, code string) map[string]string {
		return map[string]string{"username": email, "password": pw, "code": code}
	}
	mustError(t, r.call("", "POST", "/api/v1/authenticate", body(c.User.Email, "a long enough password", ""), nil), http.StatusUnauthorized, "code")
	mustError(t, r.call("", "POST", "/api/v1/authenticate", body(c.User.Email, "a long enough password", "000000"), nil), http.StatusUnauthorized, "code")
	code, err := totp.GenerateCode(c.TOTPSecret, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		AuthToken    string `json:"auth_token"`
		RefreshToken string `json:"refresh_token"`
	}
	resp := r.call("", "POST", "/api/v1/authenticate", body(c.User.Email, "a long enough password", code), &out)
	if resp.StatusCode != 200 || out.AuthToken == "" || out.RefreshToken == "" {
		t.Fatalf("sign in with TOTP: %d %s", resp.StatusCode, resp.Body)
	}
	// The same code is not accepted twice.
	mustError(t, r.call("", "POST", "/api/v1/authenticate", body(c.User.Email, "a long enough password", code), nil), http.StatusUnauthorized, "already used")
	// The refresh token gives a new access token; it is not one itself.
	var again struct {
		AuthToken string `json:"auth_token"`
	}
	if resp := r.call("", "POST", "/api/v1/authenticate", map[string]string{"refresh_token": out.RefreshToken}, &again); resp.StatusCode != 200 || again.AuthToken == "" {
		t.Fatalf("refresh: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(out.RefreshToken, "GET", "/api/v1/sim", nil, nil), http.StatusUnauthorized)
	// An admin without MFA may not sign in with a password.
	mustError(t, r.call("", "POST", "/api/v1/authenticate", body(noMFA.User.Email, "a long enough password", ""), nil), http.StatusForbidden, "multi-factor")
}

func TestPasswordSignInAcceptsTheJavaSDKsSHA1Form(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	u := r.user(api.NewUser{Email: "ops@acme.example", Password: "operations password", Role: auth.RoleOperator})
	sum := sha1.Sum([]byte("operations password"))
	for _, pw := range []string{"operations password", hex.EncodeToString(sum[:])} {
		resp := r.call("", "POST", "/api/v1/authenticate", map[string]string{"username": u.User.Email, "password": pw}, nil)
		if resp.StatusCode != 200 {
			t.Errorf("password form %q: %d %s", pw, resp.StatusCode, resp.Body)
		}
	}
}

func TestLoginLockout(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	u := r.user(api.NewUser{Email: "victim@acme.example", Password: "operations password", Role: auth.RoleOperator})
	wrong := map[string]string{"username": u.User.Email, "password": "not the password"}
	for range 3 {
		mustError(t, r.call("", "POST", "/api/v1/authenticate", wrong, nil), http.StatusUnauthorized)
	}
	resp := r.call("", "POST", "/api/v1/authenticate", map[string]string{"username": u.User.Email, "password": "operations password"}, nil)
	e := mustError(t, resp, http.StatusTooManyRequests, "failed sign-ins")
	if e.Token != "LoginLocked" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("locked: %+v %v", e, resp.Header)
	}
	r.clock.Advance(6 * time.Minute)
	if resp := r.call("", "POST", "/api/v1/authenticate", map[string]string{"username": u.User.Email, "password": "operations password"}, nil); resp.StatusCode != 200 {
		t.Fatalf("after the ban: %d %s", resp.StatusCode, resp.Body)
	}
	// The failures are events of the organisation, without the password.
	admin := r.signIn(r.admin.ApplicationToken)
	resp = r.call(admin, "GET", "/api/v1/event?q=type:6", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Body, "wrong password") || strings.Contains(resp.Body, "not the password") {
		t.Fatalf("auth failure events: %s", resp.Body)
	}
}

func TestRateLimitPerToken(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(o *api.Options) {
		o.TokenLimit = &auth.Limiter{Rate: 0.5, Burst: 2, Clock: o.Clock}
	})
	tok := r.signIn(r.admin.ApplicationToken)
	for range 2 {
		if resp := r.call(tok, "GET", "/api/v1/sim", nil, nil); resp.StatusCode != 200 {
			t.Fatalf("within the burst: %d", resp.StatusCode)
		}
	}
	resp := r.call(tok, "GET", "/api/v1/sim", nil, nil)
	mustError(t, resp, http.StatusTooManyRequests, "too fast")
	if resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("Retry-After = %q, want 2", resp.Header.Get("Retry-After"))
	}
	r.clock.Advance(2 * time.Second)
	if resp := r.call(tok, "GET", "/api/v1/sim", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("after Retry-After: %d", resp.StatusCode)
	}
}

func TestRolesDenyByDefault(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	viewer := r.signIn(r.user(api.NewUser{Email: "viewer@acme.example", Password: "viewer password!", Role: auth.RoleViewer}).ApplicationToken)
	operator := r.signIn(r.user(api.NewUser{Email: "op@acme.example", Password: "operator password", Role: auth.RoleOperator}).ApplicationToken)
	cases := []struct {
		token, method, path string
		body                any
		status              int
	}{
		{viewer, "GET", "/api/v1/sim", nil, 200},
		{viewer, "PATCH", "/api/v1/sim/1", map[string]any{"status": map[string]int{"id": 2}}, 403},
		{viewer, "PATCH", "/api/v1/sim_batch/bic/ANY-BIC", map[string]any{"sim_status": map[string]int{"id": 1}}, 403},
		{viewer, "GET", "/api/v1/user", nil, 403},
		{viewer, "GET", "/api/v1/audit_log", nil, 403},
		{operator, "GET", "/api/v1/audit_log", nil, 403},
		{operator, "POST", "/api/v1/user", map[string]any{"username": "x@acme.example"}, 403},
		{operator, "POST", "/api/v1/sim_batch?bic=ABCD", "iccid\n", 403},
	}
	for _, c := range cases {
		resp := r.call(c.token, c.method, c.path, c.body, nil)
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, resp.StatusCode, c.status, resp.Body)
		}
		if c.status == 403 {
			mustError(t, resp, 403, "may not")
		}
	}
}

func TestUsersAreManagedByAdmins(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	resp := r.call(admin, "POST", "/api/v1/user", map[string]any{"username": "new@acme.example", "password": "short", "role": map[string]int{"id": 3}}, nil)
	mustError(t, resp, 422, "12 characters")
	resp = r.call(admin, "POST", "/api/v1/user", map[string]any{"username": "new@acme.example", "password": "long enough password", "role": map[string]int{"id": 3}}, nil)
	if resp.StatusCode != 201 || resp.Header.Get("Location") == "" {
		t.Fatalf("create user: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(admin, "POST", "/api/v1/user", map[string]any{"username": "new@acme.example", "password": "long enough password", "role": map[string]int{"id": 3}}, nil), 409, "already in use")
	// Signed in, the new viewer reads but cannot write; disabled, nothing.
	var out struct {
		AuthToken string `json:"auth_token"`
	}
	if resp := r.call("", "POST", "/api/v1/authenticate", map[string]string{"username": "new@acme.example", "password": "long enough password"}, &out); resp.StatusCode != 200 {
		t.Fatalf("viewer sign-in: %s", resp.Body)
	}
	loc := resp.Header.Get("Location")
	if resp := r.call(admin, "PATCH", loc, map[string]any{"status": map[string]int{"id": 2}}, nil); resp.StatusCode != 204 {
		t.Fatalf("disable: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(out.AuthToken, "GET", "/api/v1/sim", nil, nil), 401, "disabled")
	mustError(t, r.call(admin, "PATCH", "/api/v1/user/"+strconv.FormatInt(r.admin.User.ID, 10), map[string]any{"role": map[string]int{"id": 3}}, nil), 409, "own admin role")
}
