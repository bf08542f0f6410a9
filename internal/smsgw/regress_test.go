package smsgw

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/testkit"
	testrig "github.com/cellgate/cellgate/internal/testkit/rig"
)

// newRigAT is newRig with an engine configured by acfg (short timeouts).
func newRigAT(t *testing.T, cfg Config, acfg at.Config) *rig {
	t.Helper()
	sim, link := testrig.StartModemSim(t, modem.Config{BootDelay: 10 * time.Millisecond, RegistrationDelay: 20 * time.Millisecond})
	testkit.Eventually(t, "registration", func() bool { return sim.Registration() == 1 })
	if acfg.Logger == nil {
		acfg.Logger = quiet()
	}
	e := at.New(at.SerialOpener(link, at.SerialConfig{Baud: 115200}), acfg)
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if cfg.Logger == nil {
		cfg.Logger = quiet()
	}
	return &rig{sim: sim, e: e, s: New(e, cfg)}
}

// A modem freeze between AT+CMGR and AT+CMGD (the process stays up) makes
// the CMGD fail; when the modem comes back the sweep finds the message again
// and hands it on a second time.
func TestRegressionFreezeBetweenReadAndDeleteHandsOnTwice(t *testing.T) {
	r := newRigAT(t, Config{}, at.Config{
		Timeout: 300 * time.Millisecond, HealthTimeout: 300 * time.Millisecond, HealthRetries: 1,
		Settle: 20 * time.Millisecond, ReopenMin: 100 * time.Millisecond, ReopenMax: 200 * time.Millisecond,
	})
	r.run(t)
	if _, err := r.sim.InjectSMS("+491701234567", "once"); err != nil {
		t.Fatal(err)
	}
	r.waitCommands(t, "AT+CMGR=0", 1)
	time.Sleep(50 * time.Millisecond) // Run waits in handOn
	r.sim.Freeze(true)
	if m := r.next(t); m.Text != "once" {
		t.Fatalf("message %+v", m)
	}
	time.Sleep(time.Second) // AT+CMGD=0 times out, the modem becomes unavailable
	r.sim.Freeze(false)
	select {
	case m := <-r.s.Messages():
		t.Fatalf("message handed on twice after a modem freeze: %+v", m)
	case <-time.After(3 * time.Second):
	}
}

// A +CMTI whose AT+CMGR fails once (the modem busy for a moment, no restart)
// leaves the message in the storage: "the next sweep retries", but no sweep
// comes until the modem restarts or the storage is full.
func TestRegressionFailedReadNeverRetried(t *testing.T) {
	r := newRigAT(t, Config{}, at.Config{
		Timeout: 300 * time.Millisecond, HealthTimeout: 2 * time.Second, Settle: 20 * time.Millisecond,
	})
	r.run(t)
	// no +CMTI from the simulator: the test gives it below, while frozen
	if _, err := r.e.Command(context.Background(), "AT+CNMI=2,0,0,0,0"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.sim.InjectSMS("+491701234567", "stuck"); err != nil {
		t.Fatal(err)
	}
	r.sim.Freeze(true)
	r.s.onStored(at.URC{Lines: []string{`+CMTI: "SM",0`}})
	time.Sleep(500 * time.Millisecond) // AT+CMGR=0 times out
	r.sim.Freeze(false)                // the health probe succeeds: no restart event
	select {
	case m := <-r.s.Messages():
		if m.Text != "stuck" {
			t.Errorf("message %+v", m)
		}
	case <-time.After(8 * time.Second):
		t.Fatalf("message never handed on after one failed AT+CMGR; %d stored", r.used(t))
	}
}

// Run ends (ctx cancelled) while a completed concatenated message waits to
// be handed on. The reassembler has forgotten it but s.held still names its
// earlier parts, so the next Run's sweep skips them: the message comes
// Incomplete and the skipped part is deleted without ever being handed on.
func TestRegressionRerunLosesHeldParts(t *testing.T) {
	r := newRig(t, Config{Gap: 300 * time.Millisecond})
	ctx1, cancel1 := context.WithCancel(context.Background())
	done1 := make(chan error, 1)
	go func() { done1 <- r.s.Run(ctx1) }()
	r.waitCommands(t, "AT+CNMI=2", 1)
	text := strings.Repeat("0123456789", 20) // 2 parts
	if _, err := r.sim.InjectParts("+491701234567", text, []int{0, 1}); err != nil {
		t.Fatal(err)
	}
	r.waitCommands(t, "AT+CMGR=1", 1)
	time.Sleep(100 * time.Millisecond) // complete, waiting in handOn
	cancel1()
	<-done1

	r.run(t) // the same Service runs again
	m := r.next(t)
	if m.Incomplete || m.Text != text {
		t.Fatalf("after a second Run: %+v (want the whole message)", m)
	}
}

// A part that arrives after the gap, before the next tick, starts a new
// message with the same key; when the old one expires, heldFor(key) deletes
// the new part from the modem before it was handed on (only in memory).
func TestRegressionExpireDeletesNewerPartOfSameKey(t *testing.T) {
	r := newRig(t, Config{Gap: 100 * time.Millisecond})
	ctx := context.Background()
	text := strings.Repeat("abcdefghij", 20) // 2 parts
	idx, err := r.sim.InjectParts("+491701234567", text, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	list, err := r.s.List(ctx, StatAll)
	if err != nil || len(list) != 2 {
		t.Fatalf("List %+v %v", list, err)
	}
	r.s.stored(ctx, list[0])
	time.Sleep(150 * time.Millisecond) // the gap passes, no tick yet
	r.s.stored(ctx, list[1])           // late part: a new message, held
	got := make(chan sms.Message, 1)
	go func() { got <- <-r.s.Messages() }()
	r.s.expire(ctx, time.Now()) // the old message, Incomplete
	m := <-got
	if !m.Incomplete || m.Received != 1 {
		t.Fatalf("expired %+v", m)
	}
	if _, err := r.s.Read(ctx, idx[1]); errors.Is(err, ErrEmpty) {
		t.Fatalf("part 2 (index %d) deleted before it was handed on", idx[1])
	}
}

// Send does not select PDU mode: with the modem in text mode (a restart to
// the power-on default, another user) AT+CMGS=<length> is taken as an
// address and the send fails or goes astray.
func TestRegressionSendWithoutPDUMode(t *testing.T) {
	r := newRig(t, Config{})
	if _, err := r.e.Command(context.Background(), "AT+CMGF=1"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.s.Send(context.Background(), "+491701234567", "hi", SendOptions{}); err != nil {
		t.Fatalf("Send in text mode: %v", err)
	}
	if s := r.sim.Sent(); len(s) != 1 || s[0].To != "+491701234567" || s[0].Text != "hi" {
		t.Fatalf("sent %+v", s)
	}
}

// Once 256 parts wait for their reports, the next Send forgets all of them
// (clear), not just the record its TP-MR replaces.
func TestRegressionSentRecordsCleared(t *testing.T) {
	r := newRig(t, Config{})
	for i := range maxSent {
		r.s.sent[byte(i)] = sentPart{to: sms.ParseAddress("+491701234567"), text: "old"}
	}
	if _, err := r.s.Send(context.Background(), "+491701234567", "new", SendOptions{StatusReport: true}); err != nil {
		t.Fatal(err)
	}
	if n := len(r.s.sent); n != maxSent {
		t.Fatalf("%d sent records kept, want %d: the pending reports of 255 parts are forgotten", n, maxSent)
	}
}
