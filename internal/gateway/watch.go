package gateway

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/uplink"
	"github.com/cellgate/cellgate/internal/watchdog"
)

func enabled(b *bool) bool { return b == nil || *b }

// startWatchdog assembles the layers the configuration enables and runs
// them.
func (p *parts) startWatchdog() {
	var layers []watchdog.Layer
	w := p.cfg.Watchdog
	if p.eng != nil && enabled(w.Modem.Enabled) {
		layers = append(layers, p.modemLayer(w.Modem))
	}
	if p.mgr != nil && !p.cfg.Modem.NoData && enabled(w.Network.Enabled) {
		l, err := p.networkLayer(w.Network)
		if err != nil {
			p.log.Error("network watchdog not started", "err", err)
		} else {
			layers = append(layers, l)
		}
	}
	if len(p.outs) > 0 && enabled(w.Application.Enabled) {
		layers = append(layers, p.applicationLayer(w.Application))
	}
	if len(layers) == 0 {
		return
	}
	wd, err := watchdog.New(watchdog.Config{
		Layers:  layers,
		OnEvent: p.watchdogEvent,
		Logger:  p.log,
	})
	if err != nil {
		p.log.Error("watchdog not started", "err", err)
		return
	}
	p.wdMu.Lock()
	p.wd = wd
	p.wdMu.Unlock()
	p.core.Go(func(ctx context.Context) { _ = wd.Run(ctx) })
}

// watchdogEvent records one event of the watchdog. The events of a check
// that keeps failing and recovering are recorded within the layer's rate
// (see watchdogEventBurst): a layer's first failed check and its recovery
// when no action ran. An escalation is always recorded: every action, its
// failure, the ladder exhausted and the recovery after an action.
func (p *parts) watchdogEvent(ev watchdog.Event) {
	detail := ev.Detail
	switch {
	case ev.Action != "" && ev.Attempt > 1:
		detail = fmt.Sprintf("%s (step %d, attempt %d, next no sooner than %v): %s", ev.Action, ev.Step, ev.Attempt, ev.Next, ev.Detail)
	case ev.Action != "":
		detail = fmt.Sprintf("%s (step %d): %s", ev.Action, ev.Step, ev.Detail)
	}
	if checkEvent(ev) {
		note, ok := p.admitEvent(p.g.wdEvents.bucket(ev.Layer), ev.Time, "watchdog-"+ev.Layer, ev.Layer+" check events")
		if !ok {
			return
		}
		detail += note
	}
	p.event("watchdog", ev.Layer+"-"+string(ev.Kind), detail)
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

func (p *parts) watchdog() *watchdog.Watchdog {
	p.wdMu.Lock()
	defer p.wdMu.Unlock()
	return p.wd
}

// hooks appends the configured power-cycle and reboot steps.
func (p *parts) hooks(actions []watchdog.Action, m config.ModemWatch) []watchdog.Action {
	for _, h := range []struct{ name, spec string }{{"power-cycle", m.PowerCycle}, {"reboot", m.Reboot}} {
		fn, err := watchdog.Hook(h.spec)
		if err != nil {
			p.log.Error("watchdog hook unusable", "hook", h.name, "err", err)
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
func (p *parts) modemLayer(c config.ModemWatch) watchdog.Layer {
	actions := []watchdog.Action{
		{Name: "reopen", Do: watchdog.Reopen(p.eng)},
		{Name: "reset", Do: watchdog.ResetModem(p.eng)},
	}
	actions = p.hooks(actions, p.cfg.Watchdog.Modem)
	if len(actions) == 2 {
		p.log.Info("modem watchdog without power-cycle or reboot hook: a module that stays down gets resets, further and further apart",
			"max_backoff", max(c.Backoff.D(), maxBackoff))
	}
	ping := watchdog.ATPing(p.eng, c.Timeout.D())
	return watchdog.Layer{
		Name: "modem", Interval: c.Interval.D(), Failures: c.Failures, Backoff: c.Backoff.D(),
		MaxBackoff: max(c.Backoff.D(), maxBackoff),
		Check: func(ctx context.Context) error {
			if !p.engUp.Load() {
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
func (p *parts) networkLayer(c config.NetworkWatch) (watchdog.Layer, error) {
	target := c.Host
	if target == "" {
		t, err := p.defaultTarget()
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
		s := p.mgr.Status()
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
		{Name: "redial", Do: p.mgr.Redial},
		{Name: "reset", Do: watchdog.ResetModem(p.eng)},
	}
	actions = p.hooks(actions, config.ModemWatch{PowerCycle: p.cfg.Watchdog.Modem.PowerCycle})
	return watchdog.Layer{
		Name: "network", Interval: c.Interval.D(), Failures: c.Failures, Backoff: c.Backoff.D(),
		MaxBackoff: max(c.Backoff.D(), maxBackoff), Check: check, Actions: actions,
	}, nil
}

// defaultTarget is the MQTT broker (or HTTPS server) over TCP.
func (p *parts) defaultTarget() (string, error) {
	if m := p.cfg.Outputs.MQTT; m != nil {
		u, _, err := uplink.ParseBroker(m.Broker)
		if err != nil {
			return "", err
		}
		return "tcp:" + u.Host, nil
	}
	if h := p.cfg.Outputs.HTTPS; h != nil {
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
func (p *parts) applicationLayer(c config.ApplicationWatch) watchdog.Layer {
	var checks []func(context.Context) error
	for _, o := range p.outs {
		checks = append(checks, watchdog.Uplink(func() watchdog.UplinkState {
			st := watchdog.UplinkState{Connected: o.connected(), Backlog: o.sp.Stats().Records}
			st.Acked = o.sp.Stats().Acked
			return st
		}, c.Stall.D()))
		checks = append(checks, watchdog.Backlog(func() int64 { return o.sp.Stats().Records }, c.Backlog.D()))
	}
	actions := []watchdog.Action{{Name: "restart-uplink", Do: func(ctx context.Context) error {
		for _, o := range p.outs {
			_ = o.Restart(ctx)
		}
		return nil
	}}}
	if p.mgr != nil && !p.cfg.Modem.NoData {
		actions = append(actions, watchdog.Action{Name: "redial", Do: p.mgr.Redial})
	}
	actions = p.hooks(actions, config.ModemWatch{Reboot: p.cfg.Watchdog.Modem.Reboot})
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
