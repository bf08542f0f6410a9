package api_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

type simOut struct {
	ID            int64  `json:"id"`
	ICCID         string `json:"iccid"`
	ICCIDWithLuhn string `json:"iccid_with_luhn"`
	IMSI          string `json:"imsi"`
	Status        struct {
		ID          int    `json:"id"`
		Description string `json:"description"`
	} `json:"status"`
	ActivationDate *string `json:"activation_date"`
}

// importBatch imports a CSV batch of n SIMs under bic and registers it.
func (r *rig) registeredBatch(token, bic string, n int) []simOut {
	r.t.Helper()
	resp := r.call(token, "POST", "/api/v1/sim_batch?bic="+bic+"&name=test", batchCSV(n), nil)
	if resp.StatusCode != 201 || resp.Header.Get("Location") != "/api/v1/sim_batch/bic/"+bic {
		r.t.Fatalf("import: %d %v %s", resp.StatusCode, resp.Header, resp.Body)
	}
	var out struct {
		SIM []simOut `json:"sim"`
	}
	// emnify's Python client sends the status alone, unwrapped.
	resp = r.call(token, "PATCH", "/api/v1/sim_batch/bic/"+bic, map[string]any{"id": 1, "description": "Activated"}, &out)
	if resp.StatusCode != 200 || len(out.SIM) != n {
		r.t.Fatalf("register: %d %s", resp.StatusCode, resp.Body)
	}
	return out.SIM
}

