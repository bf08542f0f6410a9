package modem

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/gsm"
	"github.com/cellgate/cellgate/internal/retry"
)

// SIMError stops bring-up: the manager will not go on (and never retries a
// PIN by itself) until the module or SIM changes.
type SIMError struct {
	State      gsm.SIMState
	Msg        string
	retryAfter time.Duration
}

func (e *SIMError) Error() string { return "SIM " + string(e.State) + ": " + e.Msg }

// unlockSIM reads +CPIN and enters the configured PIN when that is safe.
func (m *Manager) unlockSIM(ctx context.Context) error {
	state, err := m.simState(ctx)
	if err != nil {
		return err
	}
	switch state {
	case gsm.SIMReady:
	case gsm.SIMPIN:
		if err := m.enterPINOnce(ctx); err != nil {
			return err
		}
		// The SIM takes a moment to report READY after the PIN.
		for range 20 {
			if state, err = m.simState(ctx); err != nil || state == gsm.SIMReady {
				break
			}
			if !retry.Sleep(ctx, 250*time.Millisecond) {
				return ctx.Err()
			}
		}
		if err != nil {
			return err
		}
		if state != gsm.SIMReady {
			return &SIMError{State: state, Msg: "the SIM is not ready after the PIN", retryAfter: time.Minute}
		}
	case gsm.SIMNotInserted:
		return &SIMError{State: state, Msg: "no SIM card: insert one", retryAfter: m.cfg.SIMRetry}
	case gsm.SIMPUK:
		m.readPINCounters(ctx)
		return &SIMError{State: state, Msg: "the SIM is blocked and asks for its PUK: unblock it by hand", retryAfter: 5 * time.Minute}
	default:
		return &SIMError{State: state, Msg: "the SIM asks for a code cellgate does not enter", retryAfter: 5 * time.Minute}
	}
	m.readPINCounters(ctx)
	return nil
}

// simState reads +CPIN?; a missing or failed SIM answers with +CME ERROR.
func (m *Manager) simState(ctx context.Context) (gsm.SIMState, error) {
	r, err := m.cmd(ctx, "AT+CPIN?")
	var cme *at.CMEError
	switch {
	case errors.As(err, &cme) && (cme.Code == 10 || cme.Code == 13 || cme.Code == 15):
		m.update(func(st *Status) { st.SIM = gsm.SIMNotInserted })
		return gsm.SIMNotInserted, nil
	case errors.As(err, &cme) && (cme.Code == 11 || cme.Code == 12):
		s := map[int]gsm.SIMState{11: gsm.SIMPIN, 12: gsm.SIMPUK}[cme.Code]
		m.update(func(st *Status) { st.SIM = s })
		return s, nil
	case err != nil:
		return "", err
	}
	for _, l := range r.Lines {
		if s, err := gsm.ParseCPIN(l); err == nil {
			m.update(func(st *Status) { st.SIM = s })
			return s, nil
		}
	}
	return "", fmt.Errorf("AT+CPIN?: no +CPIN line in %q", r.Lines)
}

// enterPINOnce enters the configured PIN unless CheckPIN has unlocked the
// SIM since its state was read.
func (m *Manager) enterPINOnce(ctx context.Context) error {
	m.pinMu.Lock()
	defer m.pinMu.Unlock()
	switch state, err := m.simState(ctx); {
	case err != nil || state == gsm.SIMReady:
		return err
	case state != gsm.SIMPIN:
		return &SIMError{State: state, Msg: "the SIM no longer asks for its PIN", retryAfter: time.Minute}
	}
	return m.enterPIN(ctx)
}

