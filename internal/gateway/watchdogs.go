package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/uplink"
	"github.com/cellgate/cellgate/internal/watchdog"
)

// watchdogs are the watchdog's layers the configuration enables: the
// modem (the module answers), the network (registration, bearer,
// reachability) and the application (the outputs deliver), each with its
// escalation ladder.
type watchdogs struct {
	cfg    *config.Config
	log    *slog.Logger
	rec    *recorder
	modem  *modemUnit // nil without a modem
	outs   []*output
	events *layerBuckets       // the rate of the check events (the Gateway's)
	held   *metrics.CounterVec // events held back, by source
	run    routines

	mu sync.Mutex
	wd *watchdog.Watchdog // nil until started, or without a layer
}

func newWatchdogs(cfg *config.Config, log *slog.Logger, rec *recorder, m *modemUnit, outs []*output, events *layerBuckets, held *metrics.CounterVec) *watchdogs {
	return &watchdogs{cfg: cfg, log: log, rec: rec, modem: m, outs: outs, events: events, held: held}
}

func enabled(b *bool) bool { return b == nil || *b }

// Start assembles the layers and runs them; the identity is known. A
// layer that cannot be made is reported and left out.
func (w *watchdogs) Start(ctx context.Context) error {
	w.run.init(ctx)
	var layers []watchdog.Layer
	c := w.cfg.Watchdog
	if w.modem != nil && enabled(c.Modem.Enabled) {
		layers = append(layers, w.modemLayer(c.Modem))
	}
	if w.modem != nil && !w.cfg.Modem.NoData && enabled(c.Network.Enabled) {
		l, err := w.networkLayer(c.Network)
		if err != nil {
			w.log.Error("network watchdog not started", "err", err)
		} else {
			layers = append(layers, l)
		}
	}
	if len(w.outs) > 0 && enabled(c.Application.Enabled) {
		layers = append(layers, w.applicationLayer(c.Application))
	}
	if len(layers) == 0 {
		return nil
	}
	wd, err := watchdog.New(watchdog.Config{
		Layers:  layers,
		OnEvent: w.event,
		Logger:  w.log,
	})
	if err != nil {
		return err
	}
	w.mu.Lock()
	w.wd = wd
	w.mu.Unlock()
	w.run.Go(func(ctx context.Context) { _ = wd.Run(ctx) })
	return nil
}

// Close stops the layers.
func (w *watchdogs) Close() error {
	w.run.stop()
	return nil
}

// event records one event of the watchdog. The events of a check
// that keeps failing and recovering are recorded within the layer's rate
// (see watchdogEventBurst): a layer's first failed check and its recovery
// when no action ran. An escalation is always recorded: every action, its
// failure, the ladder exhausted and the recovery after an action.
func (w *watchdogs) event(ev watchdog.Event) {
	detail := ev.Detail
	switch {
	case ev.Action != "" && ev.Attempt > 1:
		detail = fmt.Sprintf("%s (step %d, attempt %d, next no sooner than %v): %s", ev.Action, ev.Step, ev.Attempt, ev.Next, ev.Detail)
	case ev.Action != "":
		detail = fmt.Sprintf("%s (step %d): %s", ev.Action, ev.Step, ev.Detail)
	}
	if checkEvent(ev) {
		note, ok := admitEvent(w.events.bucket(ev.Layer), w.held, ev.Time, "watchdog-"+ev.Layer, ev.Layer+" check events")
		if !ok {
			return
		}
		detail += note
	}
	w.rec.event("watchdog", ev.Layer+"-"+string(ev.Kind), detail)
}

// checkEvent reports whether ev is one of the two events a flapping check
// repeats: the first failed check, or the recovery with no action run.
func checkEvent(ev watchdog.Event) bool {
	switch ev.Kind {
	case watchdog.EventFailed:
		return true
	case watchdog.EventRecovered:
		return ev.Action == ""
	}
	return false
}

// watchdog returns the running watchdog, nil before it started or
// without a layer.
func (w *watchdogs) watchdog() *watchdog.Watchdog {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.wd
}

// hooks appends the configured power-cycle and reboot steps.
func (w *watchdogs) hooks(actions []watchdog.Action, m config.ModemWatch) []watchdog.Action {
	for _, h := range []struct{ name, spec string }{{"power-cycle", m.PowerCycle}, {"reboot", m.Reboot}} {
		fn, err := watchdog.Hook(h.spec)
		if err != nil {
			w.log.Error("watchdog hook unusable", "hook", h.name, "err", err)
			continue
		}
		if fn != nil {
			actions = append(actions, watchdog.Action{Name: h.name, Do: fn})
		}
	}
	return actions
}

// maxBackoff caps the wait between repeats of a layer's last step: the
// wait doubles from the configured backoff up to the larger of the two.
const maxBackoff = 30 * time.Minute

