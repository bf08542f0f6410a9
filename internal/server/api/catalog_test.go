package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
)

func TestHealthChecksArePublic(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		resp := r.call("", "GET", path, nil, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Body, `"status":"`+want+`"`) {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, resp.Body)
		}
	}
}

func TestEventTypesAndOperators(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	viewer := r.signIn(r.user(api.NewUser{Email: "viewer@acme.example", Password: "viewer password!", Role: auth.RoleViewer}).ApplicationToken)
	var types []struct {
		ID          int    `json:"id"`
		Description string `json:"description"`
	}
	if resp := r.call(viewer, "GET", "/api/v1/event/type", nil, &types); resp.StatusCode != 200 || len(types) == 0 {
		t.Fatalf("event types: %d %s", resp.StatusCode, resp.Body)
	}
	var ops []struct {
		ID      int64  `json:"id"`
		Name    string `json:"name"`
		Country struct {
			ISOCode string `json:"iso_code"`
		} `json:"country"`
	}
	if resp := r.call(viewer, "GET", "/api/v1/operator", nil, &ops); resp.StatusCode != 200 {
		t.Fatalf("operators: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call("", "GET", "/api/v1/operator", nil, nil), http.StatusUnauthorized)
}

func TestUserByID(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	var u struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
		Role     struct {
			ID          int    `json:"id"`
			Description string `json:"description"`
		} `json:"role"`
	}
	path := "/api/v1/user/" + strconv.FormatInt(r.admin.User.ID, 10)
	if resp := r.call(admin, "GET", path, nil, &u); resp.StatusCode != 200 || u.Username != "admin@acme.example" || u.Role.Description != "admin" {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(admin, "GET", "/api/v1/user/999999", nil, nil), http.StatusNotFound)
}
