package demo

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/sms"
)

// ATConfig is a run of the AT session walk-through.
type ATConfig struct {
	// Out receives the session: commands, responses, URCs and events.
	Out io.Writer
	// Vendor is the simulated module: huawei or quectel.
	Vendor modem.Vendor
	// Trace, when not nil, receives the engine's raw traffic trace.
	Trace io.Writer
	// InlineTrace prints the trace on Out, indented among the session's
	// lines, instead.
	InlineTrace bool
}

// RunAT starts the modem simulator on a pty and runs an AT session against
// it through the engine, as the daemon runs one: identity, SIM, registration,
// signal, an SMS each way, roaming, and a frozen module recovered.
func RunAT(ctx context.Context, c ATConfig) error {
	d := &demo{out: &syncWriter{w: c.Out}}
	trace := c.Trace
	if c.InlineTrace {
		trace = traceWriter{d.out}
	}
	return d.run(ctx, c.Vendor, trace)
}

type demo struct {
	out *syncWriter
	sim *modem.Modem
	e   *at.Engine
}

func (d *demo) say(format string, args ...any) { d.out.printf("\n== "+format+"\n", args...) }

func (d *demo) run(ctx context.Context, vendor modem.Vendor, traceW io.Writer) error {
	d.sim = modem.New(modem.Config{Vendor: vendor, PIN: "1234", RegistrationDelay: time.Second})
	if err := d.sim.Start(ctx, ""); err != nil {
		return err
	}
	defer d.sim.Close()
	d.say("modem simulator (%s %s) on %s", vendor, d.sim.Model(), d.sim.TTY())
	for !d.sim.Status().Booted { // a command sent while a module boots is lost
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(10 * time.Millisecond):
		}
	}

	events := make(chan at.Event, 16)
	d.e = at.New(at.SerialOpener(d.sim.TTY(), at.SerialConfig{Baud: 115200}), at.Config{
		Timeout: 3 * time.Second, HealthTimeout: time.Second,
		ReopenMin: 200 * time.Millisecond, ReopenMax: 2 * time.Second,
		Trace: traceW, Logger: slog.New(slog.DiscardHandler),
		OnEvent: func(ev at.Event) {
			d.out.printf("   # %s: %s\n", ev.Kind, ev.Detail)
			events <- ev
		},
	})
	if err := d.e.Start(ctx); err != nil {
		return err
	}
	defer d.e.Close()
	cmti := make(chan string, 4)
	d.e.Handle("+CMTI:", 1, func(u at.URC) { d.out.printf("   ! %s\n", u.Lines[0]); cmti <- u.Lines[0] })
	for _, p := range []string{"+CREG:", "+CGREG:", "+CEREG:", "^NDISSTAT:"} {
		d.e.Handle(p, 1, func(u at.URC) { d.out.printf("   ! %s\n", u.Lines[0]) })
	}
	start := time.Now()
	steps := []func(context.Context) error{d.identity, d.unlock, d.register, d.signal, d.receiveSMS(cmti), d.sendSMS, d.roam, d.freeze(events)}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
	s := d.e.Stats()
	d.say("done in %v: %d commands, %d URCs, %d timeouts, modem unavailable %d time(s) and recovered",
		time.Since(start).Round(time.Millisecond), s.Commands, s.URCs, s.Timeouts, s.Unavailable)
	return nil
}

// cmd runs one command and prints it as a console would.
func (d *demo) cmd(ctx context.Context, cmd string, opts ...at.Option) (*at.Response, error) {
	d.out.printf("-> %s\n", at.Redact(cmd))
	r, err := d.e.Command(ctx, cmd, opts...)
	if r != nil {
		for _, l := range r.Lines {
			d.out.printf("<- %s\n", l)
		}
		if r.Final != "" {
			d.out.printf("<- %s\n", r.Final)
		}
	}
	if err != nil && (r == nil || r.Final == "") {
		d.out.printf("   # %v\n", err)
	}
	return r, err
}

func (d *demo) all(ctx context.Context, cmds ...string) error {
	for _, c := range cmds {
		if _, err := d.cmd(ctx, c); err != nil {
			return fmt.Errorf("%s: %w", c, err)
		}
	}
	return nil
}

