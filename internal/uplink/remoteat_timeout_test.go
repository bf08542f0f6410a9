package uplink

import (
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
)

// A short remote AT timeout does not cut a network scan, which the AT
// engine gives its own long timeout: the scan answers, and the engine sees
// no timeout (so no health probes start behind the scan).
func TestRemoteATTimeoutDoesNotCutNetworkScan(t *testing.T) {
	t.Parallel()
	sim := simmodem.New(simmodem.Config{BootDelay: time.Millisecond, ScanDuration: 500 * time.Millisecond})
	if err := sim.Start(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	eng := at.New(at.SerialOpener(sim.TTY(), at.SerialConfig{}), at.Config{
		Timeouts: map[string]time.Duration{"AT+COPS=?": 30 * time.Second},
	})
	booted := make(chan struct{}, 1)
	eng.Listen(func(ev at.Event) {
		if ev.Kind == at.EventRestarted {
			select {
			case booted <- struct{}{}:
			default:
			}
		}
	})
	if err := eng.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	// The module's boot indication ends a command under way: the scan
	// goes after it.
	select {
	case <-booted:
	case <-time.After(10 * time.Second):
		t.Fatal("the module did not announce its start")
	}

	e := newEnv(t)
	cfg := e.config(e.startBroker(t, ""))
	cfg.AT = &ATConfig{Runner: eng, Timeout: 100 * time.Millisecond}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := p.execAT(t.Context(), "test", "AT+COPS=?", "AT+COPS=?")
	if !r.OK || r.Final != "OK" || len(r.Lines) == 0 {
		t.Errorf("network scan with remote_at.timeout 100ms: ok %v, final %q, lines %q, error %q", r.OK, r.Final, r.Lines, r.Error)
	}
	if n := eng.Stats().Timeouts; n != 0 {
		t.Errorf("the engine counted %d timeouts", n)
	}
}
