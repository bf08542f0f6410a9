package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/console"
	"github.com/cellgate/cellgate/internal/logfile"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/retry"
	"github.com/cellgate/cellgate/internal/smsgw"
)

// modemUnit is the modem: the AT engine on its port (and the port's
// trace), the modem manager, and with SMS enabled the SMS service and its
// console. It opens the port, retrying while it is missing, then runs the
// manager and the SMS service.
type modemUnit struct {
	cfg      *config.Config
	log      *slog.Logger
	rec      *recorder
	console  *consoleState // nil without SMS
	remoteAT *remoteAT
	started  time.Time // the gateway's start, the console's uptime

	trace *logfile.File
	eng   *at.Engine
	mgr   *modem.Manager
	up    atomic.Bool // the port is open
	run   routines
}

// newModemUnit makes the engine and manager; nothing opens the port yet.
func newModemUnit(cfg *config.Config, log *slog.Logger, rec *recorder, cs *consoleState, ra *remoteAT, started time.Time) (*modemUnit, error) {
	m := &modemUnit{cfg: cfg, log: log, rec: rec, console: cs, remoteAT: ra, started: started}
	c := cfg.Modem
	ac := at.Config{Logger: log}
	if c.Trace != "" {
		f, err := logfile.Open(c.Trace, c.TraceMaxBytes.Bytes())
		if err != nil {
			return nil, fmt.Errorf("modem trace: %w", err)
		}
		m.trace, ac.Trace = f, f
	}
	m.eng = at.New(at.SerialOpener(c.Port, at.SerialConfig{Baud: c.Baud, FlowControl: c.FlowControl}), ac)
	mc := c.ManagerConfig()
	mc.Logger = log
	m.mgr = modem.New(m.eng, mc)
	return m, nil
}

// Start opens the port in the background.
func (m *modemUnit) Start(ctx context.Context) error {
	m.run.init(ctx)
	m.run.Go(m.runModem)
	return nil
}

// Close stops the manager and the SMS service, then closes the port and
// the trace.
func (m *modemUnit) Close() error {
	m.run.stop()
	_ = m.eng.Close()
	if m.trace != nil {
		_ = m.trace.Close()
	}
	return nil
}

// portRetry is the wait between attempts to open a missing port: a
// second, doubling up to a minute.
var portRetry = retry.Backoff{Min: time.Second, Max: time.Minute}

// runModem opens the modem's port, retrying while it is missing, then runs
// the manager and the SMS service.
func (m *modemUnit) runModem(ctx context.Context) {
	backoff := portRetry
	reported := false
	for {
		err := m.eng.Start(ctx)
		if err == nil {
			break
		}
		if !reported {
			m.log.Warn("modem port not available; retrying", "port", m.cfg.Modem.Port, "err", err)
			m.rec.event("modem", "port-missing", err.Error())
			reported = true
		}
		if !retry.Sleep(ctx, backoff.Next()) {
			return
		}
	}
	m.up.Store(true)
	if reported {
		m.log.Info("modem port opened", "port", m.cfg.Modem.Port)
	}
	if m.console != nil {
		m.startSMS()
	}
	_ = m.mgr.Run(ctx)
}

// startSMS runs the SMS service and its console.
func (m *modemUnit) startSMS() {
	c := m.cfg.SMS
	svc := smsgw.New(m.eng, smsgw.Config{SMSC: c.SMSC, Storage: c.Storage, Logger: m.log})
	con := console.New(console.Config{
		Password:       c.Console.Password.Value,
		Allowed:        c.Console.Allowed,
		DefaultCountry: c.Console.DefaultCountry,
		Audit:          m.auditConsole,
		Journal:        m.console.journal,
	}, &backend{m: m, sms: svc})
	send := func(ctx context.Context, to, text string) error {
		_, err := svc.Send(ctx, to, text, smsgw.SendOptions{})
		m.console.replied()
		return err
	}
	m.run.Go(func(ctx context.Context) {
		if err := svc.Run(ctx); err != nil && ctx.Err() == nil {
			m.log.Warn("SMS service stopped", "err", err)
		}
	})
	m.run.Go(func(ctx context.Context) { _ = con.Serve(ctx, svc.Messages(), send) })
}
