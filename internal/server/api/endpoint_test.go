package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/store/storetest"
)

type endpointOut struct {
	ID             int64   `json:"id"`
	Name           string  `json:"name"`
	Tags           *string `json:"tags"`
	IMEI           *string `json:"imei"`
	IMEILock       bool    `json:"imei_lock"`
	Created        *string `json:"created"`
	LastUpdated    *string `json:"last_updated"`
	ServiceProfile struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"service_profile"`
	TariffProfile struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"tariff_profile"`
	Status struct {
		ID          int    `json:"id"`
		Description string `json:"description"`
	} `json:"status"`
	SIM *struct {
		ID     int64  `json:"id"`
		ICCID  string `json:"iccid"`
		IMSI   string `json:"imsi"`
		Status struct {
			ID int `json:"id"`
		} `json:"status"`
	} `json:"sim"`
}

// profiles creates a service and a tariff profile over the API.
func (r *rig) profiles(token string) (service, tariff int64) {
	r.t.Helper()
	n := storetest.IMEI() // a unique suffix
	service = r.created(r.call(token, "POST", "/api/v1/service_profile", map[string]any{"name": "svc " + n, "allowed_4g": true}, nil), "/api/v1/service_profile")
	tariff = r.created(r.call(token, "POST", "/api/v1/tariff_profile", map[string]any{"name": "tariff " + n, "allowed_countries": []string{"DE"}}, nil), "/api/v1/tariff_profile")
	return service, tariff
}

func ep(name string, service, tariff int64, extra ...any) map[string]any {
	m := map[string]any{"name": name, "service_profile": map[string]int64{"id": service}, "tariff_profile": map[string]int64{"id": tariff}}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

// newOrgAdmin is the first admin of a new organisation.
func newOrgAdmin(org string) api.NewUser {
	return api.NewUser{Org: org, Email: "admin@" + org + ".example", Password: "correct horse battery", Role: auth.RoleAdmin}
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func TestEndpointCreateGetListPatchDelete(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	sp, tp := r.profiles(admin)
	sims := r.registeredBatch(admin, "BIC-EP-1", 2)
	imei := storetest.IMEI()

	eid := r.created(r.call(admin, "POST", "/api/v1/endpoint",
		ep("meter 1", sp, tp, "tags", "roof,north", "imei", imei, "imei_lock", true, "sim", map[string]any{"id": sims[0].ID}), nil), "/api/v1/endpoint")
	path := "/api/v1/endpoint/" + id(eid)
	var got endpointOut
	if resp := r.call(admin, "GET", path, nil, &got); resp.StatusCode != 200 {
		t.Fatalf("get: %d %s", resp.StatusCode, resp.Body)
	}
	if got.Name != "meter 1" || got.Tags == nil || *got.Tags != "roof,north" || got.IMEI == nil || *got.IMEI != imei || !got.IMEILock ||
		got.Status.ID != 0 || got.Status.Description != "Enabled" || got.ServiceProfile.ID != sp || got.ServiceProfile.Name == "" ||
		got.TariffProfile.ID != tp || got.SIM == nil || got.SIM.ID != sims[0].ID || got.SIM.IMSI != sims[0].IMSI || got.Created == nil {
		t.Fatalf("endpoint: %+v", got)
	}
	if !strings.HasSuffix(*got.Created, "Z") || !strings.Contains(*got.Created, "T") {
		t.Errorf("created %q is not as SIMs write times", *got.Created)
	}

	// Profiles are required, named by field, with 400.
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", map[string]any{"name": "x", "tariff_profile": map[string]int64{"id": tp}}, nil), 400, "service_profile")
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", map[string]any{"name": "x", "service_profile": map[string]int64{"id": sp}}, nil), 400, "tariff_profile")
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", `{"name":"x","colour":"red"}`, nil), 422, "colour")
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", `{"name":"x","imei_lock":"yes"}`, nil), 422, "imei_lock", "true or false")
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", ep("x", sp, tp, "imei", "123"), nil), 422, "imei")
	e := mustError(t, r.call(admin, "POST", "/api/v1/endpoint", ep("x", sp, tp, "sim", map[string]any{"id": sims[0].ID}), nil), 409)
	if e.Token != "sim_in_use" {
		t.Errorf("a SIM in use: token %q", e.Token)
	}

	// PATCH: status, tags, IMEI lock, a SIM released and another assigned.
	patch := func(body any) response { return r.call(admin, "PATCH", path, body, nil) }
	if resp := patch(map[string]any{"status": map[string]int{"id": 1}, "tags": "south", "imei_lock": false}); resp.StatusCode != 204 || resp.Body != "" {
		t.Fatalf("patch: %d %s", resp.StatusCode, resp.Body)
	}
	r.call(admin, "GET", path, nil, &got)
	if got.Status.ID != 1 || got.Status.Description != "Disabled" || *got.Tags != "south" || got.IMEILock || got.SIM == nil {
		t.Fatalf("after patch: %+v", got)
	}
	// Deleting with a SIM assigned is a conflict.
	e = mustError(t, r.call(admin, "DELETE", path, nil, nil), 409, "release")
	if e.Token != "sim_assigned" {
		t.Errorf("delete with a SIM: token %q", e.Token)
	}
	if resp := patch(`{"sim":{"id":null}}`); resp.StatusCode != 204 {
		t.Fatalf("release: %d %s", resp.StatusCode, resp.Body)
	}
	got = endpointOut{}
	if r.call(admin, "GET", path, nil, &got); got.SIM != nil {
		t.Fatalf("released, the endpoint still has %+v", got.SIM)
	}
	if resp := patch(map[string]any{"sim": map[string]any{"id": sims[1].ID}}); resp.StatusCode != 204 {
		t.Fatalf("assign: %d %s", resp.StatusCode, resp.Body)
	}
	if r.call(admin, "GET", path, nil, &got); got.SIM == nil || got.SIM.ID != sims[1].ID {
		t.Fatalf("assigned: %+v", got.SIM)
	}
	if resp := patch(`{"sim":null}`); resp.StatusCode != 204 {
		t.Fatalf("release with null: %d %s", resp.StatusCode, resp.Body)
	}
	// PATCH refusals are 400, as for SIMs, keeping their token.
	mustError(t, patch(map[string]any{"status": map[string]int{"id": 2}}), 400, "status")
	mustError(t, patch(`{"imei_lock":"no"}`), 400, "imei_lock")
	mustError(t, patch(`{"colour":"red"}`), 400, "colour")
	mustError(t, patch(`{}`), 400, "nothing to change")
	mustError(t, patch(map[string]any{"sim": map[string]any{"id": 99999}}), 400, "sim")
	mustError(t, r.call(admin, "PATCH", "/api/v1/endpoint/99999", map[string]any{"tags": "x"}, nil), 404)

	// The change is audited, with who made it and the state before and after.
	var audit []struct {
		Action   string          `json:"action"`
		ObjectID int64           `json:"object_id"`
		Actor    string          `json:"actor"`
		Before   json.RawMessage `json:"before"`
		After    json.RawMessage `json:"after"`
	}
	r.call(admin, "GET", "/api/v1/audit_log?q=action:endpoint.update", nil, &audit)
	if len(audit) < 4 || audit[0].ObjectID != eid || audit[0].Actor != "admin@acme.example" || !strings.Contains(string(audit[len(audit)-1].After), `"Tags":"south"`) {
		t.Fatalf("audit: %+v", audit)
	}
	// The endpoint's events: created, SIM assigned and released.
	resp := r.call(admin, "GET", path+"/event", nil, nil)
	for _, want := range []string{"Endpoint created", "SIM assigned", "SIM released"} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("endpoint events lack %q: %s", want, resp.Body)
		}
	}
	mustError(t, r.call(admin, "GET", "/api/v1/endpoint/99999/event", nil, nil), 404)

	if resp := r.call(admin, "DELETE", path, nil, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(admin, "GET", path, nil, nil), 404)
}

