package api_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/sealbox"
	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/storetest"
	"github.com/cellgate/cellgate/internal/testkit"
)

// rig is an API server on a fresh store (SQLite, or PostgreSQL in the
// integration run's second pass) with one organisation and its admin,
// reached over real HTTP. Every request and response is held to
// openapi.yaml (see checked).
type rig struct {
	t     *testing.T
	st    store.Store
	box   *sealbox.Box
	srv   *httptest.Server
	clock *testkit.Clock
	opts  api.Options
	admin api.Credentials
	org   int64
}

type rigOption func(*api.Options)

func newRig(t *testing.T, opts ...rigOption) *rig {
	t.Helper()
	st := openStore(t)
	key := make([]byte, 32)
	rand.Read(key)
	box, err := sealbox.New(key)
	if err != nil {
		t.Fatal(err)
	}
	clock := testkit.NewClock(time.Now())
	o := api.Options{
		Store:   st,
		Signer:  auth.Signer{Key: key, TTL: 15 * time.Minute, Clock: clock},
		Box:     box,
		Lockout: &auth.Lockout{Max: 3, Window: time.Minute, Ban: 5 * time.Minute, Clock: clock},
		Clock:   clock,
		SealCallbackSecret: func(plain string) (string, error) {
			return box.Seal(plain, callbackSecretAAD)
		},
	}
	for _, f := range opts {
		f(&o)
	}
	r := &rig{t: t, st: st, box: box, clock: clock, opts: o}
	r.srv = httptest.NewServer(checked(t, api.New(o)))
	t.Cleanup(r.srv.Close)
	r.admin = r.user(api.NewUser{Org: "acme", Email: "admin@acme.example", Password: "correct horse battery", Role: auth.RoleAdmin})
	r.org = r.admin.OrgID
	return r
}

// user creates a user (in the rig's organisation once it has one).
func (r *rig) user(n api.NewUser) api.Credentials {
	r.t.Helper()
	if n.OrgID == 0 && n.Org == "" {
		n.OrgID = r.org
	}
	c, err := api.CreateUser(context.Background(), r.st, r.box, n)
	if err != nil {
		r.t.Fatalf("CreateUser %s: %v", n.Email, err)
	}
	return c
}

// signIn exchanges an application token for an auth_token.
func (r *rig) signIn(appToken string) string {
	r.t.Helper()
	var out struct {
		AuthToken string `json:"auth_token"`
	}
	resp := r.call("", "POST", "/api/v1/authenticate", map[string]string{"application_token": appToken}, &out)
	if resp.StatusCode != 200 || out.AuthToken == "" {
		r.t.Fatalf("sign in: %d %s", resp.StatusCode, resp.Body)
	}
	return out.AuthToken
}

// callbackSecretAAD is platform.CallbackSecretAAD, which the webhook
// dispatcher opens callback secrets with (platform imports this package).
const callbackSecretAAD = "api_callback secret"

// created checks a create's answer, 201 with a Location under collection
// and no body, and returns the new object's id.
func (r *rig) created(resp response, collection string) int64 {
	r.t.Helper()
	loc := resp.Header.Get("Location")
	idText, ok := strings.CutPrefix(loc, collection+"/")
	id, err := strconv.ParseInt(idText, 10, 64)
	if resp.StatusCode != 201 || !ok || err != nil || resp.Body != "" {
		r.t.Fatalf("create under %s: %d, Location %q, body %q", collection, resp.StatusCode, loc, resp.Body)
	}
	return id
}

// response is what a call returned.
type response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

// call sends body (JSON unless it is a string or []byte) with the bearer
// token, and decodes a 2xx JSON answer into out.
func (r *rig) call(token, method, path string, body any, out any) response {
	r.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			r.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, r.srv.URL+path, rd)
	if err != nil {
		r.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if method == "POST" && strings.HasPrefix(path, "/api/v1/sim_batch?") {
		req.Header.Set("Content-Type", "text/csv") // a SIM vendor's batch file
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			r.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
	return response{resp.StatusCode, resp.Header, string(data)}
}

// apiErr is an error body.
type apiErr struct {
	Code    int    `json:"error_code"`
	Token   string `json:"error_token"`
	Message string `json:"message"`
	Errors  []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// mustError checks status and that the body is a JSON error whose
// message mentions each of words.
func mustError(t *testing.T, resp response, status int, words ...string) apiErr {
	t.Helper()
	var e apiErr
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, resp.Body)
	}
	if err := json.Unmarshal([]byte(resp.Body), &e); err != nil || e.Code == 0 || e.Token == "" || e.Message == "" {
		t.Fatalf("error body %q is not {error_code, error_token, message}: %v", resp.Body, err)
	}
	for _, w := range words {
		if !strings.Contains(e.Message, w) {
			t.Errorf("error message %q does not mention %q", e.Message, w)
		}
	}
	return e
}

// batchCSV is a SIM vendor file of n SIMs with PINs.
func batchCSV(n int) string {
	var b strings.Builder
	b.WriteString("ICCID;IMSI;MSISDN;PIN1;PUK1\r\n")
	for range n {
		id := storetest.ICCID()
		b.WriteString(id + ";90143" + id[len(id)-10:] + ";+88" + id[len(id)-10:] + ";4321;12345678\r\n")
	}
	return b.String()
}