func TestBatchImportRegisterAndList(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)

	var b struct {
		Quantity  int  `json:"quantity"`
		Activated bool `json:"activated"`
	}
	resp := r.call(admin, "POST", "/api/v1/sim_batch?bic=BIC-A-1", batchCSV(12), nil)
	if resp.StatusCode != 201 {
		t.Fatalf("import: %d %s", resp.StatusCode, resp.Body)
	}
	if resp := r.call(admin, "GET", "/api/v1/sim_batch/bic/BIC-A-1", nil, &b); resp.StatusCode != 200 || b.Quantity != 12 || b.Activated {
		t.Fatalf("check BIC: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(admin, "GET", "/api/v1/sim_batch/bic/NO-SUCH-BIC", nil, nil), 404, "NO-SUCH-BIC")
	var reg struct {
		SIM []simOut `json:"sim"`
	}
	resp = r.call(admin, "PATCH", "/api/v1/sim_batch/bic/BIC-A-1", map[string]any{"sim_status": map[string]int{"id": 4}}, &reg)
	if resp.StatusCode != 200 || len(reg.SIM) != 12 || reg.SIM[0].Status.ID != 4 || reg.SIM[0].Status.Description != "Factory Test" {
		t.Fatalf("register as factory test: %d %s", resp.StatusCode, resp.Body)
	}
	// A second registration is a 422 as emnify answers it; an unknown BIC
	// is a 404, which emnify's Python client reports as an invalid BIC.
	mustError(t, r.call(admin, "PATCH", "/api/v1/sim_batch/bic/BIC-A-1", map[string]any{"sim_status": map[string]int{"id": 1}}, nil), 422, "already registered")
	mustError(t, r.call(admin, "PATCH", "/api/v1/sim_batch/bic/NOPE-1", map[string]any{"sim_status": map[string]int{"id": 1}}, nil), 404, "NOPE-1")

	// emnify's iccid is without the Luhn digit; iccid_with_luhn is whole.
	s := reg.SIM[0]
	if s.ICCIDWithLuhn[:len(s.ICCIDWithLuhn)-1] != s.ICCID {
		t.Errorf("iccid %s, iccid_with_luhn %s", s.ICCID, s.ICCIDWithLuhn)
	}

	// Paging: 12 SIMs, 5 a page.
	var page []simOut
	resp = r.call(admin, "GET", "/api/v1/sim?per_page=5&page=3&sort=-iccid", nil, &page)
	h := resp.Header
	if resp.StatusCode != 200 || len(page) != 2 || h.Get("X-Total-Count") != "12" || h.Get("X-Total-Pages") != "3" ||
		h.Get("X-Current-Page") != "3" || h.Get("X-Count-Per-Page") != "5" {
		t.Fatalf("page 3: %d %v %s", resp.StatusCode, h, resp.Body)
	}
	if link := h.Get("Link"); !strings.Contains(link, `rel="first"`) || !strings.Contains(link, `rel="prev"`) || strings.Contains(link, `rel="next"`) {
		t.Errorf("Link on the last page: %s", link)
	}
	var all []simOut
	r.call(admin, "GET", "/api/v1/sim?sort=-iccid", nil, &all)
	if all[10].ID != page[0].ID || all[11].ID != page[1].ID {
		t.Errorf("page 3 holds %d,%d; the sorted list ends %d,%d", page[0].ID, page[1].ID, all[10].ID, all[11].ID)
	}
	// A page past the end is empty, with the totals; emnify's clients need
	// X-Total-Pages of at least 1 even for an empty list.
	resp = r.call(admin, "GET", "/api/v1/sim?per_page=5&page=9", nil, nil)
	if resp.StatusCode != 200 || strings.TrimSpace(resp.Body) != "[]" || resp.Header.Get("X-Total-Count") != "12" {
		t.Fatalf("past the end: %d %s", resp.StatusCode, resp.Body)
	}
	resp = r.call(admin, "GET", "/api/v1/sim?q=status:2", nil, nil)
	if resp.StatusCode != 200 || strings.TrimSpace(resp.Body) != "[]" || resp.Header.Get("X-Total-Pages") != "1" {
		t.Fatalf("empty filter: %d %v %s", resp.StatusCode, resp.Header, resp.Body)
	}
	// Filters: by ICCID prefix, with or without the Luhn digit name.
	var one []simOut
	r.call(admin, "GET", "/api/v1/sim?q=iccid_with_luhn:"+s.ICCIDWithLuhn, nil, &one)
	if len(one) != 1 || one[0].ID != s.ID {
		t.Errorf("filter by iccid_with_luhn: %+v", one)
	}
	// The Python client's sort values arrive as enum names.
	if resp := r.call(admin, "GET", "/api/v1/sim?sort=SimSort.ICCID", nil, nil); resp.StatusCode != 200 {
		t.Errorf("enum-name sort: %d %s", resp.StatusCode, resp.Body)
	}
}

func TestSIMStatusChangesFollowTheLifeCycle(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	sims := r.registeredBatch(admin, "BIC-LC-1", 1)
	path := "/api/v1/sim/" + strconv.FormatInt(sims[0].ID, 10)
	patch := func(id int) response {
		return r.call(admin, "PATCH", path, map[string]any{"status": map[string]any{"id": id, "description": "x"}}, nil)
	}
	if resp := patch(2); resp.StatusCode != 204 || resp.Body != "" {
		t.Fatalf("suspend: %d %q", resp.StatusCode, resp.Body)
	}
	var got simOut
	r.call(admin, "GET", path, nil, &got)
	if got.Status.ID != 2 || got.Status.Description != "Suspended" || got.ActivationDate == nil {
		t.Fatalf("after suspend: %+v", got)
	}
	// Refusals on this call are 400: emnify's Python client takes a 422
	// here for an expired sign-in.
	e := mustError(t, patch(4), http.StatusBadRequest, "Suspended", "Factory Test")
	if e.Token != "illegal_transition" {
		t.Errorf("error_token %q", e.Token)
	}
	mustError(t, patch(7), http.StatusBadRequest, "status")
	mustError(t, r.call(admin, "PATCH", path, `{"status":{"id":"two"}}`, nil), http.StatusBadRequest, "status.id", "whole number")
	mustError(t, r.call(admin, "PATCH", path, `{"state":{"id":1}}`, nil), http.StatusBadRequest, "state")
	mustError(t, r.call(admin, "PATCH", path, `{"status":{"id":1}`, nil), http.StatusBadRequest, "JSON")
	mustError(t, r.call(admin, "PATCH", path, map[string]any{"customer_org": map[string]int{"id": 999}}, nil), http.StatusBadRequest, "another organisation")
	mustError(t, r.call(admin, "PATCH", "/api/v1/sim/999999", map[string]any{"status": map[string]int{"id": 1}}, nil), http.StatusNotFound)
	if resp := patch(3); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Body)
	}

	// Every change is in the audit log with who, before and after; the
	// SIM's PINs are in neither.
	var audit []struct {
		Action string          `json:"action"`
		Actor  string          `json:"actor"`
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	}
	resp := r.call(admin, "GET", "/api/v1/audit_log?q=action:sim.update", nil, &audit)
	if resp.StatusCode != 200 || len(audit) != 2 || audit[0].Actor != "admin@acme.example" || !strings.Contains(string(audit[0].After), `"Status":3`) {
		t.Fatalf("audit: %s", resp.Body)
	}
	// SIM events: activation at registration, suspension, deletion.
	resp = r.call(admin, "GET", path+"/event", nil, nil)
	for _, want := range []string{"SIM activation", "SIM suspension", "SIM deletion", `"event_source":{"description":"API","id":2}`} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("SIM events lack %q: %s", want, resp.Body)
		}
	}
}

