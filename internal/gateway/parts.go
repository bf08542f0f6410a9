package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/console"
	"github.com/cellgate/cellgate/internal/logfile"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/smsgw"
	"github.com/cellgate/cellgate/internal/watchdog"
)

// parts are the running components of one configuration.
type parts struct {
	g   *Gateway
	cfg *config.Config // the file's configuration with the SMS settings on top
	log *slog.Logger

	imei     atomic.Pointer[string]
	seq      *record.Sequencer
	outs     []*output
	settings *console.FileStore
	// journal is the SMS console's record of the requests it ran, in
	// the state directory (consoleJournal): a request found again after
	// a restart is not run twice.
	journal *console.Journal
	// settingsChanged is closed when an SMS changed a setting: the parts
	// restart on the changed configuration, once the console's reply has
	// gone out (settingsPending until then).
	settingsChanged chan struct{}
	changeOnce      sync.Once
	settingsPending atomic.Bool
	// settingsInvalid are the settings openSettings could not use, reported
	// as events once the gateway's identity is known.
	settingsInvalid []string

	eng   *at.Engine // nil without a modem
	engUp atomic.Bool
	mgr   *modem.Manager
	trace *logfile.File

	collMu sync.Mutex
	coll   *collect.Collector
	wdMu   sync.Mutex
	wd     *watchdog.Watchdog

	// Three groups stop in order: the field (collectors, status records),
	// then the outputs (after a drain), then the core (modem, SMS,
	// watchdogs).
	field, outputs, core group
}

// group is a set of goroutines with one cancel.
type group struct {
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	stopped bool
}

func (gr *group) init(parent context.Context) {
	gr.ctx, gr.cancel = context.WithCancel(parent)
}

// Go runs fn in the group; once the group has stopped (main may still be
// starting the parts when they stop) it does nothing.
func (gr *group) Go(fn func(ctx context.Context)) {
	gr.mu.Lock()
	defer gr.mu.Unlock()
	if gr.stopped {
		return
	}
	gr.wg.Add(1)
	go func() { defer gr.wg.Done(); fn(gr.ctx) }()
}

func (gr *group) stop() {
	gr.mu.Lock()
	gr.stopped = true
	gr.mu.Unlock()
	gr.cancel()
	gr.wg.Wait()
}

// start opens the state and starts every part of fileCfg.
func (g *Gateway) start(ctx context.Context, fileCfg *config.Config) (_ *parts, err error) {
	p := &parts{g: g, log: g.log, settingsChanged: make(chan struct{})}
	cfg := *fileCfg
	p.cfg = &cfg
	defer func() {
		if err != nil {
			p.closeState()
		}
	}()
	if cfg.SMS.Enabled {
		if err := p.openSettings(fileCfg); err != nil {
			return nil, err
		}
		p.openJournal(fileCfg)
	}
	if p.seq, err = record.OpenSequencer(statePath(&cfg, "seq"), record.DefaultSeqBatch); err != nil {
		return nil, fmt.Errorf("sequence numbers: %w", err)
	}
	if err := p.openOutputs(); err != nil {
		return nil, err
	}
	// The groups end when stop ends them, in its order, not all at once
	// with ctx: the outputs outlive the field to deliver what waits.
	base := context.WithoutCancel(ctx)
	p.core.init(base)
	p.outputs.init(base)
	p.field.init(base)
	if imei := cfg.Gateway.IMEI; imei != "" {
		// Known before anything starts, so that the events of the start
		// (a missing modem port) are recorded.
		p.imei.Store(&imei)
	}
	if cfg.Modem.ModemEnabled() {
		if err := p.newModem(); err != nil {
			return nil, err
		}
		p.core.Go(p.runModem)
	}
	p.core.Go(p.main)
	return p, nil
}

// main waits for the gateway's identity, then starts what needs it.
func (p *parts) main(ctx context.Context) {
	imei, err := p.resolveIMEI(ctx)
	if err != nil {
		return // ctx ended
	}
	p.imei.Store(&imei)
	p.log.Info("gateway identity", "imei", imei)
	for _, s := range p.settingsInvalid {
		p.event("gateway", "settings-invalid", s)
	}
	if err := p.startOutputs(); err != nil {
		p.log.Error("outputs cannot start", "err", err)
		p.event("gateway", "output-error", err.Error())
	}
	if err := p.startCollector(); err != nil {
		p.log.Error("collectors cannot start", "err", err)
		p.event("gateway", "collect-error", err.Error())
	}
	if p.mgr != nil {
		p.field.Go(p.forwardModemEvents)
	}
	if p.eng != nil {
		p.field.Go(p.forwardLinkEvents)
	}
	p.field.Go(p.recordStatus)
	p.startWatchdog()
	p.event("gateway", "started", fmt.Sprintf("cellgate %s, configuration %s", p.g.opts.Version, p.cfg.Path))
}