func TestEndpointCreateActivatesItsSIM(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	sp, tp := r.profiles(admin)
	resp := r.call(admin, "POST", "/api/v1/sim_batch?bic=BIC-ACT-1", batchCSV(1), nil)
	if resp.StatusCode != 201 {
		t.Fatal(resp.Body)
	}
	var reg struct {
		SIM []simOut `json:"sim"`
	}
	r.call(admin, "PATCH", "/api/v1/sim_batch/bic/BIC-ACT-1", map[string]any{"sim_status": map[string]int{"id": 4}}, &reg)
	eid := r.created(r.call(admin, "POST", "/api/v1/endpoint", ep("a", sp, tp, "sim", map[string]any{"id": reg.SIM[0].ID, "activate": true}), nil), "/api/v1/endpoint")
	var got endpointOut
	r.call(admin, "GET", "/api/v1/endpoint/"+id(eid), nil, &got)
	if got.SIM == nil || got.SIM.Status.ID != 1 {
		t.Fatalf("the SIM was not activated: %+v", got.SIM)
	}
}

func TestEndpointBulkCreateIsAllOrNothing(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	sp, tp := r.profiles(admin)
	list := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = ep(fmt.Sprintf("bulk %04d", i), sp, tp, "imei", storetest.IMEI())
		}
		return out
	}
	count := func() string {
		return r.call(admin, "GET", "/api/v1/endpoint?per_page=1", nil, nil).Header.Get("X-Total-Count")
	}

	// A bad element is named by its index, and nothing is created.
	bad := list(5)
	bad[3]["imei"] = "12345"
	e := mustError(t, r.call(admin, "POST", "/api/v1/endpoint", bad, nil), 422, "[3].imei")
	if len(e.Errors) != 1 || e.Errors[0].Field != "[3].imei" {
		t.Errorf("field errors %+v", e.Errors)
	}
	bad = list(5)
	bad[2]["imei_lock"] = "yes"
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", bad, nil), 422, "[2].imei_lock")
	bad = list(5)
	delete(bad[4], "tariff_profile")
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", bad, nil), 400, "[4].tariff_profile")
	// A conflict found in the database: the second of two with one IMEI.
	bad = list(3)
	bad[2]["imei"] = bad[0]["imei"]
	e = mustError(t, r.call(admin, "POST", "/api/v2/endpoint/multi", bad, nil), 409)
	if e.Errors[0].Field != "[2].imei" {
		t.Errorf("conflict field %+v", e.Errors)
	}
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", list(2001), nil), 400, "2000")
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint", `[]`, nil), 400, "empty")
	if n := count(); n != "0" {
		t.Fatalf("refused bulk creates left %s endpoints", n)
	}

	var made []endpointOut
	resp := r.call(admin, "POST", "/api/v1/endpoint", list(2000), &made)
	if resp.StatusCode != 201 || len(made) != 2000 || made[0].ID == 0 || made[1999].Name != "bulk 1999" {
		t.Fatalf("bulk create: %d, %d made", resp.StatusCode, len(made))
	}
	if n := count(); n != "2000" {
		t.Fatalf("%s endpoints after creating 2000", n)
	}

	// Bulk update, all or nothing.
	upd := []map[string]any{{"id": made[0].ID, "tags": "a"}, {"id": made[1].ID, "status": map[string]int{"id": 1}}}
	var out []endpointOut
	if resp := r.call(admin, "PATCH", "/api/v2/endpoint/multi", upd, &out); resp.StatusCode != 200 || len(out) != 2 || out[1].Status.ID != 1 {
		t.Fatalf("bulk update: %d %s", resp.StatusCode, resp.Body)
	}
	upd = []map[string]any{{"id": made[2].ID, "tags": "b"}, {"id": made[3].ID, "status": map[string]int{"id": 7}}}
	mustError(t, r.call(admin, "PATCH", "/api/v2/endpoint/multi", upd, nil), 400, "[1].status")
	mustError(t, r.call(admin, "PATCH", "/api/v2/endpoint/multi", []map[string]any{{"tags": "b"}}, nil), 400, "[0].id")
	var two endpointOut
	if r.call(admin, "GET", "/api/v1/endpoint/"+id(made[2].ID), nil, &two); two.Tags != nil {
		t.Fatalf("a refused bulk update changed endpoint %d: %+v", made[2].ID, two)
	}
}

