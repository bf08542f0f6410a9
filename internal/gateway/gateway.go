package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/metrics"
)

// Options are what the daemon gives a Gateway besides its configuration.
type Options struct {
	// Logger receives every component's log (slog.Default when nil).
	Logger *slog.Logger
	// Version is reported by the status API.
	Version string
	// Drain bounds how long a shutdown waits for the outputs to deliver
	// what is waiting before they stop (5 s; records not delivered stay in
	// the spool for the next start).
	Drain time.Duration
	// StatusAddr, when set, receives the listener's address once the
	// metrics and status API listens (tests ask for port 0).
	StatusAddr chan<- string
}

// Gateway is the daemon.
type Gateway struct {
	opts    Options
	log     *slog.Logger
	started time.Time
	reg     *metrics.Registry
	obs     *observer

	reloads chan *config.Config
	cur     atomic.Pointer[assembly] // the running configuration's components
	mu      sync.Mutex
	cfg     *config.Config // the configuration as loaded (before SMS settings)

	atEvents   *eventBucket  // remote AT requests recorded as events
	linkEvents *eventBucket  // the AT engine's events recorded
	wdEvents   *layerBuckets // watchdog check events recorded, by layer
	atLimits   atLimits      // remote AT rate, shared by MQTT and the SMS console
}

// New returns a gateway for cfg, which must come from config.Load or
// config.Parse (validated, defaults filled). It starts nothing.
func New(cfg *config.Config, opts Options) *Gateway {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Drain == 0 {
		opts.Drain = 5 * time.Second
	}
	g := &Gateway{
		opts:    opts,
		log:     opts.Logger,
		started: time.Now(),
		reg:     metrics.NewRegistry(),
		reloads: make(chan *config.Config, 1),
		cfg:     cfg,

		atEvents:   newEventBucket(remoteATBurst, remoteATEvery),
		linkEvents: newEventBucket(linkEventBurst, linkEventEvery),
		wdEvents:   newLayerBuckets(watchdogEventBurst, watchdogEventEvery),
	}
	g.obs = newObserver(g.reg, g.started, g.cur.Load)
	return g
}

// Reload asks the running gateway to switch to cfg, which must be valid. A
// reload asked for while another is pending replaces it.
func (g *Gateway) Reload(cfg *config.Config) {
	for {
		select {
		case g.reloads <- cfg:
			return
		default:
		}
		select {
		case <-g.reloads:
		default:
		}
	}
}

// config returns the configuration file's contents in force.
func (g *Gateway) config() *config.Config {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.cfg
}

// Run runs the gateway until ctx ends, then stops every component, letting
// the outputs deliver what waits for up to Options.Drain, and returns nil.
// It returns an error only when the state directory cannot be used.
//
// The status API is the first component to start and the last to stop:
// it outlives reloads. Between them run the configuration's components
// (an assembly), replaced at each reload.
func (g *Gateway) Run(ctx context.Context) error {
	g.logWarnings(g.config())
	api := newStatusAPI(g.config().Metrics.Listen, g.reg, g.Status, g.opts.StatusAddr, g.log)
	if err := api.Start(ctx); err != nil {
		return err
	}
	defer api.Close()
	for {
		next, err := g.runOnce(ctx, g.config())
		if err != nil {
			return err
		}
		if next == nil {
			return nil
		}
		g.mu.Lock()
		prev := g.cfg
		g.cfg = next
		g.mu.Unlock()
		g.log.Info("configuration reloaded", "file", next.Path)
		if next != prev {
			g.logWarnings(next)
		}
	}
}

// logWarnings logs what the configuration accepts but is unsafe.
func (g *Gateway) logWarnings(cfg *config.Config) {
	for _, w := range cfg.Warnings {
		g.log.Warn("configuration warning", "warning", w.Error())
	}
}

// runOnce runs one configuration until ctx ends (nil, nil) or a reload
// arrives (the new configuration).
func (g *Gateway) runOnce(ctx context.Context, fileCfg *config.Config) (*config.Config, error) {
	if err := os.MkdirAll(fileCfg.Gateway.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("state directory: %w", err)
	}
	a, err := g.assemble(fileCfg)
	if err != nil {
		return nil, err
	}
	a.start(ctx)
	g.cur.Store(a)
	var next *config.Config
	select {
	case <-ctx.Done():
	case next = <-g.reloads:
	case <-a.settingsChanged():
		next = fileCfg // the same file with the new SMS settings on top
	}
	a.stop()
	if ctx.Err() != nil {
		return nil, nil
	}
	return next, nil
}

// statePath is a file in the state directory.
func statePath(c *config.Config, name string) string {
	return filepath.Join(c.Gateway.StateDir, name)
}
