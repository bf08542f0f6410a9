package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
)

// logBuffer is a log destination handlers may write to concurrently.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestCallbackSecretIsSealedAndNeverShown(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	r := newRig(t, func(o *api.Options) {
		o.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	admin := r.signIn(r.admin.ApplicationToken)
	const secret = "s3cr3t-signing-key-0123456789"
	cid := r.created(r.call(admin, "POST", "/api/v1/api_callback", map[string]any{"url": "https://hooks.example.com/cellgate", "secret": secret, "purpose": "events"}, nil), "/api/v1/api_callback")

	c, err := r.st.Callback(context.Background(), r.org, cid)
	if err != nil {
		t.Fatal(err)
	}
	if c.Secret == "" || strings.Contains(c.Secret, secret) {
		t.Fatalf("the secret is stored as %q", c.Secret)
	}
	if plain, err := r.box.Open(c.Secret, callbackSecretAAD); err != nil || plain != secret {
		t.Fatalf("the stored secret opens to %q, %v", plain, err)
	}

	var got struct {
		ID           int64  `json:"id"`
		URL          string `json:"url"`
		Purpose      string `json:"purpose"`
		Organisation struct {
			ID int64 `json:"id"`
		} `json:"organisation"`
	}
	path := "/api/v1/api_callback/" + id(cid)
	r.call(admin, "GET", path, nil, &got)
	if got.ID != cid || got.URL != "https://hooks.example.com/cellgate" || got.Purpose != "events" || got.Organisation.ID != r.org {
		t.Fatalf("callback: %+v", got)
	}
	for _, p := range []string{path, "/api/v1/api_callback", "/api/v1/audit_log"} {
		resp := r.call(admin, "GET", p, nil, nil)
		if resp.StatusCode != 200 || strings.Contains(resp.Body, secret) || strings.Contains(resp.Body, c.Secret) || strings.Contains(resp.Body, "secret") {
			t.Errorf("GET %s shows the secret: %s", p, resp.Body)
		}
	}
	if !strings.Contains(r.call(admin, "GET", "/api/v1/audit_log?q=action:api_callback.create", nil, nil).Body, "hooks.example.com") {
		t.Error("the callback's creation is not audited")
	}
	if strings.Contains(logs.String(), secret) {
		t.Errorf("the log holds the secret: %s", logs.String())
	}

	if resp := r.call(admin, "DELETE", path, nil, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(admin, "GET", path, nil, nil), 404)
	mustError(t, r.call(admin, "DELETE", path, nil, nil), 404)
}

func TestCallbackURLsAreChecked(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	for _, u := range []string{"", "ftp://hooks.example.com/", "https://user:pw@hooks.example.com/", "http://127.0.0.1:9000/", "https://10.1.2.3/",
		"http://localhost/", "https://hooks.example.com/#x", "hooks.example.com"} {
		mustError(t, r.call(admin, "POST", "/api/v1/api_callback", map[string]any{"url": u}, nil), 422, "url")
	}
	mustError(t, r.call(admin, "POST", "/api/v1/api_callback", map[string]any{"url": "https://hooks.example.com/", "secret": strings.Repeat("x", 513)}, nil), 422, "secret")
	mustError(t, r.call(admin, "POST", "/api/v1/api_callback", `{"url":"https://hooks.example.com/","colour":1}`, nil), 422, "colour")
	// Loopback only where it is allowed.
	lo := newRig(t, func(o *api.Options) { o.LoopbackCallbacks = func() bool { return true } })
	loAdmin := lo.signIn(lo.admin.ApplicationToken)
	lo.created(lo.call(loAdmin, "POST", "/api/v1/api_callback", map[string]any{"url": "http://127.0.0.1:9000/hook"}, nil), "/api/v1/api_callback")
	mustError(t, lo.call(loAdmin, "POST", "/api/v1/api_callback", map[string]any{"url": "https://192.168.1.1/"}, nil), 422, "url")
	// A secret with nothing to seal it is refused, not stored in clear.
	bare := newRig(t, func(o *api.Options) { o.SealCallbackSecret = nil })
	bareAdmin := bare.signIn(bare.admin.ApplicationToken)
	mustError(t, bare.call(bareAdmin, "POST", "/api/v1/api_callback", map[string]any{"url": "https://hooks.example.com/", "secret": "x"}, nil), 500)
}

func TestEndpointAndProfileRoles(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	path := r.endpointFor(admin, "roles")
	viewer := r.signIn(r.user(api.NewUser{Email: "viewer@acme.example", Password: "viewer password!", Role: auth.RoleViewer}).ApplicationToken)
	operator := r.signIn(r.user(api.NewUser{Email: "op@acme.example", Password: "operator password", Role: auth.RoleOperator}).ApplicationToken)
	quota := map[string]any{"volume": 1, "expiry_date": "2099-01-01 00:00:00"}
	cases := []struct {
		token, method, path string
		body                any
		status              int
	}{
		{viewer, "GET", "/api/v1/endpoint", nil, 200},
		{viewer, "GET", path, nil, 200},
		{viewer, "GET", "/api/v1/service_profile", nil, 200},
		{viewer, "GET", "/api/v1/api_callback", nil, 200},
		{viewer, "PATCH", path, map[string]any{"tags": "x"}, 403},
		{viewer, "DELETE", path, nil, 403},
		{viewer, "POST", "/api/v1/endpoint", map[string]any{"name": "x"}, 403},
		{viewer, "POST", path + "/quota/data", quota, 403},
		{viewer, "PUT", path + "/operator_blacklist/1", nil, 403},
		{viewer, "POST", "/api/v1/service_profile", map[string]any{"name": "x"}, 403},
		{viewer, "POST", "/api/v1/tariff_profile", map[string]any{"name": "x"}, 403},
		{operator, "PATCH", path, map[string]any{"tags": "x"}, 204},
		{operator, "POST", path + "/quota/data", quota, 201},
		{operator, "PUT", path + "/operator_blacklist/1", nil, 204},
		{operator, "POST", "/api/v1/service_profile", map[string]any{"name": "op profile"}, 201},
		{operator, "POST", "/api/v1/api_callback", map[string]any{"url": "https://hooks.example.com/"}, 403},
		{operator, "DELETE", "/api/v1/api_callback/1", nil, 403},
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