// IMEI returns the gateway's identity, "" until it is known.
func (p *parts) IMEI() string {
	if s := p.imei.Load(); s != nil {
		return *s
	}
	return ""
}

// resolveIMEI finds the gateway's identity: the configured one, else the one
// remembered from the modem, else the modem's once it answers.
func (p *parts) resolveIMEI(ctx context.Context) (string, error) {
	if p.cfg.Gateway.IMEI != "" {
		return p.cfg.Gateway.IMEI, nil
	}
	path := statePath(p.cfg, "imei")
	b, _ := os.ReadFile(path)
	cached := strings.TrimSpace(string(b))
	if p.mgr == nil {
		if cached != "" {
			return cached, nil
		}
		host, _ := os.Hostname()
		p.log.Warn("no modem and no gateway.imei: using the host name as identity", "name", host)
		return host, nil
	}
	if cached != "" {
		p.core.Go(func(ctx context.Context) { p.checkIMEI(ctx, cached, path) })
		return cached, nil
	}
	p.log.Info("waiting for the modem's IMEI (readings start once it is known)")
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		if imei := p.mgr.Status().IMEI; imei != "" {
			writeIMEI(path, imei, p.log)
			return imei, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-t.C:
		}
	}
}

// checkIMEI remembers a changed modem IMEI (a swapped module) for the next
// start and reports it.
func (p *parts) checkIMEI(ctx context.Context, cached, path string) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		imei := p.mgr.Status().IMEI
		if imei == "" {
			continue
		}
		if imei != cached {
			p.log.Warn("the modem's IMEI changed; the new one is used from the next start", "was", cached, "now", imei)
			p.event("gateway", "imei-changed", cached+" → "+imei)
			writeIMEI(path, imei, p.log)
		}
		return
	}
}

func writeIMEI(path, imei string, log *slog.Logger) {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(imei+"\n"), 0o640); err == nil {
		err = os.Rename(tmp, path)
		if err == nil {
			return
		}
	}
	log.Warn("cannot remember the IMEI", "path", path)
}

// openSettings opens the SMS console's settings and lays them over the
// configuration. A setting that does not validate is reported (log now,
// event once the identity is known) and not used: a value of the
// configuration file the console would refuse is no default for the
// console's factory command (the file's value stays in force), and a stored
// value that does not validate gives way to the configuration file's.
func (p *parts) openSettings(fileCfg *config.Config) error {
	path := statePath(fileCfg, "settings.json")
	defaults, file := map[string]string{}, fileCfg.SettingDefaults()
	for _, k := range slices.Sorted(maps.Keys(file)) {
		var se *console.SettingError
		if errors.As(console.ValidateSetting(k, file[k]), &se) {
			p.settingInvalid(fmt.Sprintf("%s in %s: %s; the SMS console's factory command does not restore it", k, fileCfg.Path, se.Problem))
			continue
		}
		defaults[k] = file[k]
	}
	st, err := console.OpenFileStore(path, defaults)
	if err != nil {
		return fmt.Errorf("SMS settings: %w", err)
	}
	for _, e := range st.Rejected() {
		p.settingInvalid(fmt.Sprintf("%s in %s: %s; the configuration file's value is used", e.Key, path, e.Problem))
	}
	p.cfg.ApplySettings(func(k string) (string, bool) {
		v, err := st.Value(k)
		return v, err == nil && v != defaults[k]
	})
	// Restarting stops the SMS service, so the parts restart after the
	// reply to the command that made the change has been sent (or failed),
	// or after settingsGrace should no reply follow.
	st.OnChange = func(map[string]string) {
		p.settingsPending.Store(true)
		time.AfterFunc(settingsGrace, p.restartOnSettings)
	}
	p.settings = st
	return nil
}

// consoleJournal is the file of the SMS console's journal in the state
// directory.
const consoleJournal = "console-journal.json"

// openJournal opens the SMS console's journal. A damaged journal is
// reported and replaced: the console goes on, without the old entries.
func (p *parts) openJournal(fileCfg *config.Config) {
	j, err := console.OpenJournal(statePath(fileCfg, consoleJournal), console.DefaultJournalSize)
	if err != nil {
		p.log.Warn("SMS console journal not used; starting a new one", "err", err)
	}
	p.journal = j
}