// modemLayer pings the module: reopen the port → AT+CFUN=1,1 (past the
// engine's availability gate when it deems the module unavailable) → power
// cycle → reboot. Without hooks the reset repeats, further and further
// apart, for as long as the module stays down.
func (w *watchdogs) modemLayer(c config.ModemWatch) watchdog.Layer {
	actions := []watchdog.Action{
		{Name: "reopen", Do: watchdog.Reopen(w.modem.eng)},
		{Name: "reset", Do: watchdog.ResetModem(w.modem.eng)},
	}
	actions = w.hooks(actions, w.cfg.Watchdog.Modem)
	if len(actions) == 2 {
		w.log.Info("modem watchdog without power-cycle or reboot hook: a module that stays down gets resets, further and further apart",
			"max_backoff", max(c.Backoff.D(), maxBackoff))
	}
	ping := watchdog.ATPing(w.modem.eng, c.Timeout.D())
	return watchdog.Layer{
		Name: "modem", Interval: c.Interval.D(), Failures: c.Failures, Backoff: c.Backoff.D(),
		MaxBackoff: max(c.Backoff.D(), maxBackoff),
		Check: func(ctx context.Context) error {
			if !w.modem.up.Load() {
				return errors.New("modem port not open")
			}
			return ping(ctx)
		},
		Actions: actions,
	}
}

// networkLayer checks registration, the bearer and reachability: a modem
// that says it is registered with its bearer up while nothing gets through
// is caught by the reachability check. Re-dial → reset the modem → power
// cycle.
func (w *watchdogs) networkLayer(c config.NetworkWatch) (watchdog.Layer, error) {
	target := c.Host
	if target == "" {
		t, err := w.defaultTarget()
		if err != nil {
			return watchdog.Layer{}, err
		}
		target = t
	}
	reach, err := watchdog.Reachable(target, c.Timeout.D())
	if err != nil {
		return watchdog.Layer{}, err
	}
	var unregSince time.Time
	check := func(ctx context.Context) error {
		s := w.modem.mgr.Status()
		switch {
		case !s.Registration.Stat.Registered():
			if unregSince.IsZero() {
				unregSince = time.Now()
			}
			if d := time.Since(unregSince); d > c.Unregistered.D() {
				return fmt.Errorf("not registered for %v (%s)", d.Round(time.Second), s.Registration.State)
			}
			return nil // the manager is working on it
		case !s.Bearer.Up:
			unregSince = time.Time{}
			return errors.New("registered, data bearer down")
		}
		unregSince = time.Time{}
		if err := reach(ctx); err != nil {
			return fmt.Errorf("registered with the bearer up, but %s is unreachable: %w", target, err)
		}
		return nil
	}
	actions := []watchdog.Action{
		{Name: "redial", Do: w.modem.mgr.Redial},
		{Name: "reset", Do: watchdog.ResetModem(w.modem.eng)},
	}
	actions = w.hooks(actions, config.ModemWatch{PowerCycle: w.cfg.Watchdog.Modem.PowerCycle})
	return watchdog.Layer{
		Name: "network", Interval: c.Interval.D(), Failures: c.Failures, Backoff: c.Backoff.D(),
		MaxBackoff: max(c.Backoff.D(), maxBackoff), Check: check, Actions: actions,
	}, nil
}

// defaultTarget is the MQTT broker (or HTTPS server) over TCP.
func (w *watchdogs) defaultTarget() (string, error) {
	if m := w.cfg.Outputs.MQTT; m != nil {
		u, _, err := uplink.ParseBroker(m.Broker)
		if err != nil {
			return "", err
		}
		return "tcp:" + u.Host, nil
	}
	if h := w.cfg.Outputs.HTTPS; h != nil {
		u, err := url.Parse(h.URL)
		if err != nil {
			return "", err
		}
		host := u.Host
		if u.Port() == "" {
			host = net.JoinHostPort(u.Hostname(), "443")
		}
		return "tcp:" + host, nil
	}
	return "", errors.New("no output to check reachability against; set watchdog.network.host")
}

// applicationLayer checks that the outputs deliver and the backlog does not
// grow without bound: restart the uplink → re-dial → reboot.
func (w *watchdogs) applicationLayer(c config.ApplicationWatch) watchdog.Layer {
	var checks []func(context.Context) error
	for _, o := range w.outs {
		checks = append(checks, watchdog.Uplink(func() watchdog.UplinkState {
			st := watchdog.UplinkState{Connected: o.connected(), Backlog: o.sp.Stats().Records}
			st.Acked = o.sp.Stats().Acked
			return st
		}, c.Stall.D()))
		checks = append(checks, watchdog.Backlog(func() int64 { return o.sp.Stats().Records }, c.Backlog.D()))
	}
	actions := []watchdog.Action{{Name: "restart-uplink", Do: func(ctx context.Context) error {
		for _, o := range w.outs {
			_ = o.Restart(ctx)
		}
		return nil
	}}}
	if w.modem != nil && !w.cfg.Modem.NoData {
		actions = append(actions, watchdog.Action{Name: "redial", Do: w.modem.mgr.Redial})
	}
	actions = w.hooks(actions, config.ModemWatch{Reboot: w.cfg.Watchdog.Modem.Reboot})
	return watchdog.Layer{
		Name: "application", Interval: c.Interval.D(), Failures: 1, Backoff: c.Backoff.D(),
		MaxBackoff: max(c.Backoff.D(), maxBackoff),
		Check: func(ctx context.Context) error {
			var errs []error
			for _, chk := range checks {
				if err := chk(ctx); err != nil {
					errs = append(errs, err)
				}
			}
			return errors.Join(errs...)
		},
		Actions: actions,
	}
}
