//go:build integration

package platform_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/config"
	"github.com/cellgate/cellgate/internal/server/platform"
	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/postgres/pgtest"
	"github.com/cellgate/cellgate/internal/server/store/storetest"
)

// replica is one cellgate-server serving on a loopback port.
type replica struct {
	p   *platform.Platform
	url string
}

func startReplica(t *testing.T, cfg *config.Config) replica {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p, err := platform.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		p.Close()
	})
	return replica{p, "http://" + ln.Addr().String() + "/api/v1"}
}

// callJSON makes one API request (call, in webhook_test.go) and decodes a
// JSON answer into out.
func callJSON(t *testing.T, method, url, bearer, body string, out any) int {
	t.Helper()
	code, data := call(t, url, bearer, method, "", body)
	if out != nil && code < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, data)
		}
	}
	return code
}

// TestTwoReplicasShareOnePostgreSQL runs two servers on one database: what
// one registers the other shows, and life cycle changes racing through
// both leave the SIM in a legal state with one event per change.
func TestTwoReplicasShareOnePostgreSQL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Database = config.Database{Driver: config.DriverPostgres, URL: config.Secret{Value: pgtest.URL(t)}, MaxConns: 8}
	cfg.Secrets.JWTKeyFile = filepath.Join(dir, "jwt.key")
	cfg.Secrets.EncryptionKeyFile = filepath.Join(dir, "enc.key")
	cfg.RateLimit = config.RateLimit{}
	a := startReplica(t, cfg)
	b := startReplica(t, cfg)

	ctx := context.Background()
	creds, err := api.CreateUser(ctx, a.p.Store, a.p.Box, api.NewUser{Org: "Replicas", Email: "ops@example.com", Password: "a long enough password", Role: auth.RoleOperator})
	if err != nil {
		t.Fatal(err)
	}
	sims := storetest.SIMs(4)
	if _, err := a.p.Store.ImportBatch(ctx, store.Actor{Name: "test"}, store.Batch{BIC: "REPLICA-BIC", Name: "two replicas"}, sims); err != nil {
		t.Fatal(err)
	}
	// Each replica signs in; a token signed by one is good at the other.
	var auth struct {
		Token string `json:"auth_token"`
	}
	if code := callJSON(t, "POST", a.url+"/authenticate", "", `{"application_token":"`+creds.ApplicationToken+`"}`, &auth); code != 200 {
		t.Fatalf("authenticate: %d", code)
	}
	if code := callJSON(t, "PATCH", a.url+"/sim_batch/bic/REPLICA-BIC", auth.Token, `{"sim_status":{"id":1}}`, nil); code != 200 {
		t.Fatalf("register through a: %d", code)
	}
	var list []struct {
		ID     int64 `json:"id"`
		ICCID  string
		Status struct {
			ID int `json:"id"`
		} `json:"status"`
	}
	if code := callJSON(t, "GET", b.url+"/sim?q=status:1&sort=id", auth.Token, "", &list); code != 200 || len(list) != len(sims) {
		t.Fatalf("b lists %d SIMs (%d); want the %d a registered", len(list), code, len(sims))
	}
	id := list[0].ID

	// 2 x 20 requests flip the SIM through both replicas at once.
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for i := range 40 {
		r := a
		if i%2 == 1 {
			r = b
		}
		to := 1 + i%4/2 // 1 Activated or 2 Suspended
		wg.Go(func() {
			code := callJSON(t, "PATCH", fmt.Sprintf("%s/sim/%d", r.url, id), auth.Token, fmt.Sprintf(`{"status":{"id":%d}}`, to), nil)
			mu.Lock()
			codes[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	for code := range codes {
		if code != 200 && code != 204 && code != 400 && code != 409 {
			t.Errorf("status %d in %v", code, codes)
		}
	}
	ok := codes[200] + codes[204]
	if ok == 0 {
		t.Fatalf("no change succeeded: %v", codes)
	}
	// One event per change that succeeded (and per registration), and the
	// events form a legal path.
	var evs []struct {
		Type struct {
			ID int `json:"id"`
		} `json:"event_type"`
	}
	if code := callJSON(t, "GET", fmt.Sprintf("%s/sim/%d/event?sort=id&per_page=1000", b.url, id), auth.Token, "", &evs); code != 200 {
		t.Fatalf("events: %d", code)
	}
	// Activations and suspensions alternate, starting with the
	// registration's activation: no change was lost or applied twice.
	var path []store.EventType
	for _, e := range evs {
		if et := store.EventType(e.Type.ID); et == store.EventSIMActivation || et == store.EventSIMSuspension {
			path = append(path, et)
		}
	}
	for i, et := range path {
		want := store.EventSIMActivation
		if i%2 == 1 {
			want = store.EventSIMSuspension
		}
		if et != want {
			t.Fatalf("event %d of %v is %v", i, path, et)
		}
	}
	// A request for the state the SIM is already in changes nothing and
	// records nothing; every other success is one event.
	if len(path) < 2 || len(path) > ok+1 {
		t.Errorf("%d activation and suspension events for %d successful requests and the registration (codes %v)", len(path), ok, codes)
	}
	state := store.SIMActivated
	if len(path)%2 == 0 {
		state = store.SIMSuspended
	}
	var sim struct {
		Status struct {
			ID int `json:"id"`
		} `json:"status"`
	}
	if code := callJSON(t, "GET", fmt.Sprintf("%s/sim/%d", a.url, id), auth.Token, "", &sim); code != 200 || store.SIMStatus(sim.Status.ID) != state {
		t.Errorf("the SIM is %d (%d); its events end in %v", sim.Status.ID, code, state)
	}
}
