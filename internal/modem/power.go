package modem

import (
	"context"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/gsm"
)

// requestPowerSaving asks for the configured PSM and eDRX timers (emnify
// guide: AT+CPSMS=1,,,"<T3412 ext>","<T3324>" and AT+CEDRXS=1,<AcT>,"<cycle>").
func (m *Manager) requestPowerSaving(ctx context.Context) error {
	if p := m.cfg.PSM; p != nil {
		if err := m.SetPSM(ctx, p.TAU, p.Active); err != nil {
			return err
		}
	}
	if e := m.cfg.EDRX; e != nil {
		return m.SetEDRX(ctx, e.LTEM, e.Cycle)
	}
	return nil
}

// SetPSM requests PSM with the nearest timers not shorter than tau and
// active; tau 0 switches PSM off.
func (m *Manager) SetPSM(ctx context.Context, tau, active time.Duration) error {
	if tau == 0 {
		_, err := m.cmd(ctx, "AT+CPSMS=0")
		return err
	}
	t3412, err := gsm.EncodeT3412(tau)
	if err != nil {
		return err
	}
	t3324, err := gsm.EncodeT3324(active)
	if err != nil {
		return err
	}
	_, err = m.cmd(ctx, fmt.Sprintf(`AT+CPSMS=1,,,"%s","%s"`, t3412, t3324))
	return err
}

// SetEDRX requests an eDRX cycle on LTE-M (ltem) or NB-IoT; cycle 0
// switches eDRX off.
func (m *Manager) SetEDRX(ctx context.Context, ltem bool, cycle time.Duration) error {
	rat := gsm.EDRXNBIoT
	if ltem {
		rat = gsm.EDRXLTEM
	}
	if cycle == 0 {
		_, err := m.cmd(ctx, fmt.Sprintf("AT+CEDRXS=0,%d", rat))
		return err
	}
	bits, err := gsm.EncodeEDRX(rat, cycle)
	if err != nil {
		return err
	}
	_, err = m.cmd(ctx, fmt.Sprintf(`AT+CEDRXS=1,%d,"%s"`, rat, bits))
	return err
}

// PowerSaving reads what the network granted: PSM timers from +CEREG (n=4)
// or +CPSMS?, eDRX from +CEDRXRDP. A module without LTE is not asked for
// +CEREG.
func (m *Manager) PowerSaving(ctx context.Context) (PowerSaving, error) {
	var p PowerSaving
	found := false
	if m.hasLTE() {
		p.PSM, p.TAU, p.Active, found = m.psmFromCEREG(ctx)
	}
	if !found {
		r, err := m.cmd(ctx, "AT+CPSMS?")
		if err != nil {
			return p, err
		}
		for _, l := range r.Lines {
			if s, err := gsm.ParseCPSMS(l); err == nil {
				p.PSM, p.TAU, p.Active = s.Mode == 1, s.TAU, s.Active
			}
		}
	}
	if r, err := m.cmd(ctx, "AT+CEDRXRDP"); err == nil {
		for _, l := range r.Lines {
			if e, err := gsm.ParseCEDRXRDP(l); err == nil && e.ProvidedCycle > 0 {
				p.EDRX, p.EDRXCycle, p.PTW = true, e.ProvidedCycle, e.PagingWindow
			}
		}
	}
	return p, nil
}

// psmFromCEREG reads the PSM timers the network granted from +CEREG (n=4
// or 5); found is false when it does not show them.
func (m *Manager) psmFromCEREG(ctx context.Context) (psm bool, tau, active time.Duration, found bool) {
	r, err := m.cmd(ctx, "AT+CEREG?")
	if err != nil {
		return false, 0, 0, false
	}
	for _, l := range r.Lines {
		reg, err := gsm.ParseRegistration(l)
		if err != nil || reg.PeriodicTAU == "" {
			continue
		}
		t, err1 := gsm.DecodeT3412(reg.PeriodicTAU)
		a, err2 := gsm.DecodeT3324(reg.ActiveTime)
		if err1 == nil && err2 == nil {
			psm, tau, active, found = true, t, a, true
		}
	}
	return psm, tau, active, found
}

func (m *Manager) readPowerSaving(ctx context.Context) {
	if m.cfg.PSM == nil && m.cfg.EDRX == nil {
		return
	}
	p, err := m.PowerSaving(ctx)
	if err != nil {
		m.log.Warn("reading granted power saving failed", "err", err)
		return
	}
	m.update(func(st *Status) { st.Power = p })
}