func TestEndpointListFiltersSortsAndPages(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	sp, tp := r.profiles(admin)
	sims := r.registeredBatch(admin, "BIC-LS-1", 1)
	for i, name := range []string{"charlie", "alpha", "bravo", "delta", "echo"} {
		extra := []any{"tags", "fleet"}
		if i == 0 {
			extra = append(extra, "sim", map[string]any{"id": sims[0].ID})
		}
		r.created(r.call(admin, "POST", "/api/v1/endpoint", ep(name, sp, tp, extra...), nil), "/api/v1/endpoint")
	}
	names := func(es []endpointOut) string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return strings.Join(out, ",")
	}
	var page []endpointOut
	resp := r.call(admin, "GET", "/api/v1/endpoint?sort=name&per_page=2&page=2", nil, &page)
	h := resp.Header
	if names(page) != "charlie,delta" || h.Get("X-Total-Count") != "5" || h.Get("X-Total-Pages") != "3" || h.Get("X-Current-Page") != "2" ||
		h.Get("X-Count-Per-Page") != "2" || !strings.Contains(h.Get("Link"), `rel="next"`) {
		t.Fatalf("page: %s %v", names(page), h)
	}
	for q, want := range map[string]string{
		"q=name:LPH":                   "alpha",
		"q=imsi:" + sims[0].IMSI:       "charlie",
		"q=iccid:" + sims[0].ICCID[:8]: "charlie",
		"sort=-id&per_page=1":          "echo",
	} {
		var got []endpointOut
		if resp := r.call(admin, "GET", "/api/v1/endpoint?"+q, nil, &got); resp.StatusCode != 200 || names(got) != want {
			t.Errorf("%s: %d %s, want %s", q, resp.StatusCode, names(got), want)
		}
	}
	mustError(t, r.call(admin, "GET", "/api/v1/endpoint?q=colour:red", nil, nil), 400, "colour")
	mustError(t, r.call(admin, "GET", "/api/v1/endpoint?per_page=2501", nil, nil), 400, "per_page")
}

