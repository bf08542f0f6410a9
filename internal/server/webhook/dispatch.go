package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/cellgate/cellgate/internal/retry"
)

// Defaults for a Dispatcher's zero fields.
const (
	DefaultMaxAttempts   = 16
	DefaultPollInterval  = 5 * time.Second
	DefaultBatchSize     = 8
	DefaultMaxRetryAfter = time.Hour
	// MaxResponseBytes is how much of a response body is read (and
	// discarded, so the connection can be reused) before it is closed.
	MaxResponseBytes = 64 << 10
)

// DefaultBackoff is the schedule when Dispatcher.Backoff is zero: 10s
// doubling to an hour, jittered; with DefaultMaxAttempts a receiver has
// about eight hours to come back before an event is given up.
var DefaultBackoff = retry.Backoff{Min: 10 * time.Second, Max: time.Hour, Jitter: 0.2}

// Dispatcher sends the outbox's due deliveries. Its fields are read, never
// written, by Run; set them before and leave them alone after.
type Dispatcher struct {
	// Outbox is the queue (required).
	Outbox Outbox
	// Client sends the requests; NewClient(false, Timeout) when nil. Run
	// uses a copy whose redirects are refused whatever Client says.
	Client *http.Client
	// Backoff is the schedule between attempts (DefaultBackoff when zero):
	// the wait after attempt n is the schedule's n-th, jittered.
	Backoff retry.Backoff
	// MaxAttempts is the number of attempts, the first included, before a
	// delivery is given up (DefaultMaxAttempts when zero or less).
	MaxAttempts int
	// Clock tells the time and times the polls (retry.System when nil).
	Clock retry.Clock
	// Logger gets one line per attempt (discarded when nil). It never sees
	// the secret, the payload or the URL's path and query.
	Logger *slog.Logger
	// Wake, when it delivers, makes Run poll at once: the store sends on it
	// (without blocking; a buffer of one is enough) after committing rows.
	Wake <-chan struct{}
	// PollInterval is the longest Run waits between polls when not woken
	// (DefaultPollInterval when zero or less); it is also how late a retry
	// may be.
	PollInterval time.Duration
	// BatchSize is how many deliveries are claimed per poll, and sent
	// concurrently (DefaultBatchSize when zero or less).
	BatchSize int
	// Timeout bounds one attempt (DefaultTimeout when zero or less).
	Timeout time.Duration
	// Lease is how long a claim lasts (Timeout plus a minute when zero or
	// less). It must comfortably exceed Timeout: a lease that runs out
	// mid-attempt lets another replica send the same delivery.
	Lease time.Duration
	// MaxRetryAfter caps a receiver's Retry-After (DefaultMaxRetryAfter when
	// zero or less).
	MaxRetryAfter time.Duration
	// Observe, if set, is told each attempt's outcome ("delivered",
	// "retry", "given_up") and how long it took, for metrics.
	Observe func(outcome string, took time.Duration)
}

// run is a Dispatcher with its defaults filled in.
type run struct {
	Dispatcher
	client *http.Client
}

// Run sends due deliveries until ctx ends, polling every PollInterval and
// whenever Wake delivers. A poll that fills a whole batch is followed by
// another at once. Run returns ctx's error when ctx ends, having waited for
// the attempts in flight (which ctx cancels); an attempt cut short is not
// recorded, so its delivery is sent again when its lease runs out.
func (d *Dispatcher) Run(ctx context.Context) error {
	if d.Outbox == nil {
		return errors.New("webhook: Dispatcher has no Outbox")
	}
	r := &run{Dispatcher: *d}
	r.Clock = retry.OrSystem(r.Clock)
	if r.Logger == nil {
		r.Logger = slog.New(slog.DiscardHandler)
	}
	if r.Backoff == (retry.Backoff{}) {
		r.Backoff = DefaultBackoff
	}
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = DefaultMaxAttempts
	}
	if r.PollInterval <= 0 {
		r.PollInterval = DefaultPollInterval
	}
	if r.BatchSize <= 0 {
		r.BatchSize = DefaultBatchSize
	}
	if r.Timeout <= 0 {
		r.Timeout = DefaultTimeout
	}
	if r.Lease <= 0 {
		r.Lease = r.Timeout + time.Minute
	}
	if r.MaxRetryAfter <= 0 {
		r.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if r.Client == nil {
		r.client = NewClient(false, r.Timeout)
	} else {
		c := *r.Client
		c.CheckRedirect = refuseRedirect
		r.client = &c
	}
	for {
		n, err := r.poll(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			r.Logger.Error("webhook outbox poll failed", "err", err)
		} else if n == r.BatchSize {
			continue
		}
		if !r.wait(ctx) {
			return ctx.Err()
		}
	}
}

// wait returns when PollInterval passes or Wake delivers (true), or ctx
// ends (false).
func (r *run) wait(ctx context.Context) bool {
	t := r.Clock.NewTimer(r.PollInterval)
	defer t.Stop()
	select {
	case <-t.C():
		return true
	case <-r.Wake:
		return true
	case <-ctx.Done():
		return false
	}
}

