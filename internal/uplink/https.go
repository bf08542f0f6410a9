package uplink

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/redact"
	"github.com/cellgate/cellgate/internal/retry"
	"github.com/cellgate/cellgate/internal/spool"
)

// HTTP body formats.
const (
	FormatNDJSON    = "ndjson"     // one record per line (default)
	FormatJSONArray = "json-array" // one JSON array of records
)

// BatchHeader carries "<first-id>-<last-id>" of the records in a POST so a
// receiver can drop a batch it has already stored.
const BatchHeader = "X-Cellgate-Batch"

// httpPoll is how often Run looks at an empty source even without a Notify.
const httpPoll = 5 * time.Second

// maxRetryAfter caps a server's Retry-After.
const maxRetryAfter = 15 * time.Minute

// HTTPConfig configures an HTTPPoster.
type HTTPConfig struct {
	// URL is the https:// endpoint; http:// is allowed only with Insecure.
	URL      string
	Insecure bool
	// TLS: PEM files; CAFile empty uses the system roots. ServerName
	// overrides the name expected in the server certificate (default: the
	// URL's host).
	CAFile, CertFile, KeyFile string
	ServerName                string
	// Header is added to every request (Content-Type may be overridden).
	Header map[string]string
	// BatchSize is the most records per POST (default 100).
	BatchSize int
	// Timeout bounds one request, response included (default 30 s).
	Timeout time.Duration
	// BackoffMin and BackoffMax bound the delay between failed attempts
	// (default 1 s and 5 min); a rejected batch (4xx) waits BackoffMax.
	BackoffMin, BackoffMax time.Duration
	// Format is FormatNDJSON (default) or FormatJSONArray. A record whose
	// Data is valid JSON is sent as is (compacted); other data is sent as
	// a JSON string.
	Format string
	Logger *slog.Logger
}

// HTTPStats are the poster's counters.
type HTTPStats struct {
	Posted      uint64 // POST attempts
	Acked       uint64 // records acknowledged in the spool after a 2xx
	Failures    uint64 // attempts that failed (network, TLS, non-2xx)
	Rejected    uint64 // of those, 4xx other than 408 and 429
	LastStatus  int    // HTTP status of the last attempt (0: none, or no response)
	LastError   string
	LastErrorAt time.Time
}

// HTTPPoster drains a Source by POSTing batches of records over HTTPS.
type HTTPPoster struct {
	cfg    HTTPConfig
	url    string
	client *http.Client
	log    *slog.Logger
	// secrets are the URL's password and the header values, masked in
	// what the poster logs and shows (redact.Values).
	secrets []string

	mu         sync.Mutex
	lastErr    string
	lastErrAt  time.Time
	lastStatus int

	posted, acked, failures, rejected atomic.Uint64
}

// NewHTTP checks cfg and returns a poster; nothing is sent until Run.
func NewHTTP(cfg HTTPConfig) (*HTTPPoster, error) {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 100
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.BackoffMin <= 0 {
		cfg.BackoffMin = time.Second
	}
	if cfg.BackoffMax <= 0 {
		cfg.BackoffMax = 5 * time.Minute
	}
	if cfg.BackoffMax < cfg.BackoffMin {
		cfg.BackoffMax = cfg.BackoffMin
	}
	if cfg.Format == "" {
		cfg.Format = FormatNDJSON
	}
	if cfg.Format != FormatNDJSON && cfg.Format != FormatJSONArray {
		return nil, fmt.Errorf("uplink: HTTP format %q: want %q or %q", cfg.Format, FormatNDJSON, FormatJSONArray)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	shown := redact.Command(cfg.URL) // errors are printed and logged
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("uplink: HTTP URL %q: %w", shown, parseError(err))
	}
	if u.Host == "" {
		return nil, fmt.Errorf("uplink: HTTP URL %q has no host", shown)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	switch u.Scheme {
	case "https":
		tc, err := buildTLS(&Config{CAFile: cfg.CAFile, CertFile: cfg.CertFile, KeyFile: cfg.KeyFile,
			ServerName: cfg.ServerName}, u.Hostname())
		if err != nil {
			return nil, err
		}
		tr.TLSClientConfig = tc
		tr.ForceAttemptHTTP2 = true
	case "http":
		if !cfg.Insecure {
			return nil, fmt.Errorf("uplink: HTTP URL %s is not https (set Insecure to allow it)", shown)
		}
		if cfg.CAFile != "" || cfg.CertFile != "" || cfg.KeyFile != "" {
			return nil, fmt.Errorf("uplink: HTTP URL %s is not https but TLS files are configured", shown)
		}
	default:
		return nil, fmt.Errorf("uplink: HTTP URL %s: scheme must be https", shown)
	}
	for k := range cfg.Header {
		if strings.EqualFold(k, BatchHeader) {
			return nil, fmt.Errorf("uplink: header %s is set by the poster", BatchHeader)
		}
	}
	secrets := []string{}
	if pw, ok := u.User.Password(); ok {
		secrets = append(secrets, pw)
	}
	for _, v := range cfg.Header {
		secrets = append(secrets, redact.Credentials(v)...)
	}
	return &HTTPPoster{
		cfg: cfg, url: u.String(), log: cfg.Logger, secrets: secrets,
		client: &http.Client{Transport: tr, Timeout: cfg.Timeout},
	}, nil
}

// Stats returns a snapshot of the counters.
func (p *HTTPPoster) Stats() HTTPStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return HTTPStats{
		Posted: p.posted.Load(), Acked: p.acked.Load(), Failures: p.failures.Load(),
		Rejected: p.rejected.Load(), LastStatus: p.lastStatus,
		LastError: p.lastErr, LastErrorAt: p.lastErrAt,
	}
}

