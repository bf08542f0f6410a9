package rig

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// Modem is the modem simulator on a pseudo-terminal and the AT engine
// opened on it, as the gateway opens a module's port.
type Modem struct {
	Sim    *simmodem.Modem
	Engine *at.Engine
	// Link is the path the engine opened: a symlink to the pty's slave.
	Link string
	// Events receives the engine's events (the first 256 not read; later
	// ones are dropped while it is full).
	Events <-chan at.Event
}

// StartModemSim starts the simulator configured by cfg on a pty linked at
// "modem" in a new temporary directory, and waits until it booted. It is
// closed when the test ends. It returns the simulator and the link.
func StartModemSim(tb testing.TB, cfg simmodem.Config) (*simmodem.Modem, string) {
	tb.Helper()
	sim := simmodem.New(cfg)
	link := filepath.Join(tb.TempDir(), "modem")
	if err := sim.Start(context.Background(), link); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { sim.Close() })
	testkit.Eventually(tb, "the simulated modem to boot", func() bool { return sim.Status().Booted })
	return sim, link
}

// StartModem starts the simulator as StartModemSim does and an engine
// configured by ecfg on it at 115200 baud, and waits until the engine has
// an answer to AT (the boot's own lines may still be on their way when it
// opens the port). A nil ecfg.Logger discards the engine's log; ecfg.OnEvent
// is still called, before the event goes to Events. Both are closed when
// the test ends.
func StartModem(tb testing.TB, scfg simmodem.Config, ecfg at.Config) *Modem {
	tb.Helper()
	sim, link := StartModemSim(tb, scfg)
	events := make(chan at.Event, 256)
	if ecfg.Logger == nil {
		ecfg.Logger = slog.New(slog.DiscardHandler)
	}
	onEvent := ecfg.OnEvent
	ecfg.OnEvent = func(ev at.Event) {
		if onEvent != nil {
			onEvent(ev)
		}
		select {
		case events <- ev:
		default:
		}
	}
	e := at.New(at.SerialOpener(link, at.SerialConfig{Baud: 115200}), ecfg)
	if err := e.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	testkit.Eventually(tb, "the simulated modem to answer AT", func() bool {
		_, err := e.Command(context.Background(), "AT")
		return err == nil
	})
	return &Modem{Sim: sim, Engine: e, Link: link, Events: events}
}

// WaitEvent waits for an engine event of kind, passing over others, and
// fails the test after testkit.Patience.
func (m *Modem) WaitEvent(tb testing.TB, kind at.EventKind) at.Event {
	tb.Helper()
	deadline := time.NewTimer(testkit.Patience)
	defer deadline.Stop()
	for {
		select {
		case ev := <-m.Events:
			if ev.Kind == kind {
				return ev
			}
		case <-deadline.C:
			tb.Fatalf("no %v event from the engine within %v", kind, testkit.Patience)
		}
	}
}