// poll claims one batch and sends it, returning how many were claimed.
func (r *run) poll(ctx context.Context) (int, error) {
	due, err := r.Outbox.Due(ctx, r.Clock.Now(), r.Lease, r.BatchSize)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	for _, dl := range due {
		wg.Go(func() { r.deliver(ctx, dl) })
	}
	wg.Wait()
	return len(due), nil
}

// outcome is what one attempt came to.
type outcome struct {
	status     int           // HTTP status, 0 without a response
	delivered  bool          // 2xx
	gone       bool          // 410: give up now
	retryAfter time.Duration // the receiver's Retry-After, 0 if none
	err        string        // for lastErr and the log; "" when delivered
	detail     string        // the start of the response body, for lastErr only
}

// deliver makes one attempt and records its outcome.
func (r *run) deliver(ctx context.Context, dl Delivery) {
	attempts := dl.Attempts + 1
	log := r.Logger.With("delivery", dl.ID, "callback", dl.CallbackID, "host", hostOf(dl.URL), "attempt", attempts)
	start := r.Clock.Now()
	o := r.attempt(ctx, dl, start)
	if ctx.Err() != nil {
		log.Info("webhook attempt cut short by shutdown; it will be sent again")
		return
	}
	now := r.Clock.Now()
	lastErr := o.err
	if o.detail != "" {
		lastErr += ": " + o.detail
	}
	var err error
	outcome := "retry"
	defer func() {
		if r.Observe != nil {
			r.Observe(outcome, now.Sub(start))
		}
	}()
	switch {
	case o.delivered:
		outcome = "delivered"
		log.Info("webhook delivered", "status", o.status)
		err = r.Outbox.Delivered(ctx, dl.ID, dl.Claim, now)
	case o.gone:
		outcome = "given_up"
		log.Warn("webhook receiver answered 410 Gone; giving up", "status", o.status)
		err = r.Outbox.GiveUp(ctx, dl.ID, dl.Claim, attempts, lastErr)
	case attempts >= r.MaxAttempts:
		outcome = "given_up"
		log.Warn("webhook attempt failed; giving up", "status", o.status, "err", o.err, "attempts", attempts)
		err = r.Outbox.GiveUp(ctx, dl.ID, dl.Claim, attempts, lastErr)
	default:
		wait := r.backoff(attempts)
		if ra := min(o.retryAfter, r.MaxRetryAfter); ra > wait {
			wait = ra
		}
		next := now.Add(wait)
		log.Warn("webhook attempt failed; will retry", "status", o.status, "err", o.err, "retry_in", wait)
		err = r.Outbox.Retry(ctx, dl.ID, dl.Claim, next, attempts, lastErr)
	}
	switch {
	case err == nil:
	case errors.Is(err, ErrClaimLost):
		log.Warn("webhook outcome not recorded: another worker took the delivery over")
	default:
		log.Error("webhook outcome not recorded; the delivery will be sent again", "outbox_err", err)
	}
}

// backoff is the jittered wait after the given number of failed attempts.
func (r *run) backoff(attempts int) time.Duration {
	b := r.Backoff
	b.Reset()
	jitter := b.Jitter
	b.Jitter = 0
	for range attempts - 1 {
		b.Next()
	}
	b.Jitter = jitter
	return b.Next()
}

// attempt POSTs the delivery once.
func (r *run) attempt(ctx context.Context, dl Delivery, now time.Time) outcome {
	ctx, cancel := context.WithTimeout(ctx, r.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.URL, bytes.NewReader(dl.Payload))
	if err != nil {
		return outcome{err: "invalid callback url: " + safeErr(err)}
	}
	ts := now.Unix()
	id := dl.EventID
	if id == "" {
		id = strconv.FormatInt(dl.ID, 10)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "cellgate-webhook/1")
	req.Header.Set(HeaderEventID, id)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	if dl.Secret != "" {
		req.Header.Set(HeaderSignature, Sign([]byte(dl.Secret), ts, dl.Payload))
	}
	resp, err := r.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			return outcome{err: fmt.Sprintf("no response within %v", r.Timeout)}
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return outcome{err: "timed out: " + safeErr(err)}
		}
		return outcome{err: safeErr(err)}
	}
	defer resp.Body.Close()
	head := make([]byte, 256)
	n, _ := io.ReadFull(io.LimitReader(resp.Body, int64(len(head))), head)
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxResponseBytes-int64(n)))
	o := outcome{status: resp.StatusCode}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		o.delivered = true
		return o
	case resp.StatusCode == http.StatusGone:
		o.gone = true
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		o.err = fmt.Sprintf("HTTP %d: redirect to %s not followed (configure the final URL)", resp.StatusCode, hostOf(resp.Header.Get("Location")))
		return o
	}
	o.err = "HTTP " + resp.Status
	o.detail = printable(head[:n])
	o.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	return o
}

// parseRetryAfter reads delay-seconds or an HTTP date; 0 if neither.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(min(s, int64(24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// safeErr describes a client error without the URL, whose query may carry
// a token.
func safeErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// hostOf is the host of a URL, for logs: never its path or query.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "?"
	}
	return u.Host
}

// printable turns the start of a response body into one safe line.
func printable(b []byte) string {
	s := strings.ToValidUTF8(string(b), "?")
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, s)
	return strings.TrimSpace(s)
}
