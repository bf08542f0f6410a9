package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
	"github.com/cellgate/cellgate/internal/testkit"
)

var epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const (
	testSecret  = "whsec-do-not-log-7f3a"
	testPayload = `{"event_type":"update_location","secret_marker":"payload-do-not-log"}`
)

// received is one request a test receiver saw.
type received struct {
	header http.Header
	body   []byte
}

// receiver is an httptest server answering with the next of its replies
// (the last one repeats) and sending every request on got.
type receiver struct {
	srv  *httptest.Server
	got  chan received
	hits atomic.Int64
}

func newReceiver(t *testing.T, replies ...http.HandlerFunc) *receiver {
	t.Helper()
	rc := &receiver{got: make(chan received, 100)}
	var mu sync.Mutex
	n := 0
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		rc.got <- received{header: r.Header.Clone(), body: body}
		mu.Lock()
		h := replies[min(n, len(replies)-1)]
		n++
		mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func status(code int, hdr ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, "reply "+strconv.Itoa(code))
	}
}

// rig runs a Dispatcher on a test clock against a fake outbox.
type rig struct {
	t     *testing.T
	clock *testkit.Clock
	ob    *fakeOutbox
	wake  chan struct{}
	log   *syncBuffer
	done  chan error
	stop  context.CancelFunc
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newRig starts Run; edit lets a test change the Dispatcher first.
func newRig(t *testing.T, edit func(*Dispatcher)) *rig {
	t.Helper()
	r := &rig{t: t, clock: testkit.NewClock(epoch), ob: newFakeOutbox(), wake: make(chan struct{}, 1), log: &syncBuffer{}, done: make(chan error, 1)}
	d := &Dispatcher{
		Outbox:       r.ob,
		Client:       NewClient(true, 0),
		Backoff:      retry.Backoff{Min: time.Minute, Max: time.Hour},
		MaxAttempts:  5,
		Clock:        r.clock,
		Logger:       slog.New(slog.NewTextHandler(r.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Wake:         r.wake,
		PollInterval: time.Second,
		Timeout:      5 * time.Second,
	}
	if edit != nil {
		edit(d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.stop = cancel
	go func() { r.done <- d.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-r.done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
	})
	return r
}

// add queues a delivery to url, due now, and wakes the dispatcher.
func (r *rig) add(url string) int64 {
	id := r.ob.add(Delivery{EventID: "evt-" + strconv.Itoa(int(r.ob.nextID+1)), CallbackID: 7, URL: url, Secret: testSecret, Payload: []byte(testPayload)}, r.clock.Now())
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return id
}

// event waits for the next recorded outcome.
func (r *rig) event() fakeEvent {
	r.t.Helper()
	select {
	case e := <-r.ob.events:
		return e
	case <-time.After(testkit.Patience):
		r.t.Fatal("no outcome recorded")
		return fakeEvent{}
	}
}

// advance moves the clock once the dispatcher is waiting on it.
func (r *rig) advance(d time.Duration) {
	r.t.Helper()
	r.clock.WaitForWaiters(r.t, 1)
	r.clock.Advance(d)
}

func TestDeliverOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		reply     http.HandlerFunc
		kind      string
		retryIn   time.Duration
		errSubstr string
	}{
		{"200 delivered", status(200), "delivered", 0, ""},
		{"204 delivered", status(204), "delivered", 0, ""},
		{"410 gives up", status(410), "giveup", 0, "410"},
		{"500 retries after backoff", status(500), "retry", time.Minute, "HTTP 500 Internal Server Error: reply 500"},
		{"503 short Retry-After keeps backoff", status(503, "Retry-After", "5"), "retry", time.Minute, "503"},
		{"429 Retry-After seconds", status(429, "Retry-After", "120"), "retry", 120 * time.Second, "429"},
		{"429 Retry-After date", status(429, "Retry-After", epoch.Add(10*time.Minute).Format(http.TimeFormat)), "retry", 10 * time.Minute, "429"},
		{"429 Retry-After capped", status(429, "Retry-After", "86400"), "retry", DefaultMaxRetryAfter, "429"},
		{"400 retries", status(400), "retry", time.Minute, "400"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t, tc.reply)
			observed := make(chan string, 1)
			r := newRig(t, func(d *Dispatcher) {
				d.Observe = func(outcome string, took time.Duration) {
					if took < 0 {
						t.Errorf("an attempt took %v", took)
					}
					observed <- outcome
				}
			})
			id := r.add(rc.srv.URL + "/hook")
			e := r.event()
			if e.kind != tc.kind || e.id != id || e.attempts != 1 {
				t.Fatalf("outcome %+v, want %s of %d after 1 attempt", e, tc.kind, id)
			}
			want := map[string]string{"delivered": "delivered", "giveup": "given_up", "retry": "retry"}[tc.kind]
			select {
			case got := <-observed:
				if got != want {
					t.Errorf("observed %q, want %q", got, want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the outcome was not observed")
			}
			if tc.kind == "retry" {
				if got := e.next.Sub(epoch); got != tc.retryIn {
					t.Errorf("retry in %v, want %v", got, tc.retryIn)
				}
			}
			if !strings.Contains(e.lastErr, tc.errSubstr) {
				t.Errorf("lastErr %q, want it to contain %q", e.lastErr, tc.errSubstr)
			}
		})
	}
}

func TestRequestIsSignedAndLabelled(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(200))
	r := newRig(t, nil)
	r.add(rc.srv.URL)
	if e := r.event(); e.kind != "delivered" {
		t.Fatalf("outcome %+v, want delivered", e)
	}
	req := <-rc.got
	if string(req.body) != testPayload {
		t.Errorf("body %q, want the payload byte for byte", req.body)
	}
	for h, want := range map[string]string{
		"Content-Type":  "application/json",
		HeaderEventID:   "evt-1",
		HeaderTimestamp: strconv.FormatInt(epoch.Unix(), 10),
	} {
		if got := req.header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	sig := req.header.Get(HeaderSignature)
	if err := Verify([]byte(testSecret), sig, req.body, epoch, time.Minute); err != nil {
		t.Errorf("signature %q does not verify: %v", sig, err)
	}
	if sig != Sign([]byte(testSecret), epoch.Unix(), []byte(testPayload)) {
		t.Errorf("signature %q is not Sign's", sig)
	}
}

func TestUnsignedWithoutSecret(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(200))
	r := newRig(t, nil)
	r.ob.add(Delivery{URL: rc.srv.URL, Payload: []byte(`{}`)}, epoch)
	r.wake <- struct{}{}
	if e := r.event(); e.kind != "delivered" {
		t.Fatalf("outcome %+v, want delivered", e)
	}
	req := <-rc.got
	if sig := req.header.Get(HeaderSignature); sig != "" {
		t.Errorf("signature %q without a secret", sig)
	}
	if id := req.header.Get(HeaderEventID); id != "1" {
		t.Errorf("event id %q, want the row id 1", id)
	}
}

func TestFailureThenSuccessOnTheClock(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(500), status(200))
	r := newRig(t, nil)
	id := r.add(rc.srv.URL)
	if e := r.event(); e.kind != "retry" || !e.next.Equal(epoch.Add(time.Minute)) {
		t.Fatalf("first outcome %+v, want a retry at +1m", e)
	}
	r.advance(30 * time.Second) // a poll before the retry is due sends nothing
	r.advance(30 * time.Second)
	e := r.event()
	if e.kind != "delivered" || e.attempts != 2 {
		t.Fatalf("second outcome %+v, want delivered after 2 attempts", e)
	}
	if r.ob.state(id) != "delivered" {
		t.Errorf("row state %q", r.ob.state(id))
	}
	first, second := <-rc.got, <-rc.got
	if rc.hits.Load() != 2 {
		t.Errorf("%d requests, want 2", rc.hits.Load())
	}
	if a, b := first.header.Get(HeaderEventID), second.header.Get(HeaderEventID); a != b {
		t.Errorf("event id changed between attempts: %q, %q", a, b)
	}
	if ts := second.header.Get(HeaderTimestamp); ts != strconv.FormatInt(epoch.Add(time.Minute).Unix(), 10) {
		t.Errorf("retry timestamp %s, want the retry's own time", ts)
	}
	if err := Verify([]byte(testSecret), second.header.Get(HeaderSignature), second.body, epoch.Add(time.Minute), time.Minute); err != nil {
		t.Errorf("retry signature: %v", err)
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(502))
	r := newRig(t, func(d *Dispatcher) { d.MaxAttempts = 3 })
	id := r.add(rc.srv.URL)
	for i, wait := range []time.Duration{time.Minute, 2 * time.Minute} {
		e := r.event()
		if e.kind != "retry" || e.attempts != i+1 {
			t.Fatalf("outcome %d: %+v, want a retry", i+1, e)
		}
		if got := e.next.Sub(r.clock.Now()); got != wait {
			t.Errorf("outcome %d: retry in %v, want %v", i+1, got, wait)
		}
		r.advance(wait)
	}
	if e := r.event(); e.kind != "giveup" || e.attempts != 3 {
		t.Fatalf("last outcome %+v, want giving up after 3", e)
	}
	if r.ob.state(id) != "failed" || rc.hits.Load() != 3 {
		t.Errorf("state %q after %d requests, want failed after 3", r.ob.state(id), rc.hits.Load())
	}
}

