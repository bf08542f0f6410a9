package console

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// testPassword is the console password in tests.
const testPassword = "Adm1n-Secret"

// fakeBackend records every call and answers from its fields.
type fakeBackend struct {
	mu      sync.Mutex
	calls   []string
	status  Status
	values  map[string]string
	setErr  error
	setNote string
	connErr error
	atResp  string
	atErr   error
}

func newFake() *fakeBackend {
	return &fakeBackend{values: map[string]string{"modem.apn": "internet", "modem.password": "***"}}
}

func (f *fakeBackend) record(format string, args ...any) {
	f.mu.Lock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

func (f *fakeBackend) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeBackend) Status(context.Context) (Status, error) {
	f.record("Status")
	return f.status, nil
}

func (f *fakeBackend) Get(key string) (string, error) {
	f.record("Get %s", key)
	v, ok := f.values[key]
	if !ok {
		return "", &SettingError{key, "unknown key"}
	}
	return v, nil
}

func (f *fakeBackend) Set(_ context.Context, changes map[string]string) (string, error) {
	keys := make([]string, 0, len(changes))
	for k, v := range changes {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	f.record("Set %s", strings.Join(keys, ";"))
	return f.setNote, f.setErr
}

func (f *fakeBackend) Connect(context.Context) error { f.record("Connect"); return f.connErr }
func (f *fakeBackend) Factory(context.Context) error { f.record("Factory"); return nil }
func (f *fakeBackend) Reboot(context.Context) error  { f.record("Reboot"); return nil }

func (f *fakeBackend) AT(_ context.Context, cmd string) (string, error) {
	f.record("AT %s", cmd)
	return f.atResp, f.atErr
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// rig is a console over a fake backend, collecting its audit entries.
type rig struct {
	c     *Console
	b     *fakeBackend
	clock *clock
	mu    sync.Mutex // guards audit: Serve audits from its own goroutine
	audit []AuditEntry
}

// audits returns the audit entries so far.
func (r *rig) audits() []AuditEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]AuditEntry(nil), r.audit...)
}

func newRig(t testing.TB, cfg Config) *rig {
	t.Helper()
	r := &rig{b: newFake(), clock: &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}}
	if cfg.Password == "" {
		cfg.Password = testPassword
	}
	cfg.Now = r.clock.Now
	cfg.Audit = func(e AuditEntry) { r.mu.Lock(); r.audit = append(r.audit, e); r.mu.Unlock() }
	r.c = New(cfg, r.b)
	return r
}

func (r *rig) send(from, text string) Result {
	return r.c.Handle(context.Background(), Request{From: from, Text: text, Time: r.clock.t})
}

func (r *rig) last(t testing.TB) AuditEntry {
	t.Helper()
	a := r.audits()
	if len(a) == 0 {
		t.Fatal("no audit entry")
	}
	return a[len(a)-1]
}

// noSecrets fails if any audit entry holds one of secrets.
func (r *rig) noSecrets(t testing.TB, secrets ...string) {
	t.Helper()
	for _, e := range r.audits() {
		for _, s := range secrets {
			if strings.Contains(e.Command, s) || strings.Contains(e.Result, s) || strings.Contains(e.From, s) {
				t.Errorf("audit entry %+v holds secret %q", e, s)
			}
		}
	}
}

var errBoom = errors.New("boom")
