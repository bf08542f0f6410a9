package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cellgate/cellgate/internal/server/api"
)

// client calls a fleet's API over loopback HTTP with one auth_token.
type client struct {
	base  string
	http  *http.Client
	token string
}

// serve starts f's API and signs its admin in.
func (f *fleet) serve(tb testing.TB) {
	tb.Helper()
	srv := httptest.NewServer(api.New(f.api))
	atExit(srv.Close)
	f.srv = srv
	f.client = f.signIn(tb, f.admin.ApplicationToken)
}

// signIn exchanges an application token for an auth_token, as a client
// does once before its calls.
func (f *fleet) signIn(tb testing.TB, appToken string) *client {
	tb.Helper()
	c := &client{base: f.srv.URL, http: f.srv.Client()}
	var out struct {
		AuthToken string `json:"auth_token"`
	}
	body, _ := json.Marshal(map[string]string{"application_token": appToken})
	if err := c.do("POST", "/api/v1/authenticate", body, &out); err != nil || out.AuthToken == "" {
		tb.Fatalf("%s: sign in: %v", f.name, err)
	}
	c.token = out.AuthToken
	return c
}

// do sends a request and decodes a 200 answer into out (when not nil);
// any other status is an error.
func (c *client) do(method, path string, body []byte, out any) error {
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}
