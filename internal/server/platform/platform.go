// Package platform assembles cellgate-server from its configuration: the
// store (SQLite or PostgreSQL), the keys, the REST API with its limits,
// the webhook dispatcher, metrics and health checks, and serves them
// until its context ends, then stops them in reverse order.
package platform

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/retry"
	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/config"
	"github.com/cellgate/cellgate/internal/server/sealbox"
	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/sqlite"
	"github.com/cellgate/cellgate/internal/server/webhook"
)

// Platform is a configured cellgate-server.
type Platform struct {
	Config  *config.Config
	Store   store.Store
	Box     *sealbox.Box
	API     *api.Server
	Metrics *metrics.Registry
	log     *slog.Logger
	wake    chan struct{}
	// observeWebhook counts webhook attempts for /metrics.
	observeWebhook func(outcome string, took time.Duration)
	// AllowLoopbackWebhooks lets webhooks reach loopback addresses;
	// webhooks.allow_loopback sets it. Other private addresses stay
	// refused.
	AllowLoopbackWebhooks bool
	// WebhookPollInterval is the longest the dispatcher waits between
	// looks at the outbox when nothing wakes it, which is also how late a
	// retry may go out (webhook.DefaultPollInterval when zero). Set it
	// before Serve.
	WebhookPollInterval time.Duration
}

// Open opens the store and the keys that cfg names and builds the API.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Platform, error) {
	if log == nil {
		log = slog.Default()
	}
	st, err := OpenStore(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	p, err := assemble(cfg, st, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	return p, nil
}

// OpenStore opens the database cfg names, migrating it.
func OpenStore(ctx context.Context, db config.Database) (store.Store, error) {
	switch db.Driver {
	case config.DriverSQLite, "":
		if dir := filepath.Dir(db.Path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("database.path: %w", err)
			}
		}
		return sqlite.Open(ctx, db.Path)
	case config.DriverPostgres:
		return openPostgres(ctx, db)
	}
	return nil, fmt.Errorf("database.driver: %q is not sqlite or postgres", db.Driver)
}

func assemble(cfg *config.Config, st store.Store, log *slog.Logger) (*Platform, error) {
	key, err := auth.LoadKey(cfg.Secrets.JWTKeyFile)
	if err != nil {
		return nil, fmt.Errorf("secrets.jwt_key_file: %w", err)
	}
	box, err := sealbox.LoadKey(cfg.Secrets.EncryptionKeyFile)
	if err != nil {
		return nil, fmt.Errorf("secrets.encryption_key_file: %w", err)
	}
	reg := metrics.NewRegistry()
	reg.RegisterProcess()
	attempts := reg.Counter("cellgate_server_webhook_attempts_total", "Webhook delivery attempts by outcome (delivered, retry, given_up).", "outcome")
	took := reg.Histogram("cellgate_server_webhook_attempt_seconds", "Webhook delivery attempt durations.", metrics.DefBuckets())
	p := &Platform{Config: cfg, Store: st, Box: box, Metrics: reg, log: log, wake: make(chan struct{}, 1), AllowLoopbackWebhooks: cfg.Webhooks.AllowLoopback}
	p.observeWebhook = func(outcome string, d time.Duration) {
		attempts.With(outcome).Inc()
		took.With().Observe(d.Seconds())
	}
	clock := retry.OrSystem(nil)
	lim := func(r config.Rate) *auth.Limiter {
		if r.IsZero() {
			return nil
		}
		return &auth.Limiter{Rate: r.PerSecond(), Burst: cfg.RateLimit.Burst, Clock: clock}
	}
	p.API = api.New(api.Options{
		Store:           st,
		Signer:          auth.Signer{Key: key, TTL: time.Duration(cfg.Auth.TokenTTL), Clock: clock},
		Box:             box,
		Lockout:         &auth.Lockout{Max: cfg.Auth.Lockout.MaxFailures, Window: time.Duration(cfg.Auth.Lockout.Window), Ban: time.Duration(cfg.Auth.Lockout.Ban), Clock: clock},
		IPLimit:         lim(cfg.RateLimit.PerIP),
		TokenLimit:      lim(cfg.RateLimit.PerToken),
		RequireAdminMFA: cfg.Auth.MFARequiredForAdmins,
		Wake:            p.Wake,
		Logger:          log,
		Clock:           clock,
		Metrics:         reg,
		SealCallbackSecret: func(plain string) (string, error) {
			return box.Seal(plain, CallbackSecretAAD)
		},
		LoopbackCallbacks: func() bool { return p.AllowLoopbackWebhooks },
	})
	return p, nil
}

// Wake tells the webhook dispatcher that deliveries may be due.
func (p *Platform) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Handler is everything the server answers over HTTP: the API, /metrics.
func (p *Platform) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", p.Metrics.Handler())
	mux.Handle("/", p.API)
	return mux
}

// Listen opens the configured address.
func (p *Platform) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", p.Config.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	if !p.Config.TLS.Enabled() {
		return ln, nil
	}
	cert, err := tls.LoadX509KeyPair(p.Config.TLS.Cert, p.Config.TLS.Key)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("tls: %w", err)
	}
	return tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), nil
}

// Serve answers on ln and delivers webhooks until ctx ends, then shuts
// the HTTP server down gracefully (in-flight requests finish, up to 10 s)
// and stops the dispatcher. It does not close the store: Close does.
func (p *Platform) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           p.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(p.log.Handler(), slog.LevelWarn),
	}
	dctx, stopDispatch := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { p.dispatch(dctx) })

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	p.log.Info("cellgate-server listening", "addr", ln.Addr().String(), "tls", p.Config.TLS.Enabled(), "database", p.Config.Database.Driver)

	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
		<-errc
	}
	stopDispatch()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// dispatch runs the webhook dispatcher over the store's outbox.
func (p *Platform) dispatch(ctx context.Context) {
	wh := p.Config.Webhooks
	d := &webhook.Dispatcher{
		Outbox:       outbox{p.Store, p.Box},
		Client:       webhook.NewClient(p.AllowLoopbackWebhooks, time.Duration(wh.Timeout)),
		Backoff:      retry.Backoff{Min: time.Duration(wh.BackoffMin), Max: time.Duration(wh.BackoffMax), Jitter: 0.2},
		MaxAttempts:  wh.MaxAttempts,
		Timeout:      time.Duration(wh.Timeout),
		Logger:       p.log.With("component", "webhook"),
		Wake:         p.wake,
		PollInterval: p.WebhookPollInterval,
		Observe:      p.observeWebhook,
	}
	if err := d.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		p.log.Error("webhook dispatcher stopped", "err", err)
	}
}

// Close closes the store.
func (p *Platform) Close() error { return p.Store.Close() }
