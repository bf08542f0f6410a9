package modem

import (
	"context"

	"github.com/cellgate/cellgate/internal/gsm"
)

// Query reads the module's state without changing its configuration (only
// the response formats: numeric errors with AT+CMEE=1, and AT+COPS=3):
// identity, SIM, registration, operator, signal, bearer, power saving and
// FPLMN. It is what `cellgate modem status` shows, and works whether or not
// Run is managing the module.
func (m *Manager) Query(ctx context.Context) (Status, error) {
	m.mu.Lock()
	known := m.driver != nil
	m.mu.Unlock()
	if !known { // Identify was not called yet
		if err := m.identify(ctx); err != nil {
			return m.Status(), err
		}
	}
	m.readICCID(ctx)
	state, err := m.simState(ctx)
	if err != nil {
		return m.Status(), err
	}
	m.readPINCounters(ctx)
	if state == gsm.SIMReady {
		m.readSubscriber(ctx)
		if ok, err := m.readRegistration(ctx); err == nil && ok {
			m.readOperator(ctx)
		}
		m.pollSignal(ctx)
		m.readBearer(ctx)
		if p, err := m.PowerSaving(ctx); err == nil {
			m.update(func(st *Status) { st.Power = p })
		}
		m.readFPLMNStatus(ctx)
	}
	st := m.Status()
	if st.State == StateProbing {
		st.State = queryState(st)
	}
	return st, nil
}

// readBearer records whether the data bearer is up, without dialling.
func (m *Manager) readBearer(ctx context.Context) {
	var up bool
	if m.drv().Data == DataNDIS {
		up, _ = m.ndisUp(ctx)
	} else {
		up, _ = m.contextActive(ctx)
	}
	if up {
		m.bearerUp(m.drv().Data)
		m.readAddresses(ctx)
	}
}

// queryState names the state a queried (not managed) module is in.
func queryState(st Status) State {
	switch {
	case st.SIM != gsm.SIMReady:
		return StateSIMError
	case !st.Registration.Stat.Registered():
		return StateRegistering
	case !st.Bearer.Up:
		return StateConnecting
	}
	return StateOnline
}
