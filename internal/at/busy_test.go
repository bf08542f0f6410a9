package at

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
)

// A module busy with something long (a network scan it was left doing, a
// slow command) answers nothing for a while: its silence says nothing of
// its settings. The health procedure sent AT&F after one silent ATE0V1Q0,
// so a busy module that took it once free lost every setting.
func TestRegressionBusyModuleFactoryReset(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+CGATT=1": "", "AT": "\r\nOK\r\n"})
	events := make(chan Event, 256)
	e := startEngine(t, f, Config{Timeout: 100 * time.Millisecond, HealthTimeout: 100 * time.Millisecond,
		OnEvent: func(ev Event) { events <- ev }})
	f.setSilent(true) // busy: reads, answers nothing
	if _, err := e.Command(context.Background(), "AT+CGATT=1"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("CGATT: %v", err)
	}
	waitEvent(t, events, EventUnavailable)
	// Probes on the reopened port, still unanswered.
	deadline := time.Now().Add(5 * time.Second)
	for n := 0; n < 6 && time.Now().Before(deadline); n = commandsNamed(f, RestoreCommand) {
		f.waitCmd(t, RestoreCommand)
	}
	f.setSilent(false) // free again
	waitEvent(t, events, EventAvailable)
	if slices.Contains(f.commands(), FactoryCommand) {
		t.Errorf("a module that was only silent got %s: %q", FactoryCommand, f.commands())
	}
	for len(events) > 0 {
		if ev := <-events; ev.Kind == EventRestarted {
			t.Errorf("event %v: %s", ev.Kind, ev.Detail)
		}
	}
}

func commandsNamed(f *fakeModem, cmd string) int {
	n := 0
	for _, c := range f.commands() {
		if strings.EqualFold(c, cmd) {
			n++
		}
	}
	return n
}

// A module switched to numeric or quiet result codes and restored by the
// health procedure said so only in the log: EventRestored tells the
// gateway, which records it.
func TestRegressionResultCodeRestoreUnreported(t *testing.T) {
	for _, tc := range []struct {
		name           string
		verbose, quiet bool
		seen           string
	}{
		{"V0", false, false, "numeric result codes, ATV0"},
		{"Q1", true, true, "ATQ1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sim, e, events := simEngine(t, modem.Config{}, Config{
				Timeout: 300 * time.Millisecond, HealthTimeout: 200 * time.Millisecond,
				ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
			})
			must(t, e, "AT+CSQ")
			sim.SetResultCodes(tc.verbose, tc.quiet)
			if _, err := e.Command(context.Background(), "AT+CSQ"); !errors.Is(err, ErrTimeout) {
				t.Fatalf("AT+CSQ on a misconfigured module: %v, want a timeout", err)
			}
			ev := waitEvent(t, events, EventRestored)
			if !strings.Contains(ev.Detail, RestoreCommand) || !strings.Contains(ev.Detail, tc.seen) {
				t.Errorf("restore detail %q, want %s and %q", ev.Detail, RestoreCommand, tc.seen)
			}
			if st := sim.Status(); !st.Verbose || st.Quiet {
				t.Errorf("module after the restore: %+v", st)
			}
		})
	}
}

// Close while a Recover command waits on a silent module ends the Recover
// with ErrClosed; Close waits for the loop and the readers, so nothing is
// left behind, and a later Recover fails at once.
func TestRecoverDuringClose(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n", "AT+CFUN=1,1": ""})
	e := startEngine(t, f, Config{HealthTimeout: 50 * time.Millisecond})
	f.setSilent(true)
	errc := make(chan error, 1)
	go func() {
		_, err := e.Recover(context.Background(), "reset", "AT+CFUN=1,1", WithTimeout(time.Minute))
		errc <- err
	}()
	f.waitCmd(t, "AT+CFUN=1,1")
	closed := make(chan struct{})
	go func() { e.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close does not return while Recover waits")
	}
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("Recover during Close: %v, want ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Recover still waits after Close")
	}
	if _, err := e.Recover(context.Background(), "again", "AT"); !errors.Is(err, ErrClosed) {
		t.Errorf("Recover after Close: %v", err)
	}
}

