package at

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// sideChannel opens a second port into the simulated module, as another
// program on another of its ports would, and sends line on it behind the
// engine's back. The module's settings are shared by its ports.
func sideChannel(t *testing.T, sim *modem.Modem, line string) {
	t.Helper()
	host, dev := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); sim.Serve(ctx, dev) }()
	go io.Copy(io.Discard, host) // echo, results and indications
	t.Cleanup(func() { cancel(); host.Close(); <-done })
	if _, err := host.Write([]byte(line + "\r")); err != nil {
		t.Fatal(err)
	}
}

// waitAnswers polls the engine until cmd succeeds, within d.
func waitAnswers(t *testing.T, e *Engine, cmd string, d time.Duration) *Response {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		r, err := e.Command(ctx, cmd)
		cancel()
		if err == nil {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still fails after %v: %v", cmd, d, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func commandCount(sim *modem.Modem, cmd string) int {
	n := 0
	for _, c := range sim.Commands() {
		if strings.EqualFold(c, cmd) {
			n++
		}
	}
	return n
}

// A module switched to numeric result codes (ATV0) or to no result codes
// (ATQ1) behind the engine's back answers "0" or nothing: the health
// probe's bare AT was never understood, the engine declared the module
// unavailable and kept it so, reopening and probing for ever.
func TestRegressionMisconfiguredResultCodesNeverRecover(t *testing.T) {
	for _, tc := range []struct{ name, line, seen string }{
		{"V0", "ATV0", "numeric result codes, ATV0"},
		{"Q1", "ATQ1", "echoed but no result code"},
		{"Q1 with echo off", "ATE0Q1", "information text but no result code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sim, e, events := simEngine(t, modem.Config{}, Config{
				Timeout: 300 * time.Millisecond, HealthTimeout: 200 * time.Millisecond,
				ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
			})
			must(t, e, "AT+CSQ")
			sideChannel(t, sim, tc.line)
			for commandCount(sim, tc.line) == 0 {
				time.Sleep(5 * time.Millisecond)
			}
			if _, err := e.Command(context.Background(), "AT+CSQ"); !errors.Is(err, ErrTimeout) {
				t.Fatalf("AT+CSQ on a misconfigured module: %v, want a timeout", err)
			}
			if ev := waitEvent(t, events, EventTimeout); !strings.Contains(ev.Detail, tc.seen) {
				t.Errorf("timeout detail %q, want it to say %q", ev.Detail, tc.seen)
			}
			r := waitAnswers(t, e, "AT+CSQ", 5*time.Second)
			if len(r.Prefixed("+CSQ:")) != 1 {
				t.Errorf("after the restore: %q", r.Lines)
			}
			if commandCount(sim, RestoreCommand) == 0 {
				t.Errorf("no %s sent: %q", RestoreCommand, sim.Commands())
			}
		})
	}
}

