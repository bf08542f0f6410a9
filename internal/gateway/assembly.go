package gateway

import (
	"context"
	"fmt"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/modem"
)

// assembly is one configuration's components, in the order they start:
//
//	recorder, modem, identity, (settings events), watchdogs,
//	outputs, drain, collector, modem records, ("started" event)
//
// They stop in reverse: the collectors and the modem's records first, then
// the outputs after the drain, then the watchdogs, the modem with its SMS
// console, and last the recorder with the spools. A reload, or a changed
// SMS setting, closes the assembly and starts a new one on the new
// configuration; the fields never change once assembled.
type assembly struct {
	cfg     *config.Config // the file's configuration with the SMS settings on top
	rec     *recorder
	console *consoleState // nil without SMS
	modem   *modemUnit    // nil without a modem
	outs    []*output
	wd      *watchdogs
	coll    *collector
	records *modemRecords // nil without a modem
	list    components
}

// assemble opens the state of fileCfg and makes its components; nothing
// runs yet. An error means the state cannot be used.
func (g *Gateway) assemble(fileCfg *config.Config) (_ *assembly, err error) {
	cfg := *fileCfg
	a := &assembly{cfg: &cfg, list: components{log: g.log}}
	defer func() {
		if err != nil {
			a.list.close() // releases what the components opened
		}
	}()
	if cfg.SMS.Enabled {
		if a.console, err = openConsoleState(fileCfg, a.cfg, g.log); err != nil {
			return nil, err
		}
	}
	if a.rec, err = newRecorder(a.cfg, g.log, g.obs.events); err != nil {
		return nil, err
	}
	a.list.add("recorder", a.rec, nil)
	ra := &remoteAT{cfg: cfg.RemoteAT, limits: &g.atLimits, audits: g.atEvents, held: g.obs.held, rec: a.rec}
	if cfg.Modem.ModemEnabled() {
		if a.modem, err = newModemUnit(a.cfg, g.log, a.rec, a.console, ra, g.started); err != nil {
			return nil, err
		}
		a.list.add("modem", a.modem, nil)
	}
	var mgr *modem.Manager
	if a.modem != nil {
		mgr = a.modem.mgr
	}
	a.list.add("identity", newIdentity(a.cfg, g.log, mgr, a.rec), nil)
	if a.console != nil {
		a.list.add("settings events", startStep(func() {
			for _, s := range a.console.invalid {
				a.rec.event("gateway", "settings-invalid", s)
			}
		}), nil)
	}
	for _, s := range a.rec.spools {
		a.outs = append(a.outs, newOutput(s, a.cfg, g.log, a.rec.IMEI, g.obs.delivery, a.modem, ra))
	}
	a.wd = newWatchdogs(a.cfg, g.log, a.rec, a.modem, a.outs, g.wdEvents, g.obs.held)
	a.list.add("watchdogs", a.wd, func(err error) { g.log.Error("watchdog not started", "err", err) })
	for _, o := range a.outs {
		a.list.add("output "+o.name, o, func(err error) {
			g.log.Error("outputs cannot start", "err", err)
			a.rec.event("gateway", "output-error", err.Error())
		})
	}
	a.list.add("drain", &outputDrain{outs: a.outs, d: g.opts.Drain, log: g.log}, nil)
	a.coll = newCollector(a.cfg, g.log, a.rec, g.obs.onPoll)
	a.list.add("collector", a.coll, func(err error) {
		g.log.Error("collectors cannot start", "err", err)
		a.rec.event("gateway", "collect-error", err.Error())
	})
	if a.modem != nil {
		a.records = newModemRecords(a.cfg, a.rec, a.modem, g.linkEvents, g.obs.held)
		a.list.add("modem records", a.records, nil)
	}
	a.list.add("started event", startStep(func() {
		a.rec.event("gateway", "started", fmt.Sprintf("cellgate %s, configuration %s", g.opts.Version, a.cfg.Path))
	}), nil)
	return a, nil
}

// start starts the components in order, in the background.
func (a *assembly) start(ctx context.Context) { a.list.start(ctx) }

// stop stops the components in reverse order.
func (a *assembly) stop() { a.list.close() }

// settingsChanged is closed when an SMS changed a setting (nil without
// SMS: never).
func (a *assembly) settingsChanged() <-chan struct{} {
	if a.console == nil {
		return nil
	}
	return a.console.changed
}