// Recover takes the port from a running command and keeps it: the command
// that ran fails with ErrUnavailable, commands sent while the restoring
// probe runs are refused and never written, so nothing comes between the
// probe and the recovery command on the line.
func TestRecoverOwnsTheLine(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{
		"AT+COPN": "", RestoreCommand: "", "AT+CFUN=1,1": "\r\nOK\r\n", "AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
	})
	e := startEngine(t, f, Config{Timeout: time.Minute, HealthTimeout: 300 * time.Millisecond})
	slow := make(chan error, 1)
	go func() {
		_, err := e.Command(context.Background(), "AT+COPN")
		slow <- err
	}()
	f.waitCmd(t, "AT+COPN")
	rec := make(chan error, 1)
	go func() {
		_, err := e.Recover(context.Background(), "reset", "AT+CFUN=1,1")
		rec <- err
	}()
	if err := <-slow; !errors.Is(err, ErrUnavailable) {
		t.Errorf("the command Recover interrupted: %v, want ErrUnavailable", err)
	}
	f.waitCmd(t, RestoreCommand)
	for range 5 { // while the probe runs
		if _, err := e.Command(context.Background(), "AT+CSQ"); !errors.Is(err, ErrUnavailable) {
			t.Errorf("a command during Recover: %v, want ErrUnavailable", err)
		}
	}
	if err := <-rec; err != nil {
		t.Fatalf("Recover: %v", err)
	}
	want := []string{"AT+COPN", RestoreCommand, "AT+CFUN=1,1"}
	if got := f.commands(); !slices.Equal(got[:min(len(got), 3)], want) {
		t.Errorf("the line saw %q, want %q first", got, want)
	}
}

// A payload command (AT+CMGS) whose prompt had not come when Recover took
// the port: the module may be in text entry, or enter it, and would take the
// restoring probe and AT+CFUN=1,1 as the text of a message and never reset.
// The fresh port starts with ESC, which leaves text entry and is nothing in
// command mode.
func TestRegressionRecoverTypesIntoAPendingPrompt(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+CMGS=5": "", "ESC": "", "AT+CFUN=1,1": "\r\nOK\r\n"})
	e := startEngine(t, f, Config{Timeout: time.Minute})
	sms := make(chan error, 1)
	go func() {
		_, err := e.Command(context.Background(), "AT+CMGS=5", WithPayload([]byte("hello")))
		sms <- err
	}()
	f.waitCmd(t, "AT+CMGS=5")
	if _, err := e.Recover(context.Background(), "reset", "AT+CFUN=1,1"); err != nil {
		t.Fatalf("Recover: %v", err)
	}
	if err := <-sms; !errors.Is(err, ErrUnavailable) {
		t.Errorf("the interrupted AT+CMGS: %v", err)
	}
	got := f.commands()
	i := slices.Index(got, RestoreCommand)
	if i < 2 || got[i-1] != "" { // the fake records ESC as an empty entry
		t.Errorf("the line saw %q: no ESC between AT+CMGS and %s", got, RestoreCommand)
	}
}

// A watchdog's reopen that races the timeout's restore still reports the
// restore, not only that the module answers again. (Which of the two wins
// is up to the scheduler; either way EventRestored comes.)
func TestRestoreReportedAcrossAReopen(t *testing.T) {
	t.Parallel()
	sim, e, events := simEngine(t, modem.Config{}, Config{
		Timeout: 300 * time.Millisecond, HealthTimeout: 200 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	must(t, e, "AT+CSQ")
	sim.SetResultCodes(false, false)
	if _, err := e.Command(context.Background(), "AT+CSQ"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("AT+CSQ on a misconfigured module: %v, want a timeout", err)
	}
	// The watchdog reopens the port while the health procedure restores.
	e.Reopen("the watchdog")
	ev := waitEvent(t, events, EventRestored)
	if !strings.Contains(ev.Detail, RestoreCommand) || !strings.Contains(ev.Detail, "ATV0") {
		t.Errorf("restore detail %q, want %s and ATV0", ev.Detail, RestoreCommand)
	}
	waitEvent(t, events, EventAvailable)
	if st := sim.Status(); !st.Verbose || st.Quiet {
		t.Errorf("module after the restore: %+v", st)
	}
}