func (p *HTTPPoster) fail(err error) {
	shown := p.shown(err)
	p.mu.Lock()
	p.lastErr, p.lastErrAt = shown, time.Now()
	p.mu.Unlock()
	p.log.Warn("uplink https", "err", shown)
}

// shown is err as the log and the stats show it: without the URL's
// password and the header values, which a server may quote in its answer.
func (p *HTTPPoster) shown(err error) string {
	return redact.Values(redact.Command(err.Error()), p.secrets...)
}

// Run drains src until ctx ends, then returns nil. Each batch is POSTed in
// ID order and its records are acknowledged in src only after a 2xx
// response; a batch that failed is sent again (same records, same
// X-Cellgate-Batch) until it succeeds. Nothing is ever dropped.
func (p *HTTPPoster) Run(ctx context.Context, src Source) error {
	defer p.client.CloseIdleConnections()
	bo := reconnectBackoff(p.cfg.BackoffMin, p.cfg.BackoffMax)
	poll := time.NewTicker(httpPoll)
	defer poll.Stop()
	var after uint64
	for ctx.Err() == nil {
		recs, err := src.Read(after, p.cfg.BatchSize)
		if err != nil {
			p.fail(fmt.Errorf("uplink: read spool: %w", err))
			if !retry.Sleep(ctx, bo.Next()) {
				return nil
			}
			continue
		}
		if len(recs) == 0 {
			select {
			case <-src.Notify():
			case <-poll.C:
			case <-ctx.Done():
				return nil
			}
			continue
		}
		wait, ok := p.post(ctx, recs)
		if ctx.Err() != nil {
			return nil
		}
		if !ok {
			// Retry-After is a floor: "0" must not make a busy loop.
			if !retry.Sleep(ctx, max(wait, bo.Next())) {
				return nil
			}
			continue
		}
		bo.Reset()
		for _, r := range recs {
			if err := src.Ack(r.ID); err != nil {
				// The record stays in the spool and goes again on the
				// next Run; the receiver drops it by batch/record id.
				p.fail(fmt.Errorf("uplink: ack record %d in spool: %w", r.ID, err))
				continue
			}
			p.acked.Add(1)
		}
		after = recs[len(recs)-1].ID
	}
	return nil
}

// post sends one batch. ok reports a 2xx; otherwise wait is the delay the
// response asks for at least (Retry-After, or BackoffMax for a rejection),
// or -1 when only the backoff applies.
func (p *HTTPPoster) post(ctx context.Context, recs []spool.Entry) (wait time.Duration, ok bool) {
	body := encodeBatch(p.cfg.Format, recs)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		p.failures.Add(1)
		p.fail(fmt.Errorf("uplink: HTTP request: %w", err))
		return -1, false
	}
	if p.cfg.Format == FormatJSONArray {
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Set("Content-Type", "application/x-ndjson")
	}
	for k, v := range p.cfg.Header {
		req.Header.Set(k, v)
	}
	batch := fmt.Sprintf("%d-%d", recs[0].ID, recs[len(recs)-1].ID)
	req.Header.Set(BatchHeader, batch)

	p.posted.Add(1)
	resp, err := p.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, false
		}
		p.mu.Lock()
		p.lastStatus = 0 // the server was not reached
		p.mu.Unlock()
		p.failures.Add(1)
		if te := classifyTLS(req.URL.Host, err); te != nil {
			err = te
		}
		p.fail(fmt.Errorf("uplink: POST batch %s: %w", batch, err))
		return -1, false
	}
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	resp.Body.Close()
	p.mu.Lock()
	p.lastStatus = resp.StatusCode
	p.mu.Unlock()

	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return 0, true
	case code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500:
		p.failures.Add(1)
		p.fail(fmt.Errorf("uplink: POST batch %s: %s", batch, resp.Status))
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			return d, false
		}
		return -1, false
	default: // 3xx (not followed for POST bodies) and other 4xx: our fault
		p.failures.Add(1)
		p.rejected.Add(1)
		err := p.shown(fmt.Errorf("uplink: POST batch %s rejected: %s: %s", batch, resp.Status,
			strings.TrimSpace(string(snippet))))
		p.mu.Lock()
		p.lastErr, p.lastErrAt = err, time.Now()
		p.mu.Unlock()
		p.log.Error("uplink https: server rejects batch; kept in spool, retrying slowly",
			"batch", batch, "status", code, "err", err)
		d := p.cfg.BackoffMax
		if ra, ok := retryAfter(resp.Header.Get("Retry-After")); ok && ra > d {
			d = ra
		}
		return d, false
	}
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		d = time.Duration(min(n, int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = max(time.Until(t), 0)
	} else {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}

// encodeBatch renders recs in the given format.
func encodeBatch(format string, recs []spool.Entry) []byte {
	var b bytes.Buffer
	if format == FormatJSONArray {
		b.WriteByte('[')
	}
	for i, r := range recs {
		if format == FormatJSONArray && i > 0 {
			b.WriteByte(',')
		}
		writeJSON(&b, r.Data)
		if format != FormatJSONArray {
			b.WriteByte('\n')
		}
	}
	if format == FormatJSONArray {
		b.WriteByte(']')
	}
	return b.Bytes()
}

// writeJSON writes data compacted if it is JSON, else as a JSON string.
func writeJSON(b *bytes.Buffer, data []byte) {
	if len(bytes.TrimSpace(data)) > 0 && json.Valid(data) {
		if err := json.Compact(b, data); err == nil {
			return
		}
	}
	s, _ := json.Marshal(string(data))
	b.Write(s)
}
