package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/config"
)

// TestCallbackSecretsAreSealedForTheDispatcher checks the wiring: a
// secret given to the API is stored sealed under CallbackSecretAAD, which
// the outbox opens, and loopback URLs follow AllowLoopbackWebhooks.
func TestCallbackSecretsAreSealedForTheDispatcher(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Database.Path = filepath.Join(dir, "cellgate.db")
	cfg.Secrets.JWTKeyFile = filepath.Join(dir, "jwt.key")
	cfg.Secrets.EncryptionKeyFile = filepath.Join(dir, "encryption.key")
	p, err := Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(srv.Close)
	c, err := api.CreateUser(ctx, p.Store, p.Box, api.NewUser{Org: "acme", Email: "admin@acme.example", Password: "correct horse battery", Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	call := func(token, path string, body any) *http.Response {
		t.Helper()
		data, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader(data))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	var signIn struct {
		AuthToken string `json:"auth_token"`
	}
	resp := call("", "/api/v1/authenticate", map[string]string{"application_token": c.ApplicationToken})
	if err := json.NewDecoder(resp.Body).Decode(&signIn); err != nil || signIn.AuthToken == "" {
		t.Fatalf("sign in: %d %v", resp.StatusCode, err)
	}
	tok := signIn.AuthToken

	resp = call(tok, "/api/v1/api_callback", map[string]string{"url": "https://hooks.example.com/", "secret": "the signing secret"})
	id, err := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/api/v1/api_callback/"), 10, 64)
	if resp.StatusCode != 201 || err != nil {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	cb, err := p.Store.Callback(ctx, c.OrgID, id)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := p.Box.Open(cb.Secret, CallbackSecretAAD); err != nil || plain != "the signing secret" {
		t.Fatalf("the stored secret opens to %q, %v", plain, err)
	}

	if resp := call(tok, "/api/v1/api_callback", map[string]string{"url": "http://127.0.0.1:9/"}); resp.StatusCode != 422 {
		t.Fatalf("a loopback URL by default: %d", resp.StatusCode)
	}
	p.AllowLoopbackWebhooks = true
	if resp := call(tok, "/api/v1/api_callback", map[string]string{"url": "http://127.0.0.1:9/"}); resp.StatusCode != 201 {
		t.Fatalf("a loopback URL when allowed: %d", resp.StatusCode)
	}
}
