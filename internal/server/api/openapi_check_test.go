package api_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/cellgate/cellgate/internal/server/api"
)

// specHost is the server URL the checked requests are matched under.
const specHost = "http://cellgate.test"

// spec is the OpenAPI document every API test's calls are checked
// against, loaded once.
var spec = sync.OnceValues(func() (*specCheck, error) {
	data, err := os.ReadFile("openapi.yaml")
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate openapi.yaml: %w", err)
	}
	doc.Servers = openapi3.Servers{{URL: specHost}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.yaml: %w", err)
	}
	return &specCheck{doc: doc, router: router, seen: map[string]bool{}}, nil
})

// specCheck holds the document, its router, and which of its operations
// the tests exercised.
type specCheck struct {
	doc    *openapi3.T
	router routers.Router
	mu     sync.Mutex
	seen   map[string]bool // "GET /api/v1/sim/{}"
}

// mustSpec is the loaded document, or the test's failure.
func mustSpec(t *testing.T) *specCheck {
	t.Helper()
	c, err := spec()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// opKey names an operation by method and path with its parameters'
// names left out, so that "{id}" in a route matches "{sim_id}".
func opKey(method, path string) string {
	return method + " " + pathParam.ReplaceAllString(path, "{}")
}

// operations are every method and path the document describes.
func (c *specCheck) operations() []string {
	var out []string
	for path, item := range c.doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, opKey(method, path))
		}
	}
	slices.Sort(out)
	return out
}

// bearer accepts any bearer token: the server decides whether it is valid.
func bearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName != "bearerAuth" {
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	tok, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		return errors.New("no bearer token")
	}
	return nil
}

// checked wraps the API so that every request a test makes and every
// response it gets are held to the document; a mismatch fails t.
func checked(t *testing.T, h http.Handler) http.Handler {
	c := mustSpec(t)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Errorf("%s %s: read request body: %v", req.Method, req.URL.Path, err)
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		// Check before answering, so that the test is still running.
		if msg := c.check(req, body, rec); msg != "" {
			t.Errorf("%s %s -> %d: %s", req.Method, req.URL.RequestURI(), rec.Code, msg)
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// check holds one exchange to the document, and says what is wrong.
func (c *specCheck) check(req *http.Request, body []byte, rec *httptest.ResponseRecorder) string {
	ctx := context.Background()
	u, _ := url.Parse(specHost + req.URL.RequestURI())
	vreq := req.Clone(ctx)
	vreq.URL = u
	vreq.Host = u.Host
	vreq.RequestURI = ""
	vreq.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := c.router.FindRoute(vreq)
	if err != nil {
		// Not in the document: the server must refuse it with an error body.
		if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
			return "the document has no such operation (" + err.Error() + ") but the server did not answer 404 or 405"
		}
		if err := c.doc.Components.Schemas["Error"].Value.VisitJSON(decodeAny(rec.Body.Bytes())); err != nil {
			return "the error body is not an Error: " + err.Error()
		}
		return ""
	}
	c.mu.Lock()
	c.seen[opKey(route.Method, route.Path)] = true
	c.mu.Unlock()
	in := &openapi3filter.RequestValidationInput{
		Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearer, MultiError: true},
	}
	var msgs []string
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && rec.Code < 400 {
		msgs = append(msgs, "the document refuses the request the server accepted: "+err.Error())
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	// A create answers 201 with an empty body and its Location (emnify's
	// single create) or with the created objects (a bulk create); the
	// document can describe only the latter's body.
	if rec.Code == http.StatusCreated && rec.Body.Len() == 0 {
		if rec.Header().Get("Location") == "" {
			msgs = append(msgs, "an empty 201 without a Location")
		}
		out.Options.ExcludeResponseBody = true
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		msgs = append(msgs, "the response does not match the document: "+err.Error()+"; body: "+clip(rec.Body.String()))
	}
	return strings.Join(msgs, "; ")
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}

// unexercised lists the document's operations that the server routes
// and no test called.
func (c *specCheck) unexercised(routed map[string]bool) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, op := range c.operations() {
		if routed[op] && !c.seen[op] {
			out = append(out, op)
		}
	}
	return out
}

// routedOps are the server's routes as operation keys.
func routedOps() map[string]bool {
	out := map[string]bool{}
	for _, p := range api.RoutePatterns(api.New(api.Options{})) {
		method, path, _ := strings.Cut(p, " ")
		out[opKey(method, path)] = true
	}
	return out
}

// againOnPostgres, when the integration build sets it, runs the tests a
// second time on PostgreSQL (main_integration_test.go).
var againOnPostgres func(m *testing.M) int

// TestMain runs the tests, then, when all of them ran, fails the run if
// a documented route of the server was never called by any of them; then
// runs them again on PostgreSQL in the integration build.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" {
		c, err := spec()
		if err != nil {
			fmt.Println("--- FAIL: TestMain (OpenAPI coverage):", err)
			os.Exit(1)
		}
		if missing := c.unexercised(routedOps()); len(missing) > 0 {
			fmt.Printf("--- FAIL: TestMain (OpenAPI coverage)\n    documented routes that no test called:\n        %s\n", strings.Join(missing, "\n        "))
			fmt.Println("FAIL")
			code = 1
		}
	}
	if code == 0 && againOnPostgres != nil {
		code = againOnPostgres(m)
	}
	os.Exit(code)
}
