package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

type serviceProfileOut struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	Allowed2G    bool   `json:"allowed_2g"`
	Allowed4G    bool   `json:"allowed_4g"`
	AllowedNBIoT bool   `json:"allowed_nb_iot"`
	SMSMO        bool   `json:"sms_mo"`
	DataAllowed  bool   `json:"data_allowed"`
	DNS          *struct {
		Primary   string `json:"primary"`
		Secondary string `json:"secondary"`
	} `json:"dns"`
	BreakoutRegion string `json:"breakout_region"`
	APICallback    *struct {
		ID int64 `json:"id"`
	} `json:"api_callback"`
	UsedCount int `json:"used_count"`
}

func TestServiceProfiles(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	cb := r.created(r.call(admin, "POST", "/api/v1/api_callback", map[string]any{"url": "https://hooks.example.com/x"}, nil), "/api/v1/api_callback")
	sid := r.created(r.call(admin, "POST", "/api/v1/service_profile", map[string]any{
		"name": "fleet", "description": "trucks", "allowed_4g": true, "allowed_nb_iot": true, "sms_mo": true,
		"dns": map[string]string{"primary": "9.9.9.9", "secondary": "1.1.1.1"}, "breakout_region": "eu-west-1",
		"api_callback": map[string]int64{"id": cb},
	}, nil), "/api/v1/service_profile")
	path := "/api/v1/service_profile/" + id(sid)
	var got serviceProfileOut
	r.call(admin, "GET", path, nil, &got)
	if got.Name != "fleet" || got.Description != "trucks" || !got.Allowed4G || !got.AllowedNBIoT || got.Allowed2G || !got.SMSMO || !got.DataAllowed ||
		got.DNS == nil || got.DNS.Primary != "9.9.9.9" || got.DNS.Secondary != "1.1.1.1" || got.BreakoutRegion != "eu-west-1" ||
		got.APICallback == nil || got.APICallback.ID != cb || got.UsedCount != 0 {
		t.Fatalf("profile: %+v", got)
	}
	// PATCH changes only what it names; null clears.
	if resp := r.call(admin, "PATCH", path, `{"allowed_2g":true,"allowed_4g":false,"dns":null,"api_callback":null}`, nil); resp.StatusCode != 204 {
		t.Fatalf("patch: %d %s", resp.StatusCode, resp.Body)
	}
	got = serviceProfileOut{}
	r.call(admin, "GET", path, nil, &got)
	if !got.Allowed2G || got.Allowed4G || !got.AllowedNBIoT || got.DNS != nil || got.APICallback != nil || got.Name != "fleet" || !got.SMSMO {
		t.Fatalf("patched: %+v", got)
	}
	mustError(t, r.call(admin, "PATCH", path, `{"dns":{"primary":"nine"}}`, nil), 400, "dns")
	mustError(t, r.call(admin, "PATCH", path, `{"allowed_2g":"yes"}`, nil), 400, "allowed_2g")
	mustError(t, r.call(admin, "PATCH", path, `{"api_callback":{"id":99999}}`, nil), 400, "api_callback")
	mustError(t, r.call(admin, "POST", "/api/v1/service_profile", `{"description":"no name"}`, nil), 422, "name")
	mustError(t, r.call(admin, "POST", "/api/v1/service_profile", `{"name":"fleet"}`, nil), 409)
	mustError(t, r.call(admin, "GET", "/api/v1/service_profile/99999", nil, nil), 404)

	var list []serviceProfileOut
	resp := r.call(admin, "GET", "/api/v1/service_profile?q=name:fle&sort=-id", nil, &list)
	if resp.StatusCode != 200 || len(list) != 1 || list[0].ID != sid || resp.Header.Get("X-Total-Count") != "1" {
		t.Fatalf("list: %d %s", resp.StatusCode, resp.Body)
	}

	// In use, it cannot be deleted.
	_, tp := r.profiles(admin)
	eid := r.created(r.call(admin, "POST", "/api/v1/endpoint", ep("e", sid, tp), nil), "/api/v1/endpoint")
	r.call(admin, "GET", path, nil, &got)
	if got.UsedCount != 1 {
		t.Errorf("used_count %d", got.UsedCount)
	}
	e := mustError(t, r.call(admin, "DELETE", path, nil, nil), 409)
	if e.Token != "in_use" {
		t.Errorf("token %q", e.Token)
	}
	r.call(admin, "DELETE", "/api/v1/endpoint/"+id(eid), nil, nil)
	if resp := r.call(admin, "DELETE", path, nil, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(admin, "GET", path, nil, nil), 404)
	var audit []struct {
		Action string          `json:"action"`
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	}
	r.call(admin, "GET", "/api/v1/audit_log?q=action:service_profile.update", nil, &audit)
	if len(audit) != 1 || !strings.Contains(string(audit[0].Before), "9.9.9.9") {
		t.Errorf("audit: %+v", audit)
	}
}