func TestTimeoutRetries(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })
	r := newRig(t, func(d *Dispatcher) { d.Timeout = 50 * time.Millisecond })
	r.add(rc.srv.URL)
	e := r.event()
	if e.kind != "retry" || !strings.Contains(e.lastErr, "no response within 50ms") {
		t.Fatalf("outcome %+v, want a retry for the timeout", e)
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	target := newReceiver(t, status(200))
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.srv.URL+"/elsewhere", http.StatusTemporaryRedirect)
	})
	r := newRig(t, nil)
	r.add(rc.srv.URL)
	e := r.event()
	if e.kind != "retry" || !strings.Contains(e.lastErr, "redirect") {
		t.Fatalf("outcome %+v, want a retry naming the redirect", e)
	}
	if n := target.hits.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests", n)
	}
}

func TestRedirectRefusedWithCallersClient(t *testing.T) {
	t.Parallel()
	target := newReceiver(t, status(200))
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.srv.URL, http.StatusFound)
	})
	r := newRig(t, func(d *Dispatcher) { d.Client = rc.srv.Client() })
	r.add(rc.srv.URL)
	if e := r.event(); e.kind != "retry" || target.hits.Load() != 0 {
		t.Fatalf("outcome %+v with %d requests to the target, want a retry and none", e, target.hits.Load())
	}
}

