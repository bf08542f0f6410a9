package api_test

import (
	"strings"
	"testing"
)

func TestOperatorBlacklist(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	path := r.endpointFor(admin, "b") + "/operator_blacklist"
	if resp := r.call(admin, "GET", path, nil, nil); resp.StatusCode != 200 || strings.TrimSpace(resp.Body) != "[]" {
		t.Fatalf("empty blacklist: %d %s", resp.StatusCode, resp.Body)
	}
	if resp := r.call(admin, "PUT", path+"/2", nil, nil); resp.StatusCode != 204 || resp.Body != "" {
		t.Fatalf("put: %d %s", resp.StatusCode, resp.Body)
	}
	e := mustError(t, r.call(admin, "PUT", path+"/2", nil, nil), 409, "already")
	if e.Token != "already_blacklisted" {
		t.Errorf("token %q", e.Token)
	}
	var ops []struct {
		ID      int64  `json:"id"`
		Name    string `json:"name"`
		Country struct {
			ISOCode string `json:"iso_code"`
			MCC     string `json:"mcc"`
		} `json:"country"`
	}
	r.call(admin, "GET", path, nil, &ops)
	if len(ops) != 1 || ops[0].ID != 2 || ops[0].Name == "" || ops[0].Country.ISOCode != "DE" || ops[0].Country.MCC != "262" {
		t.Fatalf("blacklist: %+v", ops)
	}
	mustError(t, r.call(admin, "PUT", path+"/9999", nil, nil), 404, "operator")
	mustError(t, r.call(admin, "PUT", "/api/v1/endpoint/99999/operator_blacklist/2", nil, nil), 404)
	if resp := r.call(admin, "DELETE", path+"/2", nil, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Body)
	}
	e = mustError(t, r.call(admin, "DELETE", path+"/2", nil, nil), 409, "not on")
	if e.Token != "not_blacklisted" {
		t.Errorf("token %q", e.Token)
	}
	resp := r.call(admin, "GET", "/api/v1/audit_log?q=action:endpoint.blacklist_add", nil, nil)
	if resp.Header.Get("X-Total-Count") != "1" {
		t.Errorf("blacklist audit: %s", resp.Body)
	}
}
