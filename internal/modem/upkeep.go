package modem

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/gsm"
)

// upkeep keeps the module online: it follows indications, polls signal,
// registration and bearer, re-dials a dropped bearer, and returns when the
// module restarts (errRestarted) or stays unregistered too long.
func (m *Manager) upkeep(ctx context.Context) error {
	m.upkeeping.Store(true)
	defer m.upkeeping.Store(false)
	sig := time.NewTicker(m.cfg.SignalInterval)
	defer sig.Stop()
	check := time.NewTicker(m.cfg.CheckInterval)
	defer check.Stop()
	var lostSince time.Time
	// A dropped bearer is re-dialled at once, then with backoff, on a timer
	// so that indications keep flowing meanwhile.
	redial := time.NewTimer(time.Hour)
	redial.Stop()
	defer redial.Stop()
	redialDelay, redialPending := time.Duration(0), false
	scheduleRedial := func() {
		if !redialPending {
			redialPending = true
			redial.Reset(redialDelay)
			redialDelay = min(max(2*redialDelay, 5*time.Second), 2*time.Minute)
		}
	}
	bearer := func() error {
		if err := m.checkBearer(ctx); err != nil {
			return err
		}
		if m.cfg.NoData || m.Status().Bearer.Up {
			redialDelay = 0
		} else if m.Status().Registration.Stat.Registered() {
			scheduleRedial()
		}
		return nil
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-sig.C:
			m.pollSignal(ctx)
		case <-redial.C:
			redialPending = false
			if err := bearer(); err != nil {
				return err
			}
		case reply := <-m.redials:
			err := m.redial(ctx)
			reply <- err
			switch {
			case errors.Is(err, errRestarted) || ctx.Err() != nil:
				return err
			case err != nil:
				scheduleRedial()
			default:
				redialDelay = 0
			}
		case <-check.C:
			ok, err := m.readRegistration(ctx)
			if err != nil {
				if errors.Is(err, at.ErrUnavailable) {
					return m.waitAvailable(ctx)
				}
				continue
			}
			if !ok {
				if lostSince.IsZero() {
					lostSince = time.Now()
				}
				if time.Since(lostSince) > m.cfg.RegistrationTimeout {
					return fmt.Errorf("modem: registration lost for %v", time.Since(lostSince).Round(time.Second))
				}
				continue
			}
			lostSince = time.Time{}
			if !redialPending {
				if err := bearer(); err != nil {
					return err
				}
			}
		case s := <-m.urcs:
			if s.event != nil {
				switch {
				case m.restarted(s):
					return errRestarted
				case s.event.Kind == at.EventUnavailable:
					return m.waitAvailable(ctx)
				}
				continue
			}
			switch m.handleIndication(ctx, s.line) {
			case indLost:
				if lostSince.IsZero() {
					lostSince = time.Now()
				}
			case indRegistered:
				lostSince = time.Time{}
				m.readOperator(ctx)
				if err := bearer(); err != nil {
					return err
				}
			case indBearerDown:
				scheduleRedial()
			}
		}
	}
}

// waitAvailable waits for the AT engine to find the module again; bring-up
// then runs anew.
func (m *Manager) waitAvailable(ctx context.Context) error {
	m.setState(StateUnavailable, "waiting for the module")
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case s := <-m.urcs:
			if s.event != nil && (s.event.Kind == at.EventAvailable || s.event.Kind == at.EventRestarted) {
				return errRestarted
			}
		}
	}
}