// TestOrganisationsCannotReachEachOther: a user of one organisation
// neither sees nor touches another's endpoints, profiles, quotas, SIMs
// or callbacks; every such id is unknown to them.
func TestOrganisationsCannotReachEachOther(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	sp, tp := r.profiles(admin)
	sims := r.registeredBatch(admin, "BIC-ORG-1", 2)
	eid := r.created(r.call(admin, "POST", "/api/v1/endpoint", ep("mine", sp, tp, "sim", map[string]any{"id": sims[0].ID}), nil), "/api/v1/endpoint")
	quota := map[string]any{"volume": 10, "expiry_date": "2099-01-01 00:00:00"}
	if resp := r.call(admin, "POST", "/api/v1/endpoint/"+id(eid)+"/quota/data", quota, nil); resp.StatusCode != 201 {
		t.Fatalf("quota: %d %s", resp.StatusCode, resp.Body)
	}
	cb := r.created(r.call(admin, "POST", "/api/v1/api_callback", map[string]any{"url": "https://hooks.example.com/a"}, nil), "/api/v1/api_callback")

	other := r.signIn(r.user(newOrgAdmin("other")).ApplicationToken)
	osp, otp := r.profiles(other)
	ep := "/api/v1/endpoint/" + id(eid)
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"GET", ep, nil},
		{"PATCH", ep, map[string]any{"tags": "x"}},
		{"DELETE", ep, nil},
		{"GET", ep + "/event", nil},
		{"GET", ep + "/quota/data", nil},
		{"POST", ep + "/quota/data", quota},
		{"DELETE", ep + "/quota/data", nil},
		{"GET", ep + "/operator_blacklist", nil},
		{"PUT", ep + "/operator_blacklist/1", nil},
		{"GET", "/api/v1/service_profile/" + id(sp), nil},
		{"PATCH", "/api/v1/service_profile/" + id(sp), map[string]any{"name": "x"}},
		{"DELETE", "/api/v1/service_profile/" + id(sp), nil},
		{"GET", "/api/v1/tariff_profile/" + id(tp), nil},
		{"PATCH", "/api/v1/tariff_profile/" + id(tp), map[string]any{"name": "x"}},
		{"DELETE", "/api/v1/tariff_profile/" + id(tp), nil},
		{"GET", "/api/v1/api_callback/" + id(cb), nil},
		{"DELETE", "/api/v1/api_callback/" + id(cb), nil},
		{"PATCH", "/api/v2/endpoint/multi", []map[string]any{{"id": eid, "tags": "x"}}},
	} {
		resp := r.call(other, c.method, c.path, c.body, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s from another organisation: %d %s", c.method, c.path, resp.StatusCode, resp.Body)
		}
	}
	// Lists hold only their own organisation's objects.
	for _, path := range []string{"/api/v1/endpoint", "/api/v1/api_callback", "/api/v1/event"} {
		if resp := r.call(other, "GET", path, nil, nil); resp.StatusCode != 200 || resp.Header.Get("X-Total-Count") != "0" {
			t.Errorf("GET %s from another organisation: %v %s", path, resp.Header.Get("X-Total-Count"), resp.Body)
		}
	}
	// Their endpoints cannot use this organisation's profiles or SIMs.
	mustError(t, r.call(other, "POST", "/api/v1/endpoint", map[string]any{"name": "x", "service_profile": map[string]int64{"id": sp}, "tariff_profile": map[string]int64{"id": otp}}, nil), 422, "service_profile")
	mustError(t, r.call(other, "POST", "/api/v1/endpoint", map[string]any{"name": "x", "service_profile": map[string]int64{"id": osp}, "tariff_profile": map[string]int64{"id": otp},
		"sim": map[string]any{"id": sims[1].ID}}, nil), 422, "sim")
	theirs := r.created(r.call(other, "POST", "/api/v1/endpoint", map[string]any{"name": "theirs", "service_profile": map[string]int64{"id": osp}, "tariff_profile": map[string]int64{"id": otp}}, nil), "/api/v1/endpoint")
	mustError(t, r.call(other, "PATCH", "/api/v1/endpoint/"+id(theirs), map[string]any{"sim": map[string]any{"id": sims[1].ID}}, nil), 400, "sim")
	mustError(t, r.call(other, "PATCH", "/api/v1/service_profile/"+id(osp), map[string]any{"api_callback": map[string]any{"id": cb}}, nil), 400, "api_callback")
	// And this organisation's endpoint is as it was.
	var got endpointOut
	if r.call(admin, "GET", ep, nil, &got); got.Tags != nil || got.SIM == nil {
		t.Fatalf("the endpoint changed: %+v", got)
	}
}
