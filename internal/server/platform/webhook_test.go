package platform_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/config"
	"github.com/cellgate/cellgate/internal/server/platform"
	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/storetest"
	"github.com/cellgate/cellgate/internal/server/webhook"
)

// patience bounds every wait for a delivery: generous, for a loaded
// machine running the race detector.
const patience = 30 * time.Second

// hook is one request the receiver got.
type hook struct {
	header http.Header
	body   []byte
	status int // what the receiver answered
}

// event is the part of a delivered event the tests look at.
type event struct {
	ID        int64 `json:"id"`
	EventType struct {
		ID          int    `json:"id"`
		Description string `json:"description"`
	} `json:"event_type"`
	Endpoint *struct {
		ID int64 `json:"id"`
	} `json:"endpoint"`
	SIM *struct {
		ID int64 `json:"id"`
	} `json:"sim"`
}

// receiver is a subscriber's webhook endpoint: it answers events of type
// failType with 500 while fail is above zero (counting it down), and
// everything else with 204, and passes every request on.
type receiver struct {
	srv      *httptest.Server
	got      chan hook
	fail     atomic.Int32
	failType atomic.Int32
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{got: make(chan hook, 256)}
	r.failType.Store(-1)
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Errorf("receiver: read the body: %v", err)
		}
		status := http.StatusNoContent
		if req.Method != http.MethodPost {
			status = http.StatusMethodNotAllowed
		} else if e, ok := parseEvent(body); ok && e.EventType.ID == int(r.failType.Load()) && r.fail.Add(-1) >= 0 {
			status = http.StatusInternalServerError
		}
		r.got <- hook{header: req.Header.Clone(), body: body, status: status}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// parseEvent reads a delivered body.
func parseEvent(body []byte) (event, bool) {
	var e event
	return e, json.Unmarshal(body, &e) == nil
}

// next waits for a request carrying an event of type typ, skipping others.
func (r *receiver) next(t *testing.T, typ store.EventType) (hook, event) {
	t.Helper()
	timeout := time.NewTimer(patience)
	defer timeout.Stop()
	for {
		select {
		case h := <-r.got:
			var e event
			if err := json.Unmarshal(h.body, &e); err != nil {
				t.Fatalf("the body %q is not an event: %v", h.body, err)
			}
			if e.EventType.ID == int(typ) {
				return h, e
			}
		case <-timeout.C:
			t.Fatalf("no delivery of a %q event within %v", typ, patience)
		}
	}
}

// testConfig is a server in dir whose webhooks retry at once.
func testConfig(dir string) *config.Config {
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Database.Path = filepath.Join(dir, "cellgate-server.db")
	cfg.Secrets.JWTKeyFile = filepath.Join(dir, "jwt.key")
	cfg.Secrets.EncryptionKeyFile = filepath.Join(dir, "encryption.key")
	cfg.Webhooks.BackoffMin = config.Duration(time.Millisecond)
	cfg.Webhooks.BackoffMax = config.Duration(10 * time.Millisecond)
	cfg.Webhooks.AllowLoopback = true // the receiver is on 127.0.0.1
	return cfg
}

// open opens a platform that looks at its outbox often, so a retry goes
// out soon after its backoff.
func open(t *testing.T, cfg *config.Config) *platform.Platform {
	t.Helper()
	return openLogging(t, cfg, nil)
}

// openLogging is open with the platform's log going to log.
func openLogging(t *testing.T, cfg *config.Config, log *slog.Logger) *platform.Platform {
	t.Helper()
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	p, err := platform.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	p.WebhookPollInterval = 20 * time.Millisecond
	return p
}

