package modem

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/atparam"
	"github.com/cellgate/cellgate/internal/gsm"
	"github.com/cellgate/cellgate/internal/retry"
)

// selectTimeout bounds a manual AT+COPS=1 (a registration attempt).
const selectTimeout = 180 * time.Second

// selectOperator applies the configured selection: manual with fallback to
// automatic, or automatic. With roaming off a configured operator that is
// not a home network is not selected: automatic selection is used instead.
func (m *Manager) selectOperator(ctx context.Context) error {
	if !m.cfg.Roaming {
		m.readHome(ctx)
	}
	if m.cfg.Operator != "" && !m.mayChoose(m.cfg.Operator) {
		m.emit(EventOperator, 0, fmt.Sprintf("%s is not the home network and roaming is disabled: automatic selection", m.cfg.Operator))
		return m.automatic(ctx)
	}
	if m.cfg.Operator != "" {
		op, err := quote("operator", m.cfg.Operator)
		if err != nil {
			return err
		}
		_, err = m.cmd(ctx, "AT+COPS=1,2,"+op, at.WithTimeout(selectTimeout))
		if err == nil {
			m.update(func(st *Status) { st.Registration.Manual = true })
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		m.emit(EventOperator, 0, fmt.Sprintf("manual selection of %s failed (%v): automatic selection", m.cfg.Operator, err))
		return m.automatic(ctx)
	}
	r, err := m.cmd(ctx, "AT+COPS?")
	if err == nil {
		for _, l := range r.Lines {
			if op, err := gsm.ParseCOPS(l); err == nil && op.Mode == 0 {
				return nil // already automatic: do not disturb it
			}
		}
	}
	return m.automatic(ctx)
}

func (m *Manager) automatic(ctx context.Context) error {
	m.update(func(st *Status) { st.Registration.Manual = false })
	_, err := m.cmd(ctx, "AT+COPS=0", at.WithTimeout(selectTimeout))
	return err
}

// registrationQueries are read in this order; the packet domains decide
// whether data can flow.
var registrationQueries = []string{"AT+CEREG?", "AT+CGREG?", "AT+CREG?"}

// readRegistration queries every domain and records the best one. It
// reports whether the module is registered where it needs to be. A module
// without LTE is not asked for +CEREG.
func (m *Manager) readRegistration(ctx context.Context) (bool, error) {
	var regs []gsm.Registration
	for _, q := range registrationQueries {
		if q == "AT+CEREG?" && !m.hasLTE() {
			continue
		}
		r, err := m.e.Command(ctx, q)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, at.ErrUnavailable) || errors.Is(err, at.ErrTimeout) {
				return false, err
			}
			if q == "AT+CEREG?" && unsupported(err) {
				m.setLTE(false)
			}
			continue // a 2G/3G module has no +CEREG, an LTE-only one may lack +CREG
		}
		for _, l := range r.Lines {
			if reg, err := gsm.ParseRegistration(l); err == nil {
				regs = append(regs, reg)
			}
		}
	}
	return m.applyRegistration(regs...), nil
}

// hasLTE reports whether the module may have E-UTRAN: true until it refuses
// +CEREG.
func (m *Manager) hasLTE() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return !m.noLTE
}

// setLTE records whether the module has E-UTRAN.
func (m *Manager) setLTE(on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !on && !m.noLTE {
		m.log.Info("module has no LTE: +CEREG is not used")
	}
	m.noLTE = !on
}

// unsupported reports whether err is a module's refusal of the command
// itself (ERROR, COMMAND NOT SUPPORT, +CME ERROR 4 operation not supported
// or 100 unknown) rather than a passing failure.
func unsupported(err error) bool {
	var re *at.ResultError
	if errors.As(err, &re) {
		return re.Result == "ERROR" || re.Result == "COMMAND NOT SUPPORT"
	}
	var ce *at.CMEError
	return errors.As(err, &ce) && (ce.Code == 4 || ce.Code == 100)
}

// countable reports whether a registration report may count: a +CEREG
// (EPS) report only from a module with LTE, and only on an E-UTRAN access
// technology or without one named. A +CEREG "registered" on UTRAN or GERAN
// is no LTE registration.
func (m *Manager) countable(r gsm.Registration) bool {
	if r.Domain != "CEREG" {
		return true
	}
	return m.hasLTE() && (r.AcT == gsm.NoAcT || r.AcT.EUTRAN())
}

