package modem

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/atparam"
	"github.com/cellgate/cellgate/internal/gsm"
)

// PINCheckError is a PIN CheckPIN did not confirm: refused by the SIM, or
// not tried because trying was not safe. It never holds the PIN.
type PINCheckError struct {
	Msg   string
	Tried bool // a try was spent on it
	Left  int  // PIN tries left, -1 unknown
}

func (e *PINCheckError) Error() string {
	if e.Left < 0 {
		return e.Msg
	}
	return fmt.Sprintf("%s; %s left", e.Msg, tries(e.Left))
}

func tries(n int) string {
	if n == 1 {
		return "1 PIN try"
	}
	return fmt.Sprintf("%d PIN tries", n)
}

// CheckPIN confirms pin with the SIM before it is configured, so that a
// mistyped PIN never waits for the next start to spend a try unseen. It
// returns the PIN tries left afterwards, or a *PINCheckError.
//
//   - The SIM asks for its PIN (AT+CPIN? answers SIM PIN): pin is entered
//     with AT+CPIN, which unlocks the SIM if it is right.
//   - The SIM is unlocked and its PIN lock is on (AT+CLCK="SC",2 answers 1):
//     pin is verified with AT+CPWD="SC",pin,pin (27.007 7.5), which changes
//     the PIN to itself. The SIM checks the old PIN as it checks an entered
//     one (TS 102 221 11.1.10 CHANGE PIN): a wrong one costs a try, a right
//     one restores the tries and changes nothing. 27.007 has no command that
//     verifies a PIN without the risk of a try; AT+CLCK="SC",1 on a lock that
//     is already on is refused without looking at the PIN (Huawei guide
//     11.1.2), and unlocking and locking again leaves the SIM unprotected
//     in between.
//   - The PIN lock is off: nothing asks for the PIN, and nothing can verify
//     it without switching the lock on: refused.
//   - A PUK, another code or no SIM: refused.
//
// A try is spent only while the driver's counter command shows more than
// one left: with one left, or when the tries cannot be read, CheckPIN
// refuses without trying. A PIN entered or verified here also clears the
// manager's memory of a rejected PIN.
func (m *Manager) CheckPIN(ctx context.Context, pin string) (int, error) {
	if p := atparam.PIN(pin); p != "" {
		return -1, &PINCheckError{Msg: p, Left: -1}
	}
	m.pinMu.Lock()
	defer m.pinMu.Unlock()
	state, err := m.simState(ctx)
	if err != nil {
		return -1, err
	}
	q, err := quote("PIN", pin)
	if err != nil {
		return -1, err
	}
	var cmd string
	switch state {
	case gsm.SIMPIN:
		cmd = "AT+CPIN=" + q
	case gsm.SIMReady:
		on, err := m.pinLockOn(ctx)
		if err != nil {
			return -1, err
		}
		if !on {
			return m.readPINCounters(ctx), &PINCheckError{Msg: "the SIM's PIN lock is off: no PIN is asked for, and none can be verified; not stored", Left: -1}
		}
		cmd = `AT+CPWD="SC",` + q + "," + q
	case gsm.SIMNotInserted:
		return -1, &PINCheckError{Msg: "no SIM card", Left: -1}
	case gsm.SIMPUK:
		m.readPINCounters(ctx)
		return 0, &PINCheckError{Msg: "the SIM is blocked and asks for its PUK", Left: 0}
	default:
		return -1, &PINCheckError{Msg: "the SIM asks for " + string(state), Left: -1}
	}
	left := m.readPINCounters(ctx)
	switch {
	case left < 0:
		return left, &PINCheckError{Msg: "the PIN tries left cannot be read: not trying", Left: left}
	case left <= 1:
		return left, &PINCheckError{Msg: "not spending the last try remotely: enter the PIN by hand", Left: left}
	}
	_, err = m.cmd(ctx, cmd, at.WithTimeout(30*time.Second))
	var cme *at.CMEError
	if errors.As(err, &cme) {
		left = m.readPINCounters(ctx)
		return left, &PINCheckError{Msg: "the SIM refused the PIN (" + strings.ToLower(cme.Text) + ")", Tried: true, Left: left}
	}
	if err != nil {
		return -1, err
	}
	m.mu.Lock()
	m.pinFailed = false
	m.mu.Unlock()
	if state == gsm.SIMPIN {
		m.log.Info("PIN entered on request")
	}
	return m.readPINCounters(ctx), nil
}

// pinLockOn reads the SIM PIN lock with AT+CLCK="SC",2 (27.007 7.4).
func (m *Manager) pinLockOn(ctx context.Context) (bool, error) {
	r, err := m.cmd(ctx, `AT+CLCK="SC",2`)
	if err != nil {
		return false, err
	}
	for _, l := range r.Prefixed("+CLCK:") {
		switch f := fields(l); {
		case len(f) > 0 && f[0] == "1":
			return true, nil
		case len(f) > 0 && f[0] == "0":
			return false, nil
		}
	}
	return false, fmt.Errorf("modem: AT+CLCK=\"SC\",2: no +CLCK status in %q", r.Lines)
}