// serve runs p until the test ends, and returns its base URL. Cleanup
// stops it and checks that it stopped cleanly.
func serve(t *testing.T, p *platform.Platform) string {
	t.Helper()
	ln, err := p.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// fleet is what seed made.
type fleet struct {
	creds    api.Credentials
	sim      int64
	endpoint int64
}

// seed creates an organisation with its admin, a callback to url signed
// with secret, a service profile that uses it, and an endpoint of that
// profile with an active SIM.
func seed(t *testing.T, p *platform.Platform, url, secret string) fleet {
	t.Helper()
	ctx := context.Background()
	c, err := api.CreateUser(ctx, p.Store, p.Box, api.NewUser{Org: "acme", Email: "admin@acme.example", Password: "correct horse battery", Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	a := store.Actor{OrgID: c.OrgID, UserID: c.User.ID, Name: "test"}
	sealed, err := p.Box.Seal(secret, platform.CallbackSecretAAD)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := p.Store.CreateCallback(ctx, a, store.Callback{URL: url + "/hooks/cellgate", Purpose: "fleet events", Secret: sealed})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := p.Store.CreateServiceProfile(ctx, a, store.ServiceProfile{Name: "with webhook", AllowedRATs: []store.RAT{store.RAT4G}, Data: true, APICallbackID: cb.ID})
	if err != nil {
		t.Fatal(err)
	}
	tp, err := p.Store.CreateTariffProfile(ctx, a, store.TariffProfile{Name: "Europe", AllowedCountries: []string{"DE"}})
	if err != nil {
		t.Fatal(err)
	}
	sims := storetest.ActiveSIMs(t, p.Store, a, 1)
	es, err := p.Store.CreateEndpoints(ctx, a, []store.Endpoint{{Name: "pump 1", ServiceProfileID: sp.ID, TariffProfileID: tp.ID, SIMID: sims[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	return fleet{creds: c, sim: sims[0].ID, endpoint: es[0].ID}
}

// call sends a JSON request to base and returns the status and body.
func call(t *testing.T, base, token, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// suspend signs in with the fleet's application token and suspends its
// SIM over the API.
func suspend(t *testing.T, base string, f fleet) {
	t.Helper()
	code, body := call(t, base, "", "POST", "/api/v1/authenticate", fmt.Sprintf(`{"application_token":%q}`, f.creds.ApplicationToken))
	var auth struct {
		AuthToken string `json:"auth_token"`
	}
	if code != http.StatusOK || json.Unmarshal(body, &auth) != nil || auth.AuthToken == "" {
		t.Fatalf("authenticate: %d %s", code, body)
	}
	if code, body := call(t, base, auth.AuthToken, "PATCH", fmt.Sprintf("/api/v1/sim/%d", f.sim), `{"status":{"id":2}}`); code != http.StatusNoContent {
		t.Fatalf("suspend the SIM: %d %s", code, body)
	}
}

// checkDelivery checks that h is a signed delivery of a suspension of the
// fleet's SIM.
func checkDelivery(t *testing.T, h hook, e event, f fleet, secret string) {
	t.Helper()
	if err := webhook.Verify([]byte(secret), h.header.Get(webhook.HeaderSignature), h.body, time.Now(), 0); err != nil {
		t.Errorf("signature %q: %v", h.header.Get(webhook.HeaderSignature), err)
	}
	if ct := h.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if id := h.header.Get(webhook.HeaderEventID); id != fmt.Sprint(e.ID) {
		t.Errorf("%s %q, want the event's id %d", webhook.HeaderEventID, id, e.ID)
	}
	if e.EventType.Description != store.EventSIMSuspension.String() {
		t.Errorf("event_type %+v", e.EventType)
	}
	if e.Endpoint == nil || e.Endpoint.ID != f.endpoint || e.SIM == nil || e.SIM.ID != f.sim {
		t.Errorf("event %s names endpoint %v and SIM %v, want %d and %d", h.body, e.Endpoint, e.SIM, f.endpoint, f.sim)
	}
}

func TestWebhookDeliversASignedEvent(t *testing.T) {
	t.Parallel()
	const secret = "whsec-e2e-0123456789"
	rcv := newReceiver(t)
	p := open(t, testConfig(t.TempDir()))
	t.Cleanup(func() { p.Close() })
	base := serve(t, p)
	f := seed(t, p, rcv.srv.URL, secret)

	suspend(t, base, f)
	h, e := rcv.next(t, store.EventSIMSuspension)
	if h.status != http.StatusNoContent {
		t.Fatalf("receiver answered %d", h.status)
	}
	checkDelivery(t, h, e, f, secret)
	if err := webhook.Verify([]byte("another secret"), h.header.Get(webhook.HeaderSignature), h.body, time.Now(), 0); err == nil {
		t.Error("the signature verifies with another secret")
	}
}

func TestWebhookRetriesAfterServerErrors(t *testing.T) {
	t.Parallel()
	const secret = "whsec-retry-0123456789"
	rcv := newReceiver(t)
	p := open(t, testConfig(t.TempDir()))
	t.Cleanup(func() { p.Close() })
	base := serve(t, p)
	// The receiver fails the suspension twice; the events of setting the
	// fleet up go through.
	rcv.failType.Store(int32(store.EventSIMSuspension))
	rcv.fail.Store(2)
	f := seed(t, p, rcv.srv.URL, secret)

	suspend(t, base, f)
	var ids []string
	for i := range 3 {
		h, e := rcv.next(t, store.EventSIMSuspension)
		want := http.StatusInternalServerError
		if i == 2 {
			want = http.StatusNoContent
		}
		if h.status != want {
			t.Fatalf("attempt %d answered %d, want %d", i+1, h.status, want)
		}
		checkDelivery(t, h, e, f, secret)
		ids = append(ids, h.header.Get(webhook.HeaderEventID))
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("the attempts carry event ids %q; want one id for every attempt", ids)
	}
}

func TestWebhookSurvivesARestartBeforeSending(t *testing.T) {
	t.Parallel()
	const secret = "whsec-restart-0123456789"
	rcv := newReceiver(t)
	cfg := testConfig(t.TempDir())

	// The first server commits the suspension but dies before its
	// dispatcher runs: its API is served without Serve.
	p1 := open(t, cfg)
	f := seed(t, p1, rcv.srv.URL, secret)
	front := httptest.NewServer(p1.Handler())
	suspend(t, front.URL, f)
	front.Close()
	if err := p1.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case h := <-rcv.got:
		t.Fatalf("delivered before any dispatcher ran: %s", h.body)
	default:
	}

	// The next one, on the same files, sends it.
	p2 := open(t, cfg)
	t.Cleanup(func() { p2.Close() })
	serve(t, p2)
	h, e := rcv.next(t, store.EventSIMSuspension)
	checkDelivery(t, h, e, f, secret)
}

// lines passes each write (one log record) on, for a test to wait for.
type lines chan string

func (l lines) Write(p []byte) (int, error) {
	select {
	case l <- string(p):
	default: // the test has what it waited for
	}
	return len(p), nil
}

func TestWebhookRefusesLoopbackByDefault(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	cfg := testConfig(t.TempDir())
	cfg.Webhooks.AllowLoopback = false
	logged := make(lines, 256)
	p := openLogging(t, cfg, slog.New(slog.NewTextHandler(logged, nil)))
	t.Cleanup(func() { p.Close() })
	serve(t, p)
	seed(t, p, rcv.srv.URL, "whsec-refused-0123456789")

	timeout := time.NewTimer(patience)
	defer timeout.Stop()
	for {
		select {
		case line := <-logged:
			if !strings.Contains(line, "webhook attempt failed") {
				continue
			}
			if !strings.Contains(line, "not public") {
				t.Errorf("the attempt failed for another reason: %s", line)
			}
			select {
			case h := <-rcv.got:
				t.Errorf("the loopback receiver got %s", h.body)
			default:
			}
			return
		case <-timeout.C:
			t.Fatalf("no refused attempt logged within %v", patience)
		}
	}
}
