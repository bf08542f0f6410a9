package modem

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/gsm"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
)

// checkPIN runs CheckPIN and returns the tries left and the check error.
func checkPIN(t *testing.T, m *Manager, pin string) (int, *PINCheckError) {
	t.Helper()
	left, err := m.CheckPIN(context.Background(), pin)
	if err == nil {
		return left, nil
	}
	var pe *PINCheckError
	if !errors.As(err, &pe) {
		t.Fatalf("CheckPIN(%q): %v", pin, err)
	}
	if strings.Contains(pe.Error(), pin) {
		t.Errorf("CheckPIN(%q): the error %q shows the PIN", pin, pe)
	}
	return left, pe
}

// On an unlocked SIM with its PIN lock on, a wrong PIN costs one try and is
// reported with the tries left; a right one is confirmed and restores them;
// with one try left nothing is tried.
func TestCheckPINOnAnUnlockedSIM(t *testing.T) {
	t.Parallel()
	for _, v := range []simmodem.Vendor{simmodem.Huawei, simmodem.Quectel, simmodem.UBlox} {
		t.Run(string(v), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, simmodem.Config{Vendor: v, PIN: "1234"}, Config{PIN: "1234", NoData: true}, fastEngine)
			r.waitState(t, StateOnline, 20*time.Second)
			left, pe := checkPIN(t, r.m, "9876")
			if pe == nil || !pe.Tried || pe.Left != 2 || left != 2 || !strings.Contains(pe.Error(), "2 PIN tries left") {
				t.Fatalf("wrong PIN: %d, %v", left, pe)
			}
			if left, pe := checkPIN(t, r.m, "1234"); pe != nil || left != 3 {
				t.Fatalf("right PIN: %d, %v", left, pe)
			}
			checkPIN(t, r.m, "9876")
			checkPIN(t, r.m, "9876")
			if s := r.sim.Status().PINLeft; s != 1 {
				t.Fatalf("%d tries left on the SIM, want 1", s)
			}
			// The last try is never spent, not even on the right PIN.
			for _, pin := range []string{"9876", "1234"} {
				if _, pe := checkPIN(t, r.m, pin); pe == nil || pe.Tried || pe.Left != 1 || !strings.Contains(pe.Error(), "last try") {
					t.Errorf("one try left, %s: %v", pin, pe)
				}
			}
			if s := r.sim.Status(); s.PINLeft != 1 || s.SIM != "READY" {
				t.Errorf("SIM %+v after refusals", s)
			}
		})
	}
}

// A SIM that asks for its PIN is unlocked by a right PIN; a wrong one costs
// a try and leaves it locked.
func TestCheckPINOnASIMAskingForIt(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{PIN: "1234"}, Config{}, fastEngine)
	r.waitState(t, StateSIMError, 10*time.Second)
	if left, pe := checkPIN(t, r.m, "0000"); pe == nil || !pe.Tried || left != 2 {
		t.Fatalf("wrong PIN: %d, %v", left, pe)
	}
	if s := r.sim.Status(); s.SIM != "SIM PIN" || s.PINLeft != 2 {
		t.Fatalf("SIM %+v", s)
	}
	if left, pe := checkPIN(t, r.m, "1234"); pe != nil || left != 3 {
		t.Fatalf("right PIN: %d, %v", left, pe)
	}
	if s := r.sim.Status(); s.SIM != "READY" {
		t.Fatalf("SIM %+v", s)
	}
}

// Nothing is tried where it cannot be checked safely: the PIN lock is off,
// the value is no PIN, the SIM wants its PUK.
func TestCheckPINRefusesWithoutTrying(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{NoData: true}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	if _, pe := checkPIN(t, r.m, "1234"); pe == nil || pe.Tried || !strings.Contains(pe.Error(), "lock is off") {
		t.Errorf("lock off: %v", pe)
	}
	for _, bad := range []string{"12", "12a4", "1234\rAT+CFUN=0", `12"34`} {
		if _, pe := checkPIN(t, r.m, bad); pe == nil || pe.Tried {
			t.Errorf("%q: %v", bad, pe)
		}
	}
	if s := r.sim.Status(); s.PINLeft != 3 {
		t.Errorf("%d tries left", s.PINLeft)
	}
	for _, c := range r.sim.Commands() {
		if strings.Contains(c, "CPWD") || strings.Contains(c, "CPIN=") || strings.Contains(c, "CFUN=0") {
			t.Errorf("command %q sent", c)
		}
	}
}

func TestCheckPINKeepsTheLastTryOfALockedSIM(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{PIN: "1234"}, Config{}, fastEngine)
	r.waitState(t, StateSIMError, 10*time.Second)
	checkPIN(t, r.m, "0000")
	checkPIN(t, r.m, "0000") // one left: refused without trying
	if s := r.sim.Status(); s.PINLeft != 1 || s.SIM != "SIM PIN" {
		t.Fatalf("SIM %+v", s)
	}
	if r.m.Status().SIM == gsm.SIMPUK {
		t.Error("the PIN was blocked")
	}
}
