package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"gopkg.in/yaml.v3"
)

// openapiYAML is the API's OpenAPI 3.0 document, kept as YAML for review.
//
//go:embed openapi.yaml
var openapiYAML []byte

// OpenAPIJSON is the API's OpenAPI document as JSON.
func OpenAPIJSON() ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(openapiYAML, &doc); err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	doc, err := jsonable(doc, "")
	if err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	return json.Marshal(doc)
}

// jsonable turns what YAML decodes into what encoding/json encodes:
// mappings with keys other than strings become map[string]any.
func jsonable(v any, at string) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			c, err := jsonable(e, at+"/"+k)
			if err != nil {
				return nil, err
			}
			v[k] = c
		}
		return v, nil
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			var key string
			switch k := k.(type) {
			case string:
				key = k
			case int, bool:
				key = fmt.Sprint(k)
			default:
				return nil, fmt.Errorf("%s: key %v is a %T, not a string", at, k, k)
			}
			c, err := jsonable(e, at+"/"+key)
			if err != nil {
				return nil, err
			}
			out[key] = c
		}
		return out, nil
	case []any:
		for i, e := range v {
			c, err := jsonable(e, fmt.Sprintf("%s/%d", at, i))
			if err != nil {
				return nil, err
			}
			v[i] = c
		}
		return v, nil
	}
	return v, nil
}

// serveOpenAPI answers GET /api/openapi.json with the document converted
// when the server was built.
func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request, _ *principal) {
	if s.openapiErr != nil {
		s.fail(w, r, s.openapiErr)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "public, max-age=3600")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(s.openapi)
}