func TestLoopbackRefusedAtDial(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(200))
	r := newRig(t, func(d *Dispatcher) { d.Client = nil }) // NewClient(false, ...)
	r.add(rc.srv.URL)
	e := r.event()
	if e.kind != "retry" || !strings.Contains(e.lastErr, "not public") {
		t.Fatalf("outcome %+v, want a retry for the refused address", e)
	}
	if rc.hits.Load() != 0 {
		t.Errorf("the loopback receiver got %d requests", rc.hits.Load())
	}
}

func TestWakePollsAtOnce(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(200))
	r := newRig(t, func(d *Dispatcher) { d.PollInterval = time.Hour })
	r.clock.WaitForWaiters(t, 1) // idle after the first, empty poll
	r.add(rc.srv.URL)            // wakes it; the clock does not move
	if e := r.event(); e.kind != "delivered" {
		t.Fatalf("outcome %+v, want delivered", e)
	}
	if !r.clock.Now().Equal(epoch) {
		t.Errorf("clock moved to %v", r.clock.Now())
	}
}

func TestFullBatchPollsAgain(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(200))
	r := newRig(t, func(d *Dispatcher) { d.BatchSize = 2; d.PollInterval = time.Hour })
	r.clock.WaitForWaiters(t, 1)
	for range 5 {
		r.ob.add(Delivery{URL: rc.srv.URL, Payload: []byte(`{}`)}, epoch)
	}
	r.wake <- struct{}{}
	for i := range 5 {
		if e := r.event(); e.kind != "delivered" {
			t.Fatalf("outcome %d: %+v", i, e)
		}
	}
	if rc.hits.Load() != 5 {
		t.Errorf("%d requests, want 5", rc.hits.Load())
	}
}