// settingInvalid reports a setting openSettings does not use; s never holds
// the value.
func (p *parts) settingInvalid(s string) {
	p.log.Warn("SMS setting not used", "problem", s)
	p.settingsInvalid = append(p.settingsInvalid, s)
}

// settingsGrace bounds the wait for the console's reply after a setting
// changed (an SMS may take a minute to send).
const settingsGrace = 90 * time.Second

// restartOnSettings makes the parts restart on the changed settings.
func (p *parts) restartOnSettings() {
	p.changeOnce.Do(func() { close(p.settingsChanged) })
}

// newModem makes the engine and manager; nothing opens the port yet.
func (p *parts) newModem() error {
	c := p.cfg.Modem
	ac := at.Config{Logger: p.log}
	if c.Trace != "" {
		f, err := logfile.Open(c.Trace, c.TraceMaxBytes.Bytes())
		if err != nil {
			return fmt.Errorf("modem trace: %w", err)
		}
		p.trace, ac.Trace = f, f
	}
	p.eng = at.New(at.SerialOpener(c.Port, at.SerialConfig{Baud: c.Baud, FlowControl: c.FlowControl}), ac)
	mc := c.ManagerConfig()
	mc.Logger = p.log
	p.mgr = modem.New(p.eng, mc)
	return nil
}

// runModem opens the modem's port, retrying while it is missing, then runs
// the manager and the SMS service.
func (p *parts) runModem(ctx context.Context) {
	backoff := time.Second
	reported := false
	for {
		err := p.eng.Start(ctx)
		if err == nil {
			break
		}
		if !reported {
			p.log.Warn("modem port not available; retrying", "port", p.cfg.Modem.Port, "err", err)
			p.event("modem", "port-missing", err.Error())
			reported = true
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Minute)
	}
	p.engUp.Store(true)
	if reported {
		p.log.Info("modem port opened", "port", p.cfg.Modem.Port)
	}
	if p.cfg.SMS.Enabled {
		p.startSMS(ctx)
	}
	_ = p.mgr.Run(ctx)
}

// startSMS runs the SMS service and its console.
func (p *parts) startSMS(ctx context.Context) {
	c := p.cfg.SMS
	svc := smsgw.New(p.eng, smsgw.Config{SMSC: c.SMSC, Storage: c.Storage, Logger: p.log})
	con := console.New(console.Config{
		Password:       c.Console.Password.Value,
		Allowed:        c.Console.Allowed,
		DefaultCountry: c.Console.DefaultCountry,
		Audit:          p.auditConsole,
		Journal:        p.journal,
	}, &backend{p: p, sms: svc})
	send := func(ctx context.Context, to, text string) error {
		_, err := svc.Send(ctx, to, text, smsgw.SendOptions{})
		if p.settingsPending.Load() {
			p.restartOnSettings()
		}
		return err
	}
	p.core.Go(func(ctx context.Context) {
		if err := svc.Run(ctx); err != nil && ctx.Err() == nil {
			p.log.Warn("SMS service stopped", "err", err)
		}
	})
	p.core.Go(func(ctx context.Context) { _ = con.Serve(ctx, svc.Messages(), send) })
}

// forwardModemEvents logs the manager's events and records them.
func (p *parts) forwardModemEvents(ctx context.Context) {
	ch, cancel := p.mgr.Subscribe(64)
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-ch:
			detail := ev.Detail
			if ev.Cause != 0 {
				detail = fmt.Sprintf("%s (cause %d)", detail, ev.Cause)
			}
			p.event("modem", string(ev.Kind), detail)
		}
	}
}

// stop stops the parts in order and closes the state.
func (p *parts) stop(drain time.Duration) {
	p.field.stop()
	p.drain(drain)
	p.outputs.stop()
	p.core.stop()
	if p.eng != nil {
		_ = p.eng.Close()
	}
	p.closeState()
}

// drain waits up to d for connected outputs to deliver what waits.
func (p *parts) drain(d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		waiting := false
		for _, o := range p.outs {
			if o.sp.Stats().Records > 0 && o.connected() {
				waiting = true
			}
		}
		if !waiting {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.log.Info("shutdown: records left in the spool for the next start")
}

func (p *parts) closeState() {
	for _, o := range p.outs {
		if o.sp != nil {
			if err := o.sp.Close(); err != nil {
				p.log.Warn("closing the spool", "output", o.name, "err", err)
			}
		}
	}
	if p.seq != nil {
		_ = p.seq.Close()
	}
	if p.trace != nil {
		_ = p.trace.Close()
	}
}

// spoolDir is an output's own spool directory.
func spoolDir(c *config.Config, name string) string {
	return filepath.Join(c.Spool.Dir, name)
}
