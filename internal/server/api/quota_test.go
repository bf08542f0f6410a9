package api_test

import (
	"strings"
	"testing"
)

// endpointFor creates an endpoint with fresh profiles and returns its path.
func (r *rig) endpointFor(token, name string) string {
	r.t.Helper()
	sp, tp := r.profiles(token)
	return "/api/v1/endpoint/" + id(r.created(r.call(token, "POST", "/api/v1/endpoint", ep(name, sp, tp), nil), "/api/v1/endpoint"))
}

type quotaOut struct {
	Status struct {
		ID          int    `json:"id"`
		Description string `json:"description"`
	} `json:"status"`
	Volume              float64 `json:"volume"`
	ExpiryDate          string  `json:"expiry_date"`
	AutoRefill          any     `json:"auto_refill"`
	ThresholdPercentage int     `json:"threshold_percentage"`
	Action              struct {
		ID             int    `json:"id"`
		Description    string `json:"description"`
		PeakThroughput *int   `json:"peak_throughput"`
	} `json:"action_on_exhaustion"`
	PeakThroughput       *int   `json:"peak_throughput"`
	LastStatusChangeDate string `json:"last_status_change_date"`
}

func TestDataQuota(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	path := r.endpointFor(admin, "q") + "/quota/data"
	mustError(t, r.call(admin, "GET", path, nil, nil), 404, "quota")

	body := map[string]any{"volume": 1.5, "expiry_date": "2099-12-31 23:59:59", "auto_refill": 1, "threshold_percentage": 80,
		"action_on_exhaustion": map[string]any{"id": 1, "peak_throughput": 128000}}
	resp := r.call(admin, "POST", path, body, nil)
	if resp.StatusCode != 201 || resp.Header.Get("Location") != path || resp.Body != "" {
		t.Fatalf("set: %d %v %s", resp.StatusCode, resp.Header, resp.Body)
	}
	var q quotaOut
	r.call(admin, "GET", path, nil, &q)
	if q.Status.ID != 0 || q.Status.Description != "ACTIVE" || q.Volume != 1.5 || q.ExpiryDate != "2099-12-31 23:59:59" || q.AutoRefill != float64(1) ||
		q.ThresholdPercentage != 80 || q.Action.ID != 1 || q.Action.Description != "Throttle" || q.Action.PeakThroughput == nil ||
		*q.Action.PeakThroughput != 128000 || q.PeakThroughput == nil || *q.PeakThroughput != 128000 || len(q.LastStatusChangeDate) != 19 {
		t.Fatalf("quota: %+v", q)
	}
	// Replaced, with the throughput at the top level and an RFC 3339 date.
	body = map[string]any{"volume": 500, "expiry_date": "2099-06-01T10:00:00+02:00", "auto_refill": 0,
		"action_on_exhaustion": map[string]any{"id": 1}, "peak_throughput": 64000}
	if resp := r.call(admin, "POST", path, body, nil); resp.StatusCode != 201 {
		t.Fatalf("replace: %d %s", resp.StatusCode, resp.Body)
	}
	q = quotaOut{}
	r.call(admin, "GET", path, nil, &q)
	if q.Volume != 500 || q.ExpiryDate != "2099-06-01 08:00:00" || q.AutoRefill != float64(0) || *q.PeakThroughput != 64000 || q.ThresholdPercentage != 90 {
		t.Fatalf("replaced: %+v", q)
	}
	// Blocking has no throughput.
	if resp := r.call(admin, "POST", path, map[string]any{"volume": 5, "expiry_date": "2099-01-01 00:00:00", "action_on_exhaustion": map[string]any{"id": 0}}, nil); resp.StatusCode != 201 {
		t.Fatalf("block: %d %s", resp.StatusCode, resp.Body)
	}
	resp = r.call(admin, "GET", path, nil, nil)
	if strings.Contains(resp.Body, "peak_throughput") || !strings.Contains(resp.Body, `"description":"Block"`) {
		t.Errorf("a blocking quota: %s", resp.Body)
	}

	for _, c := range []struct {
		body  string
		words []string
	}{
		{`{"volume":5}`, []string{"expiry_date"}},
		{`{"volume":5,"expiry_date":"next week"}`, []string{"expiry_date", "YYYY-MM-DD"}},
		{`{"volume":5,"expiry_date":"2001-01-01 00:00:00"}`, []string{"expiry_date", "passed"}},
		{`{"expiry_date":"2099-01-01 00:00:00"}`, []string{"volume"}},
		{`{"volume":0,"expiry_date":"2099-01-01 00:00:00"}`, []string{"volume"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","auto_refill":true}`, []string{"auto_refill", "whole number"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","auto_refill":2}`, []string{"auto_refill"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","threshold_percentage":0}`, []string{"threshold_percentage"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","threshold_percentage":101}`, []string{"threshold_percentage"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","action_on_exhaustion":{"id":1}}`, []string{"peak_throughput"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","action_on_exhaustion":{"id":1,"peak_throughput":1000}}`, []string{"action_on_exhaustion.peak_throughput", "128000"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","action_on_exhaustion":{"id":0},"peak_throughput":64000}`, []string{"peak_throughput", "Throttle"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","action_on_exhaustion":{"id":1,"peak_throughput":64000},"peak_throughput":128000}`, []string{"peak_throughput"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","action_on_exhaustion":{"id":3}}`, []string{"action_on_exhaustion.id"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","status":{"id":5}}`, []string{"status.id"}},
		{`{"volume":5,"expiry_date":"2099-01-01 00:00:00","colour":1}`, []string{"colour"}},
	} {
		mustError(t, r.call(admin, "POST", path, c.body, nil), 422, c.words...)
	}
	mustError(t, r.call(admin, "POST", "/api/v1/endpoint/99999/quota/data", `{"volume":5,"expiry_date":"2099-01-01 00:00:00"}`, nil), 404)

	if resp := r.call(admin, "DELETE", path, nil, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Body)
	}
	mustError(t, r.call(admin, "GET", path, nil, nil), 404)
	mustError(t, r.call(admin, "DELETE", path, nil, nil), 404)
	// Each change is audited.
	resp = r.call(admin, "GET", "/api/v1/audit_log?q=action:quota.set", nil, nil)
	if resp.Header.Get("X-Total-Count") != "3" {
		t.Errorf("quota.set audited %s times: %s", resp.Header.Get("X-Total-Count"), resp.Body)
	}
}

func TestSMSQuota(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	admin := r.signIn(r.admin.ApplicationToken)
	path := r.endpointFor(admin, "s") + "/quota/sms"
	body := map[string]any{"volume": 100, "expiry_date": "2099-12-31 00:00:00", "auto_refill": true, "threshold_percentage": 50,
		"action_on_exhaustion": map[string]any{"id": 0, "description": "Block"}}
	if resp := r.call(admin, "POST", path, body, nil); resp.StatusCode != 201 {
		t.Fatalf("set: %d %s", resp.StatusCode, resp.Body)
	}
	var q quotaOut
	resp := r.call(admin, "GET", path, nil, &q)
	if q.Volume != 100 || q.AutoRefill != true || q.ThresholdPercentage != 50 || q.Action.ID != 0 || strings.Contains(resp.Body, "peak_throughput") {
		t.Fatalf("sms quota: %s", resp.Body)
	}
	mustError(t, r.call(admin, "POST", path, `{"volume":1.5,"expiry_date":"2099-01-01 00:00:00"}`, nil), 422, "volume", "whole number")
	mustError(t, r.call(admin, "POST", path, `{"volume":5,"expiry_date":"2099-01-01 00:00:00","auto_refill":1}`, nil), 422, "auto_refill", "true or false")
	mustError(t, r.call(admin, "POST", path, `{"volume":5,"expiry_date":"2099-01-01 00:00:00","peak_throughput":64000}`, nil), 422, "peak_throughput")
	mustError(t, r.call(admin, "POST", path, `{"volume":5,"expiry_date":"2099-01-01 00:00:00","action_on_exhaustion":{"id":1}}`, nil), 422, "action_on_exhaustion.id")
	// The data quota is another one.
	mustError(t, r.call(admin, "GET", strings.TrimSuffix(path, "sms")+"data", nil, nil), 404)
	if resp := r.call(admin, "DELETE", path, nil, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Body)
	}
}
