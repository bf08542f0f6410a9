package at

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
)

// countingOpener counts the openings of the fake's port.
func countingOpener(f *fakeModem, n *atomic.Int32) Opener {
	open := f.opener()
	return func(ctx context.Context) (io.ReadWriteCloser, error) {
		n.Add(1)
		return open(ctx)
	}
}

func TestReopenFailsWaitersAndReopensAtOnce(t *testing.T) {
	t.Parallel()
	f := newFake(t, true, map[string]string{"AT": "\r\nOK\r\n", "AT+CGATT=1": "", "AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"})
	events := make(chan Event, 64)
	var opens atomic.Int32
	// A backoff of a minute: only an immediate reopen passes this test.
	e := New(countingOpener(f, &opens), Config{
		Timeout: 10 * time.Second, HealthTimeout: 100 * time.Millisecond,
		ReopenMin: time.Minute, ReopenMax: time.Minute,
		Logger: slog.New(slog.DiscardHandler), OnEvent: func(ev Event) { events <- ev },
	})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	errc := make(chan error, 1)
	go func() { _, err := e.Command(context.Background(), "AT+CGATT=1"); errc <- err }()
	f.waitCmd(t, "AT+CGATT=1")
	e.Reopen("checked by hand")
	if err := <-errc; !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "checked by hand") {
		t.Fatalf("waiting command: %v", err)
	}
	if ev := waitEvent(t, events, EventUnavailable); ev.Detail != "checked by hand" {
		t.Errorf("detail %q", ev.Detail)
	}
	waitEvent(t, events, EventAvailable)
	if n := opens.Load(); n != 2 {
		t.Errorf("%d openings, want 2", n)
	}
	r, err := e.Command(context.Background(), "AT+CSQ")
	if err != nil || r.Lines[0] != "+CSQ: 20,99" {
		t.Fatalf("after reopen: %+v %v", r, err)
	}
	if s := e.Stats(); s.Unavailable != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestReopenWhileUnavailableSkipsTheBackoff(t *testing.T) {
	t.Parallel()
	f := newFake(t, true, map[string]string{"AT": "\r\nOK\r\n"})
	events := make(chan Event, 64)
	var opens atomic.Int32
	e := New(countingOpener(f, &opens), Config{
		Timeout: 10 * time.Second, HealthTimeout: 50 * time.Millisecond,
		ReopenMin: time.Minute, ReopenMax: time.Minute,
		Logger: slog.New(slog.DiscardHandler), OnEvent: func(ev Event) { events <- ev },
	})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	f.setSilent(true)
	e.Reopen("first")
	waitEvent(t, events, EventUnavailable)
	// The probe after the reopen times out: the engine waits a minute now.
	f.waitCmd(t, RestoreCommand)
	time.Sleep(150 * time.Millisecond) // only time shows the engine stays unavailable
	if e.Available() {
		t.Fatal("available while the modem is silent")
	}
	f.setSilent(false)
	e.Reopen("second")
	waitEvent(t, events, EventAvailable)
	select {
	case ev := <-events:
		t.Errorf("unexpected event %v %q", ev.Kind, ev.Detail)
	default:
	}
	if n := opens.Load(); n != 3 {
		t.Errorf("%d openings, want 3", n)
	}
	if s := e.Stats(); s.Unavailable != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestReopenBeforeStartAndAfterCloseDoesNothing(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n"})
	e := New(f.opener(), Config{Logger: slog.New(slog.DiscardHandler)})
	done := make(chan struct{})
	go func() {
		e.Reopen("before start")
		if err := e.Start(context.Background()); err != nil {
			t.Error(err)
		}
		e.Close()
		e.Reopen("after close")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Reopen blocked")
	}
}

func TestReopenConcurrentWithCommands(t *testing.T) {
	t.Parallel()
	f := newFake(t, true, map[string]string{"AT": "\r\nOK\r\n", "AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"})
	events := make(chan Event, 1024)
	e := startEngine(t, f, Config{OnEvent: func(ev Event) {
		select {
		case events <- ev:
		default:
		}
	}})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				_, err := e.Command(context.Background(), "AT+CSQ")
				if err != nil && !errors.Is(err, ErrUnavailable) {
					t.Errorf("command: %v", err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for range 10 {
			e.Reopen("stress")
			time.Sleep(5 * time.Millisecond)
		}
	})
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for !e.Available() {
		if time.Now().After(deadline) {
			t.Fatal("never available again")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := e.Command(context.Background(), "AT+CSQ"); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { e.Reopen("racing close"); close(closed) }()
	e.Close()
	<-closed
}

func TestSimReopen(t *testing.T) {
	t.Parallel()
	_, e, events := simEngine(t, modem.Config{}, Config{
		HealthTimeout: 200 * time.Millisecond, ReopenMin: time.Minute, ReopenMax: time.Minute,
	})
	must(t, e, "AT")
	e.Reopen("watchdog")
	if ev := waitEvent(t, events, EventUnavailable); ev.Detail != "watchdog" {
		t.Errorf("detail %q", ev.Detail)
	}
	waitEvent(t, events, EventAvailable)
	must(t, e, "AT+CSQ")
}