func TestTariffProfiles(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	tid := r.created(r.call(admin, "POST", "/api/v1/tariff_profile", map[string]any{
		"name": "europe", "allowed_countries": []string{"DE", "FR"}, "allowed_operators": []int{1, 4},
		"ratezones": []map[string]any{{"name": "Zone 1", "countries": []string{"DE"}, "price_per_mb": 0.01}},
	}, nil), "/api/v1/tariff_profile")
	path := "/api/v1/tariff_profile/" + id(tid)
	var got struct {
		Name             string           `json:"name"`
		AllowedCountries []string         `json:"allowed_countries"`
		AllowedOperators []int64          `json:"allowed_operators"`
		RateZones        []map[string]any `json:"ratezones"`
		UsedCount        int              `json:"used_count"`
	}
	r.call(admin, "GET", path, nil, &got)
	if got.Name != "europe" || strings.Join(got.AllowedCountries, ",") != "DE,FR" || len(got.AllowedOperators) != 2 || len(got.RateZones) != 1 || got.RateZones[0]["name"] != "Zone 1" {
		t.Fatalf("tariff: %+v", got)
	}
	if resp := r.call(admin, "PATCH", path, map[string]any{"allowed_countries": []string{"GB"}}, nil); resp.StatusCode != 204 {
		t.Fatalf("patch: %d %s", resp.StatusCode, resp.Body)
	}
	r.call(admin, "GET", path, nil, &got)
	if strings.Join(got.AllowedCountries, ",") != "GB" || len(got.RateZones) != 1 {
		t.Fatalf("patched: %+v", got)
	}
	mustError(t, r.call(admin, "PATCH", path, map[string]any{"allowed_countries": []string{"germany"}}, nil), 400, "allowed_countries")
	mustError(t, r.call(admin, "PATCH", path, map[string]any{"allowed_operators": []int{9999}}, nil), 400, "allowed_operators")
	mustError(t, r.call(admin, "POST", "/api/v1/tariff_profile", `{"name":"x","ratezones":{"a":1}}`, nil), 422, "ratezones")
	mustError(t, r.call(admin, "POST", "/api/v1/tariff_profile", `{"name":"x","allowed_operators":["one"]}`, nil), 422, "allowed_operators")
	resp := r.call(admin, "GET", "/api/v1/tariff_profile", nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("X-Total-Count") != "1" {
		t.Fatalf("list: %s", resp.Body)
	}
	sp, _ := r.profiles(admin)
	eid := r.created(r.call(admin, "POST", "/api/v1/endpoint", ep("e", sp, tid), nil), "/api/v1/endpoint")
	mustError(t, r.call(admin, "DELETE", path, nil, nil), 409, "used")
	r.call(admin, "DELETE", "/api/v1/endpoint/"+id(eid), nil, nil)
	if resp := r.call(admin, "DELETE", path, nil, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Body)
	}
}