// The module is deemed unavailable (frozen a while) after it was switched
// to numeric result codes: once it thaws, the reopened port's probe must
// restore it rather than take its "0" for silence.
func TestRegressionUnavailableModemInV0StaysUnavailable(t *testing.T) {
	t.Parallel()
	sim, e, events := simEngine(t, modem.Config{}, Config{
		Timeout: 300 * time.Millisecond, HealthTimeout: 100 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	sideChannel(t, sim, "ATV0")
	testkit.Eventually(t, "ATV0 on the side channel", func() bool { return commandCount(sim, "ATV0") != 0 })
	sim.Freeze(true)
	if _, err := e.Command(context.Background(), "AT+CSQ"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("AT+CSQ on a frozen module: %v", err)
	}
	waitEvent(t, events, EventUnavailable)
	sim.Freeze(false)
	ev := waitEvent(t, events, EventAvailable)
	t.Logf("available again: %s", ev.Detail)
	if r := must(t, e, "AT+CSQ"); len(r.Prefixed("+CSQ:")) != 1 {
		t.Errorf("after the restore: %q", r.Lines)
	}
}

// ATE0V1Q0 refused (in numeric form): the health procedure restores the
// factory settings with AT&F, applies ATE0V1Q0 and Config.Init again, and
// says the settings were lost.
func TestHealthFallsBackToFactorySettings(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{
		"AT+CGATT=1": "", RestoreCommand: "4\r", FactoryCommand: "\r\nOK\r\n",
		"AT+CMEE=1": "\r\nOK\r\n", "AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
	})
	events := make(chan Event, 64)
	e := startEngine(t, f, Config{Timeout: 100 * time.Millisecond, Init: []string{"AT+CMEE=1"},
		OnEvent: func(ev Event) { events <- ev }})
	if _, err := e.Command(context.Background(), "AT+CGATT=1"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("CGATT: %v", err)
	}
	ev := waitEvent(t, events, EventRestarted)
	if !strings.Contains(ev.Detail, FactoryCommand) {
		t.Errorf("detail %q", ev.Detail)
	}
	want := []string{"AT+CGATT=1", RestoreCommand, FactoryCommand, RestoreCommand, "AT+CMEE=1"}
	if got := f.commands(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("commands %q, want %q", got, want)
	}
	if r := must(t, e, "AT+CSQ"); r.Lines[0] != "+CSQ: 20,99" {
		t.Errorf("after the restore: %q", r.Lines)
	}
	if !e.Available() || e.Stats().Unavailable != 0 {
		t.Errorf("available %v, stats %+v", e.Available(), e.Stats())
	}
}

// Recover reaches a module the engine deems unavailable: a fresh port, the
// restoring probe, then the command, while every other command is refused.
func TestRecoverBypassesTheAvailabilityGate(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n", "AT+CFUN=1,1": "\r\nOK\r\n"})
	events := make(chan Event, 64)
	// A backoff of an hour: only Recover can reach the module in time.
	e := startEngine(t, f, Config{HealthTimeout: 50 * time.Millisecond, ReopenMin: time.Hour, ReopenMax: time.Hour,
		OnEvent: func(ev Event) { events <- ev }})
	f.setSilent(true)
	e.Reopen("silent")
	waitEvent(t, events, EventUnavailable)
	f.waitCmd(t, RestoreCommand) // the reopened port's probe goes unanswered
	f.setSilent(false)
	if _, err := e.Command(context.Background(), "AT+CFUN=1,1"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Command while unavailable: %v", err)
	}
	before := len(f.commands())
	r, err := e.Recover(context.Background(), "reset", "AT+CFUN=1,1")
	if err != nil || r.Final != "OK" {
		t.Fatalf("Recover: %+v %v", r, err)
	}
	if got := f.commands()[before:]; strings.Join(got, " ") != RestoreCommand+" AT+CFUN=1,1" {
		t.Errorf("commands %q", got)
	}
	waitEvent(t, events, EventAvailable)
	if !e.Available() {
		t.Error("not available after Recover")
	}
}

// A module that answers nothing still gets the Recover command, which
// times out; the health procedure goes on and Recover is free again.
func TestRecoverOnASilentModemTimesOut(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n"})
	e := startEngine(t, f, Config{HealthTimeout: 30 * time.Millisecond})
	f.setSilent(true)
	_, err := e.Recover(context.Background(), "reset", "AT+CFUN=1,1", WithTimeout(50*time.Millisecond))
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Recover on a silent module: %v", err)
	}
	if got := f.commands(); !strings.Contains(strings.Join(got, " "), "AT+CFUN=1,1") {
		t.Fatalf("the command was never sent: %q", got)
	}
	if e.Available() {
		t.Error("a silent module is available")
	}
	f.setSilent(false)
	if _, err := e.Recover(context.Background(), "again", "AT"); err != nil {
		t.Fatalf("second Recover: %v", err)
	}
}

// A Recover whose caller gave up while its command runs gives way to the
// next Recover; the engine goes on.
func TestRecoverAfterAnAbandonedRecover(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n", "AT+CFUN=1,1": ""})
	e := startEngine(t, f, Config{HealthTimeout: 30 * time.Millisecond})
	f.setSilent(true)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := e.Recover(ctx, "first", "AT+CFUN=1,1", WithTimeout(time.Minute))
		errc <- err
	}()
	f.waitCmd(t, "AT+CFUN=1,1")
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("first Recover: %v", err)
	}
	f.setSilent(false)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	if _, err := e.Recover(ctx2, "second", "AT"); err != nil {
		t.Fatalf("second Recover: %v", err)
	}
	must(t, e, "AT")
}