func TestSecretsNeverLeaveTheServer(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	sims := r.registeredBatch(admin, "BIC-SEC-1", 2)
	for _, path := range []string{"/api/v1/sim", "/api/v1/sim/" + strconv.FormatInt(sims[0].ID, 10), "/api/v1/audit_log", "/api/v1/event", "/api/v1/sim_batch/bic/BIC-SEC-1", "/api/v1/user"} {
		resp := r.call(admin, "GET", path, nil, nil)
		for _, secret := range []string{"4321", "12345678", "pin", "puk", "argon2", r.admin.ApplicationToken} {
			if strings.Contains(strings.ToLower(resp.Body), secret) {
				t.Errorf("GET %s shows %q: %s", path, secret, resp.Body)
			}
		}
	}
}

func TestBadBatchFilesChangeNothing(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	good := batchCSV(2)
	bad := good + "8988303000000012340;901430000000001;+4912345678;1234;12345678\r\n"
	e := mustError(t, r.call(admin, "POST", "/api/v1/sim_batch?bic=BIC-BAD-1", bad, nil), 422, ".csv:4:", "iccid", "Luhn")
	if len(e.Errors) == 0 || e.Errors[0].Field != "iccid" {
		t.Errorf("field errors: %+v", e.Errors)
	}
	mustError(t, r.call(admin, "GET", "/api/v1/sim_batch/bic/BIC-BAD-1", nil, nil), 404)
	mustError(t, r.call(admin, "POST", "/api/v1/sim_batch?bic=x", good, nil), 422, "bic")
	if resp := r.call(admin, "POST", "/api/v1/sim_batch?bic=BIC-OK-1", good, nil); resp.StatusCode != 201 {
		t.Fatalf("good file: %d %s", resp.StatusCode, resp.Body)
	}
	// The same SIMs again, under another BIC: a conflict naming the ICCID.
	mustError(t, r.call(admin, "POST", "/api/v1/sim_batch?bic=BIC-OK-2", good, nil), 409, "ICCID")
}

func TestListQueryErrors(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	cases := []struct {
		query  string
		status int
		words  []string
	}{
		{"q=colour:red", 400, []string{"colour", "iccid"}},
		{"q=status:active", 400, []string{"whole number"}},
		{"q=status", 400, []string{"field:value"}},
		{"sort=-colour", 400, []string{"colour", "sort"}},
		{"per_page=3000", 400, []string{"per_page", "2500"}},
		{"page=0", 400, []string{"page"}},
		{"page=x", 400, []string{"page"}},
	}
	for _, c := range cases {
		mustError(t, r.call(admin, "GET", "/api/v1/sim?"+c.query, nil, nil), c.status, c.words...)
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	mustError(t, r.call(admin, "GET", "/api/v1/nothing", nil, nil), 404, "no API route")
	resp := r.call(admin, "DELETE", "/api/v1/sim", nil, nil)
	mustError(t, resp, 405, "DELETE")
	if resp.Header.Get("Allow") != "GET" {
		t.Errorf("Allow = %q", resp.Header.Get("Allow"))
	}
	big := `{"description":"` + strings.Repeat("x", 5<<20) + `"}`
	mustError(t, r.call(admin, "POST", "/api/v1/application_token", big, nil), 413, "larger")
}