// checkBearer re-dials when the bearer should be up and is not. A rejected
// activation is reported and is not fatal to upkeep: the next check retries.
func (m *Manager) checkBearer(ctx context.Context) error {
	if m.cfg.NoData || !m.Status().Registration.Stat.Registered() {
		return nil
	}
	up := false
	var err error
	if m.drv().Data == DataNDIS {
		up, err = m.ndisUp(ctx)
	} else {
		up, err = m.contextActive(ctx)
	}
	if err == nil && up {
		if !m.Status().Bearer.Up {
			m.bearerUp(m.drv().Data)
			m.readAddresses(ctx)
			m.emit(EventBearerUp, 0, "bearer found up")
		}
		return nil
	}
	m.bearerDown("bearer found down")
	m.setState(StateConnecting, "re-dialling")
	if err := m.connect(ctx); err != nil {
		if errors.Is(err, errRestarted) || ctx.Err() != nil {
			return err
		}
		m.setError(err)
		m.log.Warn("re-dial failed", "err", err)
		return nil
	}
	m.setError(nil)
	m.setState(StateOnline, "bearer up again")
	return nil
}

// indication is what an unsolicited line meant to upkeep.
type indication int

const (
	indNone indication = iota
	indRegistered
	indLost
	indBearerDown
)

// handleIndication folds one URC into the status.
func (m *Manager) handleIndication(ctx context.Context, line string) indication {
	switch {
	case strings.HasPrefix(line, "+CREG:"), strings.HasPrefix(line, "+CGREG:"),
		strings.HasPrefix(line, "+CEREG:"), strings.HasPrefix(line, "+C5GREG:"):
		reg, err := gsm.ParseRegistration(line)
		if err != nil {
			m.log.Debug("unparsable registration indication", "err", err)
			return indNone
		}
		if !m.countable(reg) {
			return indNone
		}
		was := m.Status().Registration.Stat.Registered()
		now := m.applyRegistration(reg)
		switch {
		case now && !was:
			return indRegistered
		case !reg.Stat.Registered() && (m.cfg.NoData || reg.Domain != "CREG"):
			return indLost
		}
	case strings.HasPrefix(line, "^NDISSTAT:"), strings.HasPrefix(line, "^NDISEND:"):
		// The next bearer check asks the module: an indication may be stale
		// (the bearer may have been re-dialled since).
		if st, err := gsm.ParseNDISSTAT(line); err == nil && st.Up {
			return indNone
		}
		return indBearerDown
	case strings.HasPrefix(line, "^JDET:"):
		if j, err := gsm.ParseJDET(line); err == nil && j.Jammed {
			m.emit(EventJammed, 0, line)
		}
	}
	return indNone
}

// pollSignal reads the signal and records it.
func (m *Manager) pollSignal(ctx context.Context) {
	s, err := m.Signal(ctx)
	if err != nil {
		m.log.Debug("signal query failed", "err", err)
		return
	}
	m.update(func(st *Status) { st.Signal = s })
	m.mu.Lock()
	report := m.sigGate.observe(s.Bars, time.Now())
	m.mu.Unlock()
	if report {
		m.emit(EventSignal, 0, fmt.Sprintf("%d bars", s.Bars))
	}
}

// Signal reads the signal with the richest query the module answers: the
// driver's own (^HCSQ, +QCSQ), then +CESQ, then +CSQ.
func (m *Manager) Signal(ctx context.Context) (gsm.Signal, error) {
	queries := []struct {
		cmd   string
		parse func(string) (gsm.Signal, error)
	}{
		{m.drv().Signal, signalParser(m.drv().Signal)},
		{"AT+CESQ", gsm.ParseCESQ},
		{"AT+CSQ", gsm.ParseCSQ},
	}
	err := errors.New("modem: no signal query answered")
	for _, q := range queries {
		if q.cmd == "" || q.parse == nil {
			continue
		}
		var r *at.Response
		if r, err = m.e.Command(ctx, q.cmd); err != nil || len(r.Lines) == 0 {
			continue
		}
		s, perr := q.parse(r.Lines[0])
		if perr != nil || s.RSSI == nil && s.RSRP == nil && s.RSCP == nil {
			continue
		}
		s.Bars = gsm.Bars(s)
		return s, nil
	}
	return gsm.Signal{}, err
}

func signalParser(cmd string) func(string) (gsm.Signal, error) {
	switch cmd {
	case "AT^HCSQ?":
		return gsm.ParseHCSQ
	case "AT+QCSQ":
		return gsm.ParseQCSQ
	}
	return nil
}
