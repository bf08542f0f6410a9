package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cellgate/cellgate/internal/server/api"
)

// decodeAny decodes JSON into any, or returns the text when it is not
// JSON, so that a schema check reports it.
func decodeAny(data []byte) any {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return string(data)
	}
	return v
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	t.Parallel()
	mustSpec(t) // loads and validates it
}

func TestEveryRouteIsDocumented(t *testing.T) {
	t.Parallel()
	c := mustSpec(t)
	documented := map[string]bool{}
	for _, op := range c.operations() {
		documented[op] = true
	}
	var missing []string
	for op := range routedOps() {
		if !documented[op] {
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 {
		t.Errorf("routes missing from openapi.yaml: %s", strings.Join(missing, ", "))
	}
}

func TestOpenAPIJSONIsTheYAML(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	resp := r.call("", "GET", "/api/openapi.json", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %d %s", resp.StatusCode, resp.Body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
		t.Errorf("Cache-Control = %q", cc)
	}
	var served any
	if err := json.Unmarshal([]byte(resp.Body), &served); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	data, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	// Through JSON and back, so that numbers and maps compare alike; yaml.v3
	// decodes this document's mappings as map[string]any.
	back, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("the YAML does not encode as JSON: %v", err)
	}
	var want any
	if err := json.Unmarshal(back, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(served, want) {
		t.Errorf("GET /api/openapi.json differs from openapi.yaml")
	}
	if m, ok := served.(map[string]any); !ok || m["openapi"] != "3.0.3" {
		t.Errorf("openapi = %v", m["openapi"])
	}
}

func TestYAMLMappingsBecomeJSONObjects(t *testing.T) {
	t.Parallel()
	var doc any
	if err := yaml.Unmarshal([]byte("responses:\n  200: {description: ok}\n  true: [a, {1: b}]\n"), &doc); err != nil {
		t.Fatal(err)
	}
	v, err := api.JSONable(doc, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("not encodable: %v", err)
	}
	if want := `{"responses":{"200":{"description":"ok"},"true":["a",{"1":"b"}]}}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if err := yaml.Unmarshal([]byte("{1.5: x}"), &doc); err != nil {
		t.Fatal(err)
	}
	if _, err := api.JSONable(doc, ""); err == nil || !strings.Contains(err.Error(), "1.5") {
		t.Errorf("a float key: %v", err)
	}
}