// applyRegistration folds registration reports (from queries or URCs) into
// the status, emits events on change, and reports whether the module is
// registered for what it needs (packet domain unless NoData).
func (m *Manager) applyRegistration(all ...gsm.Registration) bool {
	var regs []gsm.Registration
	for _, r := range all {
		if m.countable(r) {
			regs = append(regs, r)
		} else {
			m.log.Debug("+CEREG report ignored: no LTE, or not on E-UTRAN", "stat", int(r.Stat), "act", r.AcT.String())
		}
	}
	// The best report: registered over not, with a location over without,
	// packet domains over CS unless no data is wanted; first wins ties.
	score := func(r *gsm.Registration) int {
		n := 0
		if r.Stat.Registered() {
			n += 2
		}
		if r.LAC != "" {
			n++
		}
		return n
	}
	var best *gsm.Registration
	for i := range regs {
		r := &regs[i]
		if (m.cfg.NoData || r.Domain != "CREG") && (best == nil || score(r) > score(best)) {
			best = r
		}
	}
	if best == nil {
		if len(regs) == 0 {
			return m.Status().Registration.Stat.Registered()
		}
		best = &regs[0] // only CS was reported: keep it for the status
	}
	prev := m.Status().Registration
	m.update(func(st *Status) {
		g := &st.Registration
		g.Stat, g.State, g.Domain, g.Roaming = best.Stat, best.Stat.String(), best.Domain, best.Stat.Roaming()
		if best.LAC != "" {
			g.LAC, g.CI = best.LAC, best.CI
		}
		if best.AcT != gsm.NoAcT {
			g.RAT = best.AcT.String()
		}
		g.Cause = 0
		if best.RejectCause > 0 {
			g.Cause = best.RejectCause
		}
	})
	now := best.Stat.Registered()
	switch {
	case now && (!prev.Stat.Registered() || prev.Roaming != best.Stat.Roaming()):
		kind := EventRegistered
		if best.Stat.Roaming() {
			kind = EventRoaming
		}
		m.emit(kind, 0, fmt.Sprintf("%s %s", best.Domain, best.Stat))
	case !now && prev.Stat.Registered():
		m.emit(EventLost, best.RejectCause, fmt.Sprintf("%s %s", best.Domain, best.Stat))
	}
	if best.Stat == regDenied && prev.Stat != regDenied {
		m.emit(EventDenied, best.RejectCause, fmt.Sprintf("%s registration denied", best.Domain))
	}
	return now && (m.cfg.NoData || best.Domain != "CREG")
}

// waitRegistered waits for registration, by URC or by polling. A manual
// selection that does not register in time falls back to automatic.
func (m *Manager) waitRegistered(ctx context.Context) error {
	deadline := time.Now().Add(m.cfg.RegistrationTimeout)
	fellBack := false
	poll := retry.Backoff{Min: 500 * time.Millisecond, Max: 5 * time.Second}
	for {
		ok, err := m.readRegistration(ctx)
		if err != nil {
			return err
		}
		if ok {
			m.readOperator(ctx)
			return nil
		}
		if time.Now().After(deadline) {
			if m.cfg.Operator != "" && m.Status().Registration.Manual && !fellBack {
				fellBack = true
				m.emit(EventOperator, 0, fmt.Sprintf("%s did not register within %v: automatic selection", m.cfg.Operator, m.cfg.RegistrationTimeout))
				if err := m.automatic(ctx); err != nil {
					return err
				}
				deadline = time.Now().Add(m.cfg.RegistrationTimeout)
				continue
			}
			st := m.Status().Registration
			return fmt.Errorf("modem: not registered after %v (%s)", m.cfg.RegistrationTimeout, st.State)
		}
		if err := m.waitSignal(ctx, poll.Next()); err != nil {
			return err
		}
	}
}

// waitSignal waits up to d for an indication; a restart ends bring-up.
func (m *Manager) waitSignal(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	case s := <-m.urcs:
		if m.restarted(s) {
			return errRestarted
		}
	}
	return nil
}

// readOperator reads the serving PLMN (numeric) and its name.
func (m *Manager) readOperator(ctx context.Context) {
	read := func(format int) string {
		if _, err := m.cmd(ctx, fmt.Sprintf("AT+COPS=3,%d", format)); err != nil {
			return ""
		}
		r, err := m.cmd(ctx, "AT+COPS?")
		if err != nil {
			return ""
		}
		for _, l := range r.Lines {
			if op, err := gsm.ParseCOPS(l); err == nil {
				if op.AcT != gsm.NoAcT {
					m.update(func(st *Status) { st.Registration.RAT = op.AcT.String() })
				}
				return op.Name
			}
		}
		return ""
	}
	plmn, name := read(2), read(0)
	m.update(func(st *Status) { st.Registration.PLMN, st.Registration.Operator = plmn, name })
}

// avoidBlacklisted moves the module off a blacklisted PLMN: scan, and select
// the first available network that is neither blacklisted nor forbidden,
// nor, with roaming off, a visited network.
func (m *Manager) avoidBlacklisted(ctx context.Context) error {
	plmn := m.Status().Registration.PLMN
	if plmn == "" || !slices.Contains(m.cfg.Blacklist, plmn) {
		return nil
	}
	m.emit(EventOperator, 0, "registered on blacklisted "+plmn+": scanning for another network")
	nets, err := m.Scan(ctx, nil)
	if err != nil {
		return err
	}
	var visited []string
	for _, n := range nets {
		if n.Stat == 3 || atparam.PLMN(n.Numeric) != "" || slices.Contains(m.cfg.Blacklist, n.Numeric) {
			continue // forbidden, blacklisted, or not a PLMN the module may be asked for
		}
		op, err := quote("scanned PLMN", n.Numeric)
		if err != nil {
			continue
		}
		if !m.mayChoose(n.Numeric) {
			if !slices.Contains(visited, n.Numeric) {
				visited = append(visited, n.Numeric)
			}
			continue
		}
		if _, err := m.cmd(ctx, "AT+COPS=1,2,"+op, at.WithTimeout(selectTimeout)); err != nil {
			m.log.Warn("selecting an allowed network failed", "plmn", n.Numeric, "err", err)
			continue
		}
		m.update(func(st *Status) { st.Registration.Manual = true })
		m.emit(EventOperator, 0, "selected "+n.Numeric+" ("+n.Long+") instead of blacklisted "+plmn)
		return m.waitRegistered(ctx)
	}
	if len(visited) > 0 {
		return fmt.Errorf("modem: no network to leave blacklisted %s for: %s not the home network and roaming is disabled", plmn, strings.Join(visited, ", "))
	}
	return fmt.Errorf("modem: only blacklisted networks (%s) are available", strings.Join(m.cfg.Blacklist, ", "))
}

// regDenied is 27.007 <stat> 3, registration denied.
const regDenied = gsm.RegStat(3)
