package at

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// These tests run the engine against the modem simulator on a real pty,
// opened as a serial device, as the daemon opens /dev/ttyUSB2.

func simEngine(t *testing.T, cfg modem.Config, ecfg Config) (*modem.Modem, *Engine, chan Event) {
	t.Helper()
	if cfg.BootDelay == 0 {
		cfg.BootDelay = 10 * time.Millisecond
	}
	if cfg.RegistrationDelay == 0 {
		cfg.RegistrationDelay = 50 * time.Millisecond
	}
	sim := modem.New(cfg)
	link := filepath.Join(t.TempDir(), "modem")
	if err := sim.Start(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	waitBooted(t, sim)
	events := make(chan Event, 64)
	ecfg.OnEvent = func(ev Event) { events <- ev }
	ecfg.Logger = slog.New(slog.DiscardHandler)
	if ecfg.Timeout == 0 {
		ecfg.Timeout = 5 * time.Second
	}
	e := New(SerialOpener(link, SerialConfig{Baud: 115200}), ecfg)
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	time.Sleep(20 * time.Millisecond)
	for len(events) > 0 { // the boot's ^SYSSTART, if the engine saw it
		<-events
	}
	return sim, e, events
}

func must(t *testing.T, e *Engine, cmd string, opts ...Option) *Response {
	t.Helper()
	r, err := e.Command(context.Background(), cmd, opts...)
	if err != nil {
		t.Fatalf("%s: %v (%+v)", cmd, err, r)
	}
	return r
}

func TestSimIdentityAndSignal(t *testing.T) {
	t.Parallel()
	_, e, _ := simEngine(t, modem.Config{}, Config{})
	// Guide 2.2.1: "For example: Huawei Technologies Co., Ltd." and a
	// 15-digit IMEI; echo is on, as a module starts.
	if r := must(t, e, "AT+CGMI"); len(r.Lines) != 1 || !strings.Contains(r.Lines[0], "Huawei") {
		t.Errorf("CGMI %q", r.Lines)
	}
	if r := must(t, e, "AT+CGSN"); len(r.Lines) != 1 || len(r.Lines[0]) != 15 {
		t.Errorf("CGSN %q", r.Lines)
	}
	if r := must(t, e, "AT+CSQ"); len(r.Prefixed("+CSQ:")) != 1 {
		t.Errorf("CSQ %q", r.Lines)
	}
	if r := must(t, e, "AT^HCSQ?"); len(r.Prefixed("^HCSQ:")) != 1 {
		t.Errorf("HCSQ %q", r.Lines)
	}
}

func TestSimPINErrorsAreTyped(t *testing.T) {
	t.Parallel()
	_, e, _ := simEngine(t, modem.Config{PIN: "1234"}, Config{})
	must(t, e, "AT+CMEE=1")
	_, err := e.Command(context.Background(), "AT+COPS?")
	if !errors.Is(err, &CMEError{Code: 11}) { // SIM PIN required
		t.Fatalf("COPS? before PIN: %v", err)
	}
	_, err = e.Command(context.Background(), `AT+CPIN="0000"`)
	if !errors.Is(err, &CMEError{Code: 16}) { // incorrect password
		t.Fatalf("wrong PIN: %v", err)
	}
	must(t, e, `AT+CPIN="1234"`)
	if r := must(t, e, "AT+CPIN?"); r.Lines[0] != "+CPIN: READY" {
		t.Errorf("CPIN? %q", r.Lines)
	}
}

func TestSimSMSPromptAndCMTI(t *testing.T) {
	t.Parallel()
	sim, e, _ := simEngine(t, modem.Config{}, Config{})
	cmti := make(chan URC, 1)
	e.Handle("+CMTI:", 1, func(u URC) { cmti <- u })
	must(t, e, "AT+CMGF=0")
	must(t, e, "AT+CNMI=2,1,0,0,0")
	waitRegistered(t, e)
	// Guide 9.2.1, verbatim.
	r := must(t, e, "AT+CMGS=21", WithPayload([]byte("0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701")))
	if len(r.Prefixed("+CMGS:")) != 1 {
		t.Errorf("CMGS %q", r.Lines)
	}
	if _, err := sim.InjectSMS("+4917012345678", "status"); err != nil {
		t.Fatal(err)
	}
	select {
	case u := <-cmti:
		if !strings.HasPrefix(u.Lines[0], `+CMTI: "SM",`) {
			t.Errorf("URC %q", u.Lines)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no +CMTI")
	}
}

func TestSimScanAbortedByPreempt(t *testing.T) {
	t.Parallel()
	_, e, _ := simEngine(t, modem.Config{ScanDuration: 10 * time.Second}, Config{})
	scan := make(chan error, 1)
	sent := make(chan struct{})
	go func() {
		_, err := e.Command(context.Background(), "AT+COPS=?", WithSent(func() { close(sent) }))
		scan <- err
	}()
	<-sent
	t0 := time.Now()
	must(t, e, "AT+CSQ", Preempt())
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("AT+CSQ waited %v behind the scan", d)
	}
	if err := <-scan; !errors.Is(err, ErrAborted) {
		t.Errorf("scan: %v", err)
	}
}

func TestSimFrozenUnavailableAndBack(t *testing.T) {
	t.Parallel()
	sim, e, events := simEngine(t, modem.Config{}, Config{
		Timeout: 200 * time.Millisecond, HealthTimeout: 100 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	sim.Freeze(true)
	if _, err := e.Command(context.Background(), "AT+CSQ"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("frozen: %v", err)
	}
	waitEvent(t, events, EventUnavailable)
	sim.Freeze(false)
	waitEvent(t, events, EventAvailable)
	must(t, e, "AT+CSQ")
}

func TestSimResetReportsRestart(t *testing.T) {
	t.Parallel()
	for vendor, banner := range map[modem.Vendor]string{modem.Huawei: "^SYSSTART", modem.Quectel: "RDY"} {
		t.Run(string(vendor), func(t *testing.T) {
			t.Parallel()
			sim, e, events := simEngine(t, modem.Config{Vendor: vendor}, Config{})
			sim.Reset()
			if ev := waitEvent(t, events, EventRestarted); ev.Detail != banner {
				t.Errorf("detail %q, want %q", ev.Detail, banner)
			}
			waitBooted(t, sim)
			must(t, e, "AT")
		})
	}
}

func TestSimGarbageThenCommand(t *testing.T) {
	t.Parallel()
	sim, e, _ := simEngine(t, modem.Config{}, Config{})
	sim.Garbage([]byte("\x00\xff\x13\x11junk\r\n\xfe"))
	sim.Garbage([]byte(strings.Repeat("Z", 100000) + "\r\n"))
	// The overlong line is reported once its end has been read.
	testkit.Eventually(t, "the overlong line read", func() bool { return e.Stats().Overflows >= 1 })
	r := must(t, e, "AT+CSQ")
	if len(r.Prefixed("+CSQ:")) != 1 {
		t.Errorf("CSQ after garbage: %q", r.Lines)
	}
}

func TestSimPortVanishesAndComesBack(t *testing.T) {
	t.Parallel()
	// The module is unplugged mid-session and a new one appears under the
	// same device name: the engine reopens the path and goes on.
	dir := t.TempDir()
	link := filepath.Join(dir, "modem")
	first := modem.New(modem.Config{BootDelay: time.Millisecond})
	if err := first.Start(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	events := make(chan Event, 64)
	e := New(SerialOpener(link, SerialConfig{}), Config{
		Timeout: time.Second, HealthTimeout: 200 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler), OnEvent: func(ev Event) { events <- ev },
	})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	waitBooted(t, first)
	must(t, e, "AT")
	first.Close()
	waitEvent(t, events, EventUnavailable)
	second := modem.New(modem.Config{BootDelay: time.Millisecond})
	if err := second.Start(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	waitBooted(t, second)
	waitEvent(t, events, EventAvailable)
	must(t, e, "AT+CGMI")
}

// waitBooted waits until the simulated module has powered on; a command
// sent earlier is lost, as on hardware.
func waitBooted(t *testing.T, sim *modem.Modem) {
	t.Helper()
	for range 500 {
		if sim.Status().Booted {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the simulated modem never booted")
}

func waitRegistered(t *testing.T, e *Engine) {
	t.Helper()
	for range 100 {
		r := must(t, e, "AT+CREG?")
		if v := r.Prefixed("+CREG:"); len(v) == 1 && (strings.HasSuffix(v[0], ",1") || strings.HasSuffix(v[0], ",5")) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the simulator never registered")
}