// enterPIN enters the configured PIN only while more than one try remains:
// the last try is never spent by a machine.
func (m *Manager) enterPIN(ctx context.Context) error {
	if m.cfg.PIN == "" {
		return &SIMError{State: gsm.SIMPIN, Msg: "the SIM asks for a PIN and none is configured", retryAfter: 5 * time.Minute}
	}
	m.mu.Lock()
	failed := m.pinFailed
	m.mu.Unlock()
	if failed {
		return &SIMError{State: gsm.SIMPIN, Msg: "the configured PIN was rejected before: not trying it again", retryAfter: 5 * time.Minute}
	}
	left := m.readPINCounters(ctx)
	if left >= 0 && left <= 1 {
		return &SIMError{State: gsm.SIMPIN, Msg: fmt.Sprintf("%d PIN try left: cellgate does not spend the last one; enter the PIN by hand", left), retryAfter: 5 * time.Minute}
	}
	pin, err := quote("PIN", m.cfg.PIN)
	if err != nil {
		return &SIMError{State: gsm.SIMPIN, Msg: err.Error(), retryAfter: 5 * time.Minute}
	}
	if _, err := m.cmd(ctx, "AT+CPIN="+pin); err != nil {
		var cme *at.CMEError
		if errors.As(err, &cme) {
			m.mu.Lock()
			m.pinFailed = true
			m.mu.Unlock()
			m.readPINCounters(ctx)
			return &SIMError{State: gsm.SIMPIN, Msg: "the configured PIN was rejected: " + cme.Text, retryAfter: 5 * time.Minute}
		}
		return err
	}
	m.log.Info("PIN entered")
	return nil
}

// readPINCounters asks the driver's counter command for the remaining PIN and
// PUK tries and returns the PIN tries (-1 unknown).
func (m *Manager) readPINCounters(ctx context.Context) int {
	d := m.drv()
	r, err := m.cmd(ctx, d.PINCounter)
	pin, puk := -1, -1
	if err == nil {
		for _, l := range r.Lines {
			switch {
			case strings.HasPrefix(l, "^CPIN:"):
				if _, c, err := gsm.ParseHuaweiCPIN(l); err == nil {
					pin, puk = c.PIN, c.PUK
				}
			case strings.HasPrefix(l, "+QPINC:"):
				if fac, p, k, err := gsm.ParseQPINC(l); err == nil && fac == "SC" {
					pin, puk = p, k
				}
			case strings.HasPrefix(l, "+CPINR:"):
				pin = cpinrTries(l)
			}
		}
	}
	m.update(func(st *Status) { st.PINLeft, st.PUKLeft = pin, puk })
	return pin
}

// cpinrTries reads +CPINR: <code>,<retries>[,<default_retries>] (27.007 8.65).
func cpinrTries(line string) int {
	f := fields(strings.TrimSpace(strings.TrimPrefix(line, "+CPINR:")))
	if len(f) < 2 {
		return -1
	}
	return atoiOr(f[1], -1)
}

// readICCID reads EF ICCID (2FE2) with AT+CRSM, the driver's command as a
// fallback.
func (m *Manager) readICCID(ctx context.Context) {
	iccid := ""
	if data, ok := m.readBinary(ctx, 12258, 10); ok {
		iccid = swappedBCD(data)
	}
	if iccid == "" && m.drv().ICCID != "" {
		if v, err := m.value(ctx, m.drv().ICCID); err == nil {
			iccid = digitsOnly(v)
		}
	}
	m.update(func(st *Status) { st.ICCID = iccid })
}

// readSubscriber reads IMSI and MSISDN once the SIM is unlocked.
func (m *Manager) readSubscriber(ctx context.Context) {
	imsi, _ := m.value(ctx, "AT+CIMI")
	msisdn := ""
	if r, err := m.cmd(ctx, "AT+CNUM"); err == nil {
		for _, l := range r.Prefixed("+CNUM:") {
			if f := fields(l); len(f) >= 2 && f[1] != "" {
				msisdn = f[1]
				break
			}
		}
	}
	m.update(func(st *Status) { st.IMSI, st.MSISDN = digitsOnly(imsi), msisdn })
}

// swappedBCD decodes EF ICCID's nibble-swapped BCD, dropping F fillers.
func swappedBCD(h string) string {
	var b strings.Builder
	for i := 0; i+1 < len(h); i += 2 {
		for _, c := range []byte{h[i+1], h[i]} {
			if c >= '0' && c <= '9' {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
