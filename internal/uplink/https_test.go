package uplink

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// post is one request the test server received.
type post struct {
	batch, ctype, auth string
	body               string
	leftAtArrival      []uint64 // ids of the batch still unacked when it arrived
}

// httpsSink is an httptest TLS server requiring a client certificate from
// the test CA; status decides the response to each request.
type httpsSink struct {
	srv    *httptest.Server
	src    *memSource
	mu     sync.Mutex
	posts  []post
	status func(n int) (code int, retryAfter string) // n: request number from 0
}

func newSink(t *testing.T, e *env, src *memSource, ln net.Listener) *httpsSink {
	t.Helper()
	s := &httpsSink{src: src, status: func(int) (int, string) { return 200, "" }}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if ln != nil {
		s.srv.Listener.Close()
		s.srv.Listener = ln
	}
	cert, err := e.Server.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	s.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert},
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: e.CA.Pool()}
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.srv.StartTLS()
	t.Cleanup(s.srv.Close)
	return s
}

func (s *httpsSink) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	p := post{batch: r.Header.Get(BatchHeader), ctype: r.Header.Get("Content-Type"),
		auth: r.Header.Get("Authorization"), body: string(body)}
	var first, last uint64
	if _, err := fmtSscanf(p.batch, &first, &last); err == nil {
		s.src.mu.Lock()
		for id := first; id <= last; id++ {
			if _, ok := s.src.recs[id]; ok {
				p.leftAtArrival = append(p.leftAtArrival, id)
			}
		}
		s.src.mu.Unlock()
	}
	s.mu.Lock()
	n := len(s.posts)
	s.posts = append(s.posts, p)
	code, ra := s.status(n)
	s.mu.Unlock()
	if ra != "" {
		w.Header().Set("Retry-After", ra)
	}
	w.WriteHeader(code)
	io.WriteString(w, http.StatusText(code))
}

func (s *httpsSink) Posts() []post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.posts)
}

func (s *httpsSink) setStatus(f func(int) (int, string)) {
	s.mu.Lock()
	s.status = f
	s.mu.Unlock()
}

func (e *env) httpConfig(url string) HTTPConfig {
	return HTTPConfig{
		URL: url, CAFile: e.CAFile, CertFile: e.CertFile, KeyFile: e.KeyFile,
		Header:    map[string]string{"Authorization": "Bearer t0ken"},
		BatchSize: 3, Timeout: 5 * time.Second,
		BackoffMin: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond, Logger: quiet,
	}
}

func runHTTP(t *testing.T, p *HTTPPoster, src Source) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, src) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Run did not return")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func ids(n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i + 1)
	}
	return out
}

