package console

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/smsgw"
	"github.com/cellgate/cellgate/internal/testkit"
	testrig "github.com/cellgate/cellgate/internal/testkit/rig"
)

type sentReply struct{ to, text string }

func serveRig(t *testing.T, r *rig) (chan sms.Message, func() []sentReply) {
	t.Helper()
	in := make(chan sms.Message)
	var mu sync.Mutex
	var sent []sentReply
	send := func(_ context.Context, to, text string) error {
		r.b.record("Reply %s", text)
		mu.Lock()
		sent = append(sent, sentReply{to, text})
		mu.Unlock()
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.c.Serve(ctx, in, send) }()
	t.Cleanup(func() { cancel(); <-done })
	return in, func() []sentReply { mu.Lock(); defer mu.Unlock(); return append([]sentReply(nil), sent...) }
}

func TestServeRepliesThenRunsTheFollowUp(t *testing.T) {
	r := newRig(t, Config{})
	in, sent := serveRig(t, r)
	in <- sms.Message{From: "+491701234567", Text: testPassword + " reboot", Parts: 1, Received: 1}
	in <- sms.Message{From: "+491701234567", Text: testPassword + " status", Parts: 1, Received: 1}
	testkit.Eventually(t, "two replies", func() bool { return len(sent()) >= 2 })
	calls := strings.Join(r.b.Calls(), "|")
	if !strings.Contains(calls, "Reply rebooting|Reboot") {
		t.Errorf("the reboot ran before its reply was sent: %s", calls)
	}
	if s := sent(); len(s) != 2 || s[0].to != "+491701234567" {
		t.Errorf("replies %+v", s)
	}
}

func TestServeNeverRunsAnIncompleteMessage(t *testing.T) {
	r := newRig(t, Config{})
	in, sent := serveRig(t, r)
	in <- sms.Message{From: "+491701234567", Text: testPassword + " fact", Parts: 2, Received: 1, Missing: []int{2}, Incomplete: true}
	in <- sms.Message{From: "+491701234567", Text: testPassword + " status", Parts: 1, Received: 1}
	testkit.Eventually(t, "a reply", func() bool { return len(sent()) >= 1 })
	for _, c := range r.b.Calls() {
		if strings.HasPrefix(c, "Factory") {
			t.Fatal("an incomplete message was executed")
		}
	}
	found := false
	for _, e := range r.audits() {
		if strings.Contains(e.Command, "incomplete") && !e.Accepted {
			found = true
		}
	}
	if !found {
		t.Errorf("incomplete message not audited: %+v", r.audit)
	}
	r.noSecrets(t, testPassword)
}

// The whole path a field engineer uses: an SMS to the router's modem, the
// SMS service, the console, and the reply sent back through the modem.
func TestConsoleOverTheModem(t *testing.T) {
	sim, link := testrig.StartModemSim(t, modem.Config{BootDelay: 10 * time.Millisecond, RegistrationDelay: 20 * time.Millisecond})
	testkit.Eventually(t, "registration", func() bool { return sim.Registration() == 1 })
	quiet := slog.New(slog.DiscardHandler)
	e := at.New(at.SerialOpener(link, at.SerialConfig{}), at.Config{Logger: quiet})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	svc := smsgw.New(e, smsgw.Config{Logger: quiet})
	r := newRig(t, Config{Allowed: []string{"0170 1234567"}, DefaultCountry: "49"})
	r.b.status = Status{Operator: "Telekom.de", Registration: "home", IP: "10.1.2.3", SignalBars: 4, Uptime: 3 * time.Hour, Backlog: 12}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); svc.Run(ctx) }()
	go func() {
		defer wg.Done()
		r.c.Serve(ctx, svc.Messages(), func(ctx context.Context, to, text string) error {
			_, err := svc.Send(ctx, to, text, smsgw.SendOptions{})
			return err
		})
	}()
	defer func() { cancel(); wg.Wait() }()

	if _, err := sim.InjectSMS("+491701234567", testPassword+" status"); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.InjectSMS("+15550100", testPassword+" factory"); err != nil { // not allowed: no reply
		t.Fatal(err)
	}
	testkit.Eventually(t, "a reply", func() bool { return len(sim.Sent()) > 0 })
	time.Sleep(300 * time.Millisecond) // a reply to the stranger would be here by now
	replies := sim.Sent()
	if len(replies) != 1 {
		t.Fatalf("replies %+v", replies)
	}
	if replies[0].To != "+491701234567" || !strings.Contains(replies[0].Text, "Telekom.de") || !strings.Contains(replies[0].Text, "10.1.2.3") {
		t.Errorf("reply %+v", replies[0])
	}
	for _, c := range r.b.Calls() {
		if c == "Factory" {
			t.Error("a stranger's command was executed")
		}
	}
	r.noSecrets(t, testPassword)
}

// A command that ran is answered even when the console is stopped while
// the reply goes out (a reload the command caused replaces the console).
func TestServeRepliesWhileStopping(t *testing.T) {
	r := newRig(t, Config{})
	in := make(chan sms.Message, 1)
	ctx, cancel := context.WithCancel(context.Background())
	replied := make(chan error, 1)
	send := func(sctx context.Context, to, text string) error {
		cancel() // the console is being stopped
		replied <- sctx.Err()
		// ... but a stop does not wait for the reply for long.
		select {
		case <-sctx.Done():
		case <-time.After(30 * time.Second):
			t.Error("the reply's context outlived the stop by 30 s")
		}
		return sctx.Err()
	}
	done := make(chan error, 1)
	go func() { done <- r.c.Serve(ctx, in, send) }()
	in <- sms.Message{From: "+491701234567", Text: testPassword + " status", Parts: 1, Received: 1}
	if err := <-replied; err != nil {
		t.Errorf("the reply's context ended with the console's: %v", err)
	}
	if err := <-done; err != context.Canceled {
		t.Errorf("Serve = %v, want context.Canceled", err)
	}
}