func (d *demo) identity(ctx context.Context) error {
	d.say("identity (guide 2.2)")
	return d.all(ctx, "AT", "ATI", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CGSN", "AT+CMEE=2")
}

func (d *demo) unlock(ctx context.Context) error {
	d.say("SIM (guide 11.1): the PIN is entered only while tries remain")
	r, err := d.cmd(ctx, "AT+CPIN?")
	if err != nil {
		return err
	}
	if len(r.Lines) > 0 && strings.Contains(r.Lines[0], "SIM PIN") {
		if err := d.all(ctx, `AT+CPIN="1234"`, "AT+CPIN?"); err != nil {
			return err
		}
	}
	return d.all(ctx, "AT+CRSM=176,12258,0,0,10", "AT+CIMI")
}

func (d *demo) register(ctx context.Context) error {
	d.say("registration (guide 2.3): URCs on, wait for +CREG: 1 or 5")
	if err := d.all(ctx, "AT+CFUN=1", "AT+CREG=2", "AT+CGREG=2"); err != nil {
		return err
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		r, err := d.e.Command(ctx, "AT+CREG?")
		if err != nil {
			return err
		}
		if v := r.Prefixed("+CREG:"); len(v) > 0 {
			f := strings.Split(v[0], ",")
			if len(f) > 1 && (f[1] == "1" || f[1] == "5") {
				d.out.printf("<- +CREG: %s\n", v[0])
				return d.all(ctx, "AT+COPS?")
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
	return errors.New("the simulated modem did not register")
}

func (d *demo) signal(ctx context.Context) error {
	d.say("signal")
	return d.all(ctx, "AT+CSQ", "AT^HCSQ?", "AT+CESQ")
}

func (d *demo) receiveSMS(cmti chan string) func(context.Context) error {
	return func(ctx context.Context) error {
		d.say("an SMS arrives (guide 9.4): +CMTI, read, decode, delete")
		if err := d.all(ctx, "AT+CMGF=0", `AT+CPMS="SM","SM","SM"`, "AT+CNMI=2,1,0,0,0"); err != nil {
			return err
		}
		if _, err := d.sim.InjectSMS("+491701234567", "apn=em;usr=;pwd=;"); err != nil {
			return err
		}
		var urc string
		select {
		case urc = <-cmti:
		case <-time.After(5 * time.Second):
			return errors.New("no +CMTI for the incoming SMS")
		case <-ctx.Done():
			return ctx.Err()
		}
		idx := urc[strings.LastIndexByte(urc, ',')+1:]
		r, err := d.cmd(ctx, "AT+CMGR="+idx)
		if err != nil {
			return err
		}
		if len(r.Lines) < 2 {
			return fmt.Errorf("AT+CMGR answered %q", r.Lines)
		}
		pdu, err := hex.DecodeString(r.Lines[1])
		if err != nil {
			return err
		}
		msg, err := sms.DecodeDeliver(pdu, true)
		if err != nil {
			return err
		}
		d.out.printf("   = from %s at %s: %q\n", msg.Originator.Number, msg.Timestamp.Format(time.RFC3339), msg.Text)
		return d.all(ctx, "AT+CMGD="+idx)
	}
}

func (d *demo) sendSMS(ctx context.Context) error {
	d.say("send an SMS (guide 9.2): prompt, PDU, Ctrl-Z")
	pdu, err := sms.Submit{Destination: sms.ParseAddress("+491701234567"), Text: "cellgate: online",
		Validity: sms.Validity{Format: sms.ValidityRelative, Relative: 24 * time.Hour}}.Encode(true)
	if err != nil {
		return err
	}
	_, err = d.cmd(ctx, "AT+CMGS="+strconv.Itoa(sms.TPDULength(pdu, true)), at.WithPayload([]byte(fmt.Sprintf("%X", pdu))))
	return err
}

func (d *demo) roam(ctx context.Context) error {
	d.say("the network moves the modem to roaming: +CREG URC")
	d.sim.SetRegistration(5)
	time.Sleep(300 * time.Millisecond)
	return d.all(ctx, "AT+CREG?")
}

func (d *demo) freeze(events chan at.Event) func(context.Context) error {
	return func(ctx context.Context) error {
		d.say("the modem freezes (guide 1.2.3): timeout, AT probes, unavailable, reopen, back")
		d.sim.Freeze(true)
		t0 := time.Now()
		d.cmd(ctx, "AT+CSQ")
		if err := waitFor(ctx, events, at.EventUnavailable); err != nil {
			return err
		}
		d.out.printf("   = unavailable after %v\n", time.Since(t0).Round(time.Millisecond))
		d.sim.Freeze(false)
		t1 := time.Now()
		if err := waitFor(ctx, events, at.EventAvailable); err != nil {
			return err
		}
		d.out.printf("   = available again %v after the modem thawed\n", time.Since(t1).Round(time.Millisecond))
		return d.all(ctx, "AT+CSQ")
	}
}

func waitFor(ctx context.Context, events chan at.Event, kind at.EventKind) error {
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Kind == kind {
				return nil
			}
		case <-timeout:
			return fmt.Errorf("no %s event", kind)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// traceWriter indents the engine's trace lines among the demo's output.
type traceWriter struct{ out *syncWriter }

func (t traceWriter) Write(p []byte) (int, error) {
	t.out.printf("   %s", p)
	return len(p), nil
}
