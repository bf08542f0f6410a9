package modem

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/retry"
)

// errRestarted ends upkeep when the module restarted or came back after
// being unavailable: bring-up runs again.
var errRestarted = errors.New("modem: module restarted")

// restarted reports whether s says the module restarted since bring-up
// found it answering. A module that boots while it is probed says ^SYSSTART
// (or RDY) before its first OK; that is not news.
func (m *Manager) restarted(s signalMsg) bool {
	return s.event != nil && s.event.Kind == at.EventRestarted && s.event.Time.UnixNano() > m.answered.Load()
}

// bringUp takes the module from power-on to online.
func (m *Manager) bringUp(ctx context.Context) error {
	m.drainSignals()
	m.setState(StateProbing, "waiting for AT")
	if err := m.probe(ctx); err != nil {
		return err
	}
	m.answered.Store(time.Now().UnixNano())
	m.setState(StateIdentifying, "reading identity")
	if err := m.identify(ctx); err != nil {
		return err
	}
	m.setState(StateSIM, "checking the SIM")
	m.readICCID(ctx) // EF ICCID is readable without the PIN
	if err := m.unlockSIM(ctx); err != nil {
		return err
	}
	m.readSubscriber(ctx)
	m.setState(StateRegistering, "radio on, waiting for the network")
	if err := m.configure(ctx); err != nil {
		return err
	}
	if err := m.selectOperator(ctx); err != nil {
		return err
	}
	if err := m.waitRegistered(ctx); err != nil {
		return err
	}
	if err := m.avoidBlacklisted(ctx); err != nil {
		return err
	}
	m.readPowerSaving(ctx)
	m.readFPLMNStatus(ctx)
	m.pollSignal(ctx)
	if !m.cfg.NoData {
		m.setState(StateConnecting, "bringing the data bearer up")
		if err := m.connect(ctx); err != nil {
			return err
		}
	}
	m.setError(nil)
	m.setState(StateOnline, "registered"+map[bool]string{true: "", false: ", data up"}[m.cfg.NoData])
	return nil
}

// drainSignals forgets indications from before this bring-up.
func (m *Manager) drainSignals() {
	for {
		select {
		case <-m.urcs:
		default:
			return
		}
	}
}

// probe waits until the module answers AT.
func (m *Manager) probe(ctx context.Context) error {
	for ctx.Err() == nil {
		_, err := m.e.Command(ctx, "AT", at.WithTimeout(m.cfg.ProbeTimeout))
		if err == nil {
			return nil
		}
		m.log.Debug("module not answering yet", "err", err)
		if !retry.Sleep(ctx, time.Second) {
			break
		}
	}
	return ctx.Err()
}

// cmd runs one command.
func (m *Manager) cmd(ctx context.Context, cmd string, opts ...at.Option) (*at.Response, error) {
	r, err := m.e.Command(ctx, cmd, opts...)
	if err != nil {
		return r, fmt.Errorf("%s: %w", at.Redact(cmd), err)
	}
	return r, nil
}

// try runs commands whose failure is not fatal (a module that lacks a
// vendor command) and logs failures.
func (m *Manager) try(ctx context.Context, cmds ...string) {
	for _, c := range cmds {
		if _, err := m.cmd(ctx, c); err != nil {
			m.log.Debug("optional command failed", "err", err)
		}
	}
}

// value returns the first information line of a command, without the
// command's own prefix if the module adds one ("+CGMI: Huawei").
func (m *Manager) value(ctx context.Context, cmd string) (string, error) {
	r, err := m.cmd(ctx, cmd)
	if err != nil {
		return "", err
	}
	if len(r.Lines) == 0 {
		return "", fmt.Errorf("%s: empty answer", cmd)
	}
	v := r.Lines[0]
	name := strings.TrimPrefix(strings.ToUpper(cmd), "AT")
	name = strings.TrimSuffix(name, "?")
	if strings.HasPrefix(strings.ToUpper(v), name+":") {
		v = strings.TrimSpace(v[len(name)+1:])
	}
	return strings.Trim(v, `"`), nil
}

// Identify reads the module's identity and picks its driver; the tool
// methods (Signal, Scan, FPLMN, PowerSaving) use the driver it picks.
func (m *Manager) Identify(ctx context.Context) error { return m.identify(ctx) }

func (m *Manager) identify(ctx context.Context) error {
	mf, err := m.value(ctx, "AT+CGMI")
	if err != nil {
		return err
	}
	model, err := m.value(ctx, "AT+CGMM")
	if err != nil {
		return err
	}
	fw, _ := m.value(ctx, "AT+CGMR")
	imei, _ := m.value(ctx, "AT+CGSN")
	d, ok := DriverNamed(m.cfg.Driver)
	if !ok {
		return fmt.Errorf("modem: unknown driver %q", m.cfg.Driver)
	}
	if d == nil {
		d = DriverFor(mf, model)
	}
	m.try(ctx, "AT+CMEE=1") // numeric +CME ERROR codes
	m.mu.Lock()
	m.driver = d
	m.noLTE = false // until the module refuses +CEREG
	m.mu.Unlock()
	m.update(func(st *Status) {
		st.Manufacturer, st.Model, st.Firmware, st.IMEI, st.Driver = mf, model, fw, imei, d.Name
	})
	m.log.Info("module identified", "manufacturer", mf, "model", model, "firmware", fw, "driver", d.Name)
	return nil
}

func (m *Manager) drv() *Driver {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.driver == nil {
		return generic
	}
	return m.driver
}

// configure switches the radio on and sets APN, roaming, power saving and
// the registration indications.
func (m *Manager) configure(ctx context.Context) error {
	if _, err := m.cmd(ctx, "AT+CFUN=1", at.WithTimeout(60*time.Second)); err != nil {
		return err
	}
	d, c := m.drv(), m.cfg
	m.try(ctx, d.Init...)
	if c.APN != "" {
		q, err := quoteAll([]string{"PDP type", "APN"}, c.PDPType, c.APN)
		if err != nil {
			return err
		}
		if _, err := m.cmd(ctx, fmt.Sprintf("AT+CGDCONT=%d,%s,%s", c.CID, q[0], q[1])); err != nil {
			return err
		}
		vendor, auth, err := d.apnCommands(c.CID, c.PDPType, c.APN, c.User, c.Password)
		if err != nil {
			return err
		}
		m.try(ctx, vendor...)
		for _, a := range auth {
			if _, err := m.cmd(ctx, a); err != nil {
				return fmt.Errorf("modem: the %s driver could not give the module the PDP user and password (modem.user, modem.password): %w", d.Name, err)
			}
		}
	}
	if d.Roaming != nil {
		m.try(ctx, d.Roaming(c.Roaming)...)
	}
	if err := m.requestPowerSaving(ctx); err != nil {
		m.log.Warn("power saving request failed", "err", err)
	}
	// +CEREG n=3 adds the reject cause; n=5 also the granted Active-Time
	// and Periodic-TAU.
	cereg := "AT+CEREG=3"
	if c.PSM != nil {
		cereg = "AT+CEREG=5"
	}
	m.try(ctx, "AT+CREG=2", "AT+CGREG=2")
	if m.hasLTE() {
		if _, err := m.cmd(ctx, cereg); err != nil {
			m.log.Debug("optional command failed", "err", err)
			if unsupported(err) {
				m.setLTE(false)
			}
		}
	}
	return nil
}
