package modem

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"fmt"
	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/gsm"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
	"strings"
)

// rig is a simulated module on a pty, the AT engine on it, and a manager.
type rig struct {
	sim    *simmodem.Modem
	e      *at.Engine
	m      *Manager
	events <-chan Event
	cancel context.CancelFunc
	done   chan error
}

// fastEngine scales the AT engine's timeouts down for tests.
var fastEngine = at.Config{
	Timeout: 2 * time.Second, HealthTimeout: 300 * time.Millisecond,
	ReopenMin: 20 * time.Millisecond, ReopenMax: 200 * time.Millisecond,
	Logger: slog.New(slog.DiscardHandler),
}

// fastManager scales the manager's periods down for tests.
func fastManager(cfg Config) Config {
	if cfg.SignalInterval == 0 {
		cfg.SignalInterval = 200 * time.Millisecond
	}
	if cfg.CheckInterval == 0 {
		cfg.CheckInterval = 200 * time.Millisecond
	}
	if cfg.RegistrationTimeout == 0 {
		cfg.RegistrationTimeout = 5 * time.Second
	}
	cfg.RetryMin, cfg.RetryMax = 100*time.Millisecond, time.Second
	cfg.ProbeTimeout = 300 * time.Millisecond
	cfg.SIMRetry = 200 * time.Millisecond
	cfg.Logger = slog.New(slog.DiscardHandler)
	return cfg
}

func newRig(t *testing.T, scfg simmodem.Config, mcfg Config, ecfg at.Config) *rig {
	t.Helper()
	if scfg.BootDelay == 0 {
		scfg.BootDelay = 20 * time.Millisecond
	}
	if scfg.RegistrationDelay == 0 {
		scfg.RegistrationDelay = 100 * time.Millisecond
	}
	sim := simmodem.New(scfg)
	link := filepath.Join(t.TempDir(), "modem")
	if err := sim.Start(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	e := at.New(at.SerialOpener(link, at.SerialConfig{}), ecfg)
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	m := New(e, fastManager(mcfg))
	events, _ := m.Subscribe(256)
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{sim: sim, e: e, m: m, events: events, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- m.Run(ctx) }()
	t.Cleanup(r.stop)
	return r
}

func (r *rig) stop() {
	r.cancel()
	<-r.done
}

// waitState waits for the manager to reach s and returns how long it took.
func (r *rig) waitState(t *testing.T, s State, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	r.waitStatus(t, within, fmt.Sprintf("state %s", s), func(st Status) bool { return st.State == s })
	return time.Since(start)
}

// waitStatus waits until cond holds for the manager's status and, when it
// does not within d, logs the status it had.
func (r *rig) waitStatus(t *testing.T, d time.Duration, what string, cond func(Status) bool) {
	t.Helper()
	held := false
	defer func() {
		if !held {
			st := r.m.Status()
			t.Logf("state %s, last error %q, registration %+v, commands %q", st.State, st.LastError, st.Registration, at.Redact(strings.Join(r.sim.Commands(), "\n")))
		}
	}()
	testkit.EventuallyWithin(t, d, what, func() bool { return cond(r.m.Status()) })
	held = true
}

// waitEvent waits for an event of the kind and returns it.
func (r *rig) waitEvent(t *testing.T, kind EventKind, within time.Duration) Event {
	t.Helper()
	timeout := time.After(within)
	for {
		select {
		case ev := <-r.events:
			if ev.Kind == kind {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event within %v (state %s, last error %q)", kind, within, r.m.Status().State, r.m.Status().LastError)
		}
	}
}

func TestBringUpHuaweiWithPINAndNDIS(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{PIN: "1234"}, Config{PIN: "1234", APN: "em"}, fastEngine)
	took := r.waitState(t, StateOnline, 20*time.Second)
	t.Logf("huawei: power-on to online in %v", took)
	st := r.m.Status()
	if st.Driver != "huawei" || st.Model != r.sim.Model() || len(st.IMEI) != 15 || len(st.ICCID) < 19 || st.IMSI == "" {
		t.Errorf("identity %+v", st)
	}
	if st.SIM != gsm.SIMReady || st.PINLeft != 3 {
		t.Errorf("SIM %s, %d PIN tries left", st.SIM, st.PINLeft)
	}
	if !st.Registration.Stat.Registered() || st.Registration.PLMN != "26201" || st.Registration.Operator == "" {
		t.Errorf("registration %+v", st.Registration)
	}
	if !st.Bearer.Up || st.Bearer.Method != DataNDIS || st.Bearer.IP == "" {
		t.Errorf("bearer %+v", st.Bearer)
	}
	if st.Signal.Bars == 0 {
		t.Errorf("signal %+v", st.Signal)
	}
}

func TestBringUpQuectelWithCGACT(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{Vendor: simmodem.Quectel}, Config{APN: "em", Roaming: true}, fastEngine)
	took := r.waitState(t, StateOnline, 20*time.Second)
	t.Logf("quectel: power-on to online in %v", took)
	st := r.m.Status()
	if st.Driver != "quectel" || !st.Bearer.Up || st.Bearer.Method != DataCGACT || st.Bearer.IP == "" {
		t.Errorf("status %+v", st)
	}
	cmds := r.sim.Commands()
	for _, want := range []string{`AT+QICSGP=1,1,"em","","",0`, `AT+QCFG="roamservice",2,1`, `AT+CGDCONT=1,"IP","em"`} {
		if !contains(cmds, want) {
			t.Errorf("module never got %s", want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
