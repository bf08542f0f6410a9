package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// signIn posts an authenticate body and returns the access token.
func (c *client) signIn(body string) string {
	c.t.Helper()
	var out struct {
		AuthToken string `json:"auth_token"`
		ExpiresAt string `json:"expires_at"`
	}
	code, text := c.do("POST", "/api/v1/authenticate", body, &out)
	if code != http.StatusOK || out.AuthToken == "" || out.ExpiresAt == "" {
		c.t.Fatalf("authenticate: %d %s", code, text)
	}
	return out.AuthToken
}

// TestDemoWalkThrough starts the demo as a user would and follows its
// printed walk-through over HTTP. It replaces commandContext: not
// parallel.
func TestDemoWalkThrough(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	r := start(t, "demo", "--listen", "127.0.0.1:0", "--dir", dir)
	head := r.waitLine("cellgate-server demo: http://")
	r.waitLine("Stop it with Ctrl-C.")
	base, _, _ := strings.Cut(strings.TrimPrefix(head, "cellgate-server demo: "), "/api/v1")
	c := &client{t: t, base: base}
	appToken := r.value("application token: ")
	password := r.value("password: ")
	secret := r.value("TOTP secret: ")
	if !strings.Contains(strings.Join(r.seen, "\n"), `"application_token":"`+appToken+`"`) {
		t.Errorf("the printed curl calls do not carry the application token: %q", r.seen)
	}

	// Sign in with the application token, and with the password and a
	// code from the printed TOTP secret.
	c.token = c.signIn(fmt.Sprintf(`{"application_token":%q}`, appToken))
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatalf("TOTP code from %q: %v", secret, err)
	}
	if tok := c.signIn(fmt.Sprintf(`{"username":%q,"password":%q,"code":%q}`, demoEmail, password, code)); tok == "" {
		t.Fatal("no token from the password sign-in")
	}
	if st, body := c.do("POST", "/api/v1/authenticate", fmt.Sprintf(`{"username":%q,"password":%q}`, demoEmail, password), nil); st != http.StatusUnauthorized {
		t.Errorf("password without a code: %d %s, want 401", st, body)
	}

	// The batch, unregistered; then registered.
	var batch struct {
		BIC       string `json:"bic"`
		Quantity  int    `json:"quantity"`
		Activated bool   `json:"activated"`
	}
	if st, body := c.do("GET", "/api/v1/sim_batch/bic/"+demoBIC, "", &batch); st != http.StatusOK || batch.BIC != demoBIC || batch.Quantity != 10 || batch.Activated {
		t.Fatalf("GET the batch: %d %s", st, body)
	}
	var registered struct {
		SIM []struct {
			ID     int64 `json:"id"`
			Status struct {
				ID int `json:"id"`
			} `json:"status"`
		} `json:"sim"`
	}
	if st, body := c.do("PATCH", "/api/v1/sim_batch/bic/"+demoBIC, `{"sim_status":{"id":1}}`, &registered); st != http.StatusOK || len(registered.SIM) != 10 {
		t.Fatalf("register the batch: %d %s", st, body)
	}
	if st, body := c.do("GET", "/api/v1/sim_batch/bic/"+demoBIC, "", &batch); st != http.StatusOK || !batch.Activated {
		t.Errorf("the batch after registering: %d %s", st, body)
	}

	// The SIMs, newest first, five a page.
	var sims []struct {
		ID            int64  `json:"id"`
		ICCIDWithLuhn string `json:"iccid_with_luhn"`
		Status        struct {
			ID          int    `json:"id"`
			Description string `json:"description"`
		} `json:"status"`
	}
	st, body := c.do("GET", "/api/v1/sim?per_page=5&sort=-id", "", &sims)
	if st != http.StatusOK || len(sims) != 5 || sims[0].ID < sims[4].ID {
		t.Fatalf("list the SIMs: %d %s", st, body)
	}
	for _, m := range sims {
		if m.Status.ID != 1 || m.Status.Description != "Activated" || !strings.HasPrefix(m.ICCIDWithLuhn, "8988303") {
			t.Errorf("SIM %+v is not an activated demo SIM", m)
		}
	}

	// The registration is in the events, for the organisation and the SIM.
	var events []struct {
		ID        int64 `json:"id"`
		EventType struct {
			ID int `json:"id"`
		} `json:"event_type"`
		SIM *struct {
			ID int64 `json:"id"`
		} `json:"sim"`
	}
	if st, body := c.do("GET", fmt.Sprintf("/api/v1/sim/%d/event", sims[0].ID), "", &events); st != http.StatusOK || len(events) == 0 {
		t.Fatalf("the SIM's events: %d %s", st, body)
	}
	found := false
	for _, e := range events {
		if e.SIM == nil || e.SIM.ID != sims[0].ID {
			t.Errorf("event %+v is not the SIM's", e)
		}
		found = found || e.EventType.ID == 100
	}
	if !found {
		t.Errorf("no SIM registration among the SIM's events %+v", events)
	}
	if st, body := c.do("GET", "/api/v1/event?per_page=1", "", &events); st != http.StatusOK || len(events) != 1 {
		t.Errorf("the organisation's events: %d %s", st, body)
	}

	if code := r.stop(); code != 0 {
		t.Fatalf("the demo exited %d; stderr %q", code, r.stderr.String())
	}
	fi, err := os.Stat(filepath.Join(dir, "credentials.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("credentials.txt has mode %#o, want 0600", m)
	}
}