func TestExpiredLeaseIsRetaken(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(200))
	r := newRig(t, func(d *Dispatcher) { d.PollInterval = time.Minute; d.Timeout = 5 * time.Second })
	r.clock.WaitForWaiters(t, 1)
	id := r.ob.add(Delivery{URL: rc.srv.URL, Payload: []byte(`{}`)}, epoch)
	// Another replica claims the row and crashes.
	stale, _ := r.ob.Due(context.Background(), epoch, time.Minute+5*time.Second, 10)
	if len(stale) != 1 {
		t.Fatalf("the other replica claimed %d rows", len(stale))
	}
	r.advance(time.Minute) // its lease still holds: nothing sent
	r.advance(time.Minute) // it has run out
	if e := r.event(); e.kind != "delivered" || e.id != id {
		t.Fatalf("outcome %+v, want the row delivered", e)
	}
	if rc.hits.Load() != 1 {
		t.Errorf("%d requests, want 1", rc.hits.Load())
	}
	if err := r.ob.Delivered(context.Background(), id, stale[0].Claim, epoch); !errors.Is(err, ErrClaimLost) {
		t.Errorf("stale claim's outcome: %v, want ErrClaimLost", err)
	}
	r.ob.mu.Lock()
	lease := r.ob.leases[len(r.ob.leases)-1]
	r.ob.mu.Unlock()
	if lease != 5*time.Second+time.Minute {
		t.Errorf("lease %v, want Timeout plus a minute", lease)
	}
}

func TestCancelStopsRunPromptly(t *testing.T) {
	t.Parallel()
	inFlight := make(chan struct{}, 1)
	release := make(chan struct{})
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
		inFlight <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })
	r := newRig(t, func(d *Dispatcher) { d.Timeout = time.Hour; d.Client = NewClient(true, time.Hour) })
	id := r.add(rc.srv.URL)
	<-inFlight
	r.stop()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup's check
	case <-time.After(testkit.Patience):
		t.Fatal("Run did not return after its context ended")
	}
	if r.ob.state(id) != "pending" || len(r.ob.events) != 0 {
		t.Errorf("an interrupted attempt was recorded: state %q, %d events", r.ob.state(id), len(r.ob.events))
	}
}

func TestCancelWhileIdle(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(d *Dispatcher) { d.PollInterval = time.Hour })
	r.clock.WaitForWaiters(t, 1)
	r.stop()
	select {
	case err := <-r.done:
		r.done <- err
	case <-time.After(testkit.Patience):
		t.Fatal("Run did not return after its context ended")
	}
}

func TestLogsKeepSecretsOut(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		_, _ = w.Write([]byte(testPayload)) // a receiver echoing the event
	})
	r := newRig(t, nil)
	r.add(rc.srv.URL + "/hooks/path-do-not-log?token=query-do-not-log")
	if e := r.event(); e.kind != "retry" {
		t.Fatalf("outcome %+v", e)
	}
	r.stop()
	err := <-r.done
	r.done <- err
	logged := r.log.String()
	if !strings.Contains(logged, "will retry") {
		t.Fatalf("nothing logged about the attempt:\n%s", logged)
	}
	for _, s := range []string{testSecret, "payload-do-not-log", "path-do-not-log", "query-do-not-log"} {
		if strings.Contains(logged, s) {
			t.Errorf("log contains %q:\n%s", s, logged)
		}
	}
}

func TestRunWithoutOutbox(t *testing.T) {
	t.Parallel()
	if err := (&Dispatcher{}).Run(context.Background()); err == nil {
		t.Error("Run without an Outbox returned nil")
	}
}

func TestBackoffSchedule(t *testing.T) {
	t.Parallel()
	r := &run{Dispatcher: Dispatcher{Backoff: retry.Backoff{Min: time.Second, Max: 10 * time.Second, Jitter: 0.5}}}
	for attempts, full := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 9: 10 * time.Second} {
		for range 20 {
			if got := r.backoff(attempts); got < full/2 || got > full {
				t.Fatalf("after %d attempts: %v outside [%v, %v]", attempts, got, full/2, full)
			}
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{" 7 ", 7 * time.Second},
		{"0", 0},
		{"-5", 0},
		{"soon", 0},
		{"99999999999", 24 * time.Hour},
		{epoch.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{epoch.Add(-time.Hour).Format(http.TimeFormat), 0},
	} {
		if got := parseRetryAfter(tc.in, epoch); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