func TestHTTPSBatchesInOrderAckedAfter2xx(t *testing.T) {
	e := newEnv(t)
	src := newMemSource()
	for i := range 7 {
		src.Add(`{"n": ` + string(rune('0'+i)) + `}`)
	}
	s := newSink(t, e, src, nil)
	p, err := NewHTTP(e.httpConfig(s.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	runHTTP(t, p, src)
	testkit.Eventually(t, "all acked", func() bool { return src.Left() == 0 })

	posts := s.Posts()
	var batches []string
	for _, ps := range posts {
		batches = append(batches, ps.batch)
	}
	if want := []string{"1-3", "4-6", "7-7"}; !slices.Equal(batches, want) {
		t.Fatalf("batches %v, want %v", batches, want)
	}
	if posts[0].body != "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n" {
		t.Errorf("body %q", posts[0].body)
	}
	if posts[0].ctype != "application/x-ndjson" || posts[0].auth != "Bearer t0ken" {
		t.Errorf("headers: content-type %q authorization %q", posts[0].ctype, posts[0].auth)
	}
	for _, ps := range posts { // nothing of a batch acked before the server saw it
		var first, last uint64
		fmtSscanf(ps.batch, &first, &last)
		if len(ps.leftAtArrival) != int(last-first+1) {
			t.Errorf("batch %s: only %v unacked when it arrived", ps.batch, ps.leftAtArrival)
		}
	}
	if got := src.Acked(); !slices.Equal(got, ids(7)) {
		t.Errorf("acked %v", got)
	}
	st := p.Stats()
	if st.Posted != 3 || st.Acked != 7 || st.Failures != 0 || st.LastStatus != 200 {
		t.Errorf("stats %+v", st)
	}
}

func TestHTTPS503ThenOK(t *testing.T) {
	e := newEnv(t)
	src := newMemSource()
	src.Add(`{"a":1}`)
	src.Add("not json\nline")
	s := newSink(t, e, src, nil)
	s.setStatus(func(n int) (int, string) {
		if n == 0 {
			return 503, "0"
		}
		return 200, ""
	})
	cfg := e.httpConfig(s.srv.URL)
	cfg.Format = FormatJSONArray
	p, err := NewHTTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	runHTTP(t, p, src)
	testkit.Eventually(t, "acked", func() bool { return src.Left() == 0 })
	posts := s.Posts()
	if len(posts) != 2 || posts[0].batch != "1-2" || posts[1].batch != "1-2" || posts[0].body != posts[1].body {
		t.Fatalf("posts %+v", posts)
	}
	if posts[1].body != `[{"a":1},"not json\nline"]` || posts[1].ctype != "application/json" {
		t.Errorf("body %q type %q", posts[1].body, posts[1].ctype)
	}
	if len(posts[1].leftAtArrival) != 2 {
		t.Errorf("records acked after the 503: %v", posts[1].leftAtArrival)
	}
	if got := src.Acked(); !slices.Equal(got, ids(2)) {
		t.Errorf("acked %v, want each once", got)
	}
	st := p.Stats()
	if st.Failures != 1 || st.Acked != 2 || st.LastStatus != 200 || !strings.Contains(st.LastError, "503") {
		t.Errorf("stats %+v", st)
	}
}

func TestHTTPSServerDownThenUp(t *testing.T) {
	e := newEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	src := newMemSource()
	src.Add(`{"x":1}`)
	p, err := NewHTTP(e.httpConfig("https://" + addr + "/ingest"))
	if err != nil {
		t.Fatal(err)
	}
	runHTTP(t, p, src)
	testkit.Eventually(t, "failures", func() bool { return p.Stats().Failures >= 2 })
	if src.Left() != 1 || p.Stats().Acked != 0 {
		t.Fatal("acked while the server was down")
	}
	if st := p.Stats(); !strings.Contains(st.LastError, "connect") {
		t.Errorf("last error %q", st.LastError)
	}
	var ln2 net.Listener
	testkit.Eventually(t, "the port to be free again", func() bool {
		ln2, err = net.Listen("tcp", addr)
		return err == nil
	})
	s := newSink(t, e, src, ln2)
	testkit.Eventually(t, "acked", func() bool { return src.Left() == 0 })
	if posts := s.Posts(); len(posts) != 1 || posts[0].batch != "1-1" {
		t.Errorf("posts %+v", posts)
	}
}

func TestHTTPSNotify(t *testing.T) {
	e := newEnv(t)
	src := newMemSource()
	s := newSink(t, e, src, nil)
	p, err := NewHTTP(e.httpConfig(s.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	runHTTP(t, p, src)
	time.Sleep(50 * time.Millisecond)
	if len(s.Posts()) != 0 {
		t.Fatal("posted from an empty source")
	}
	src.Add(`{"late":1}`)
	testkit.Eventually(t, "first", func() bool { return src.Left() == 0 })
	src.Add(`{"late":2}`)
	src.Add(`{"late":3}`)
	testkit.Eventually(t, "second", func() bool { return len(src.Acked()) == 3 })
	// well under the 5 s poll: Notify woke the poster
	var batches []string
	for _, ps := range s.Posts() {
		batches = append(batches, ps.batch)
	}
	if !slices.Equal(batches, []string{"1-1", "2-3"}) && !slices.Equal(batches, []string{"1-1", "2-2", "3-3"}) {
		t.Errorf("batches %v", batches)
	}
}

func TestHTTPSRejectedKeptAndRetried(t *testing.T) {
	e := newEnv(t)
	src := newMemSource()
	src.Add(`{"bad":1}`)
	s := newSink(t, e, src, nil)
	s.setStatus(func(int) (int, string) { return 400, "" })
	p, err := NewHTTP(e.httpConfig(s.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	runHTTP(t, p, src)
	testkit.Eventually(t, "rejections", func() bool { return p.Stats().Rejected >= 2 })
	st := p.Stats()
	if src.Left() != 1 || st.Acked != 0 || st.LastStatus != 400 || !strings.Contains(st.LastError, "rejected") {
		t.Fatalf("after 400: left %d stats %+v", src.Left(), st)
	}
	s.setStatus(func(int) (int, string) { return 204, "" })
	testkit.Eventually(t, "acked", func() bool { return src.Left() == 0 })
	if st := p.Stats(); st.Acked != 1 || st.LastStatus != 204 {
		t.Errorf("stats %+v", st)
	}
}

func TestHTTPSClientWithoutCertificate(t *testing.T) {
	e := newEnv(t)
	src := newMemSource()
	src.Add(`{"x":1}`)
	s := newSink(t, e, src, nil)
	cfg := e.httpConfig(s.srv.URL)
	cfg.CertFile, cfg.KeyFile = "", ""
	p, err := NewHTTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	runHTTP(t, p, src)
	testkit.Eventually(t, "failure", func() bool { return p.Stats().Failures >= 1 })
	st := p.Stats()
	if !strings.Contains(st.LastError, "certificate required") || st.Acked != 0 || src.Left() != 1 {
		t.Errorf("stats %+v", st)
	}
	if len(s.Posts()) != 0 {
		t.Error("server handled a request from a client without certificate")
	}
}

func TestNewHTTPChecks(t *testing.T) {
	for _, c := range []HTTPConfig{
		{URL: "http://example.com/x"},
		{URL: "ftp://example.com/x"},
		{URL: "https:///x"},
		{URL: "https://example.com/x", Format: "xml"},
		{URL: "https://example.com/x", CertFile: "a.pem"},
		{URL: "https://example.com/x", Header: map[string]string{"x-cellgate-batch": "1"}},
	} {
		if _, err := NewHTTP(c); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
	if _, err := NewHTTP(HTTPConfig{URL: "http://127.0.0.1:1/x", Insecure: true}); err != nil {
		t.Errorf("insecure http: %v", err)
	}
}

func TestRetryAfter(t *testing.T) {
	if d, ok := retryAfter("7"); !ok || d != 7*time.Second {
		t.Errorf("7: %v %v", d, ok)
	}
	if d, ok := retryAfter(time.Now().Add(time.Minute).UTC().Format(http.TimeFormat)); !ok || d < 50*time.Second || d > time.Minute {
		t.Errorf("date: %v %v", d, ok)
	}
	if _, ok := retryAfter("soon"); ok {
		t.Error("garbage accepted")
	}
	if d, _ := retryAfter("999999"); d != maxRetryAfter {
		t.Errorf("cap: %v", d)
	}
}

func fmtSscanf(batch string, first, last *uint64) (int, error) {
	return fmt.Sscanf(batch, "%d-%d", first, last)
}
