package console

import (
	"context"
	"log/slog"
	"path/filepath"
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

// router is a simulated modem whose SMS service and console can be
// stopped and started again on the same storage and state directory, as a
// restart of the router does.
type router struct {
	sim     *modem.Modem
	link    string
	journal string // the journal's path
	b       *fakeBackend

	mu    sync.Mutex
	audit []AuditEntry
}

func newRouter(t *testing.T) *router {
	t.Helper()
	sim, link := testrig.StartModemSim(t, modem.Config{BootDelay: 10 * time.Millisecond, RegistrationDelay: 20 * time.Millisecond})
	dir := t.TempDir()
	testkit.Eventually(t, "registration", func() bool { return sim.Registration() == 1 })
	return &router{sim: sim, link: link, journal: filepath.Join(dir, "console-journal.json"), b: newFake()}
}

// start starts an engine, an SMS service and a console opened on the
// journal, and gives the function that stops them all.
func (r *router) start(t *testing.T) (stop func()) {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	e := at.New(at.SerialOpener(r.link, at.SerialConfig{}), at.Config{Logger: quiet})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	j, err := OpenJournal(r.journal, 0)
	if err != nil {
		t.Fatal(err)
	}
	svc := smsgw.New(e, smsgw.Config{Logger: quiet})
	c := New(Config{
		Password: testPassword,
		Allowed:  []string{"+491701234567"},
		Journal:  j,
		Audit:    func(a AuditEntry) { r.mu.Lock(); r.audit = append(r.audit, a); r.mu.Unlock() },
	}, r.b)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); svc.Run(ctx) }()
	go func() {
		defer wg.Done()
		c.Serve(ctx, svc.Messages(), func(ctx context.Context, to, text string) error {
			_, err := svc.Send(ctx, to, text, smsgw.SendOptions{})
			return err
		})
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait(); e.Close() }) }
	t.Cleanup(stop)
	return stop
}

func (r *router) audits() []AuditEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]AuditEntry(nil), r.audit...)
}

func (r *router) calls(name string) int {
	n := 0
	for _, c := range r.b.Calls() {
		if c == name {
			n++
		}
	}
	return n
}

func (r *router) deletes() int {
	n := 0
	for _, c := range r.sim.Commands() {
		if strings.HasPrefix(c, "AT+CMGD=") {
			n++
		}
	}
	return n
}

// A reboot request whose delete failed is found again when the router has
// restarted: it must not reboot the router again (a reboot loop only a site
// visit ends), nor answer again, and it must be deleted.
func TestRegressionRebootRequestNotRunAgainAfterRestart(t *testing.T) {
	t.Parallel()
	r := newRouter(t)
	r.sim.FailDelete(500)
	stop := r.start(t)
	if _, err := r.sim.InjectSMS("+491701234567", testPassword+" reboot"); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, "the reboot", func() bool { return r.calls("Reboot") == 1 && r.deletes() > 0 })
	stop() // the reboot
	if n := r.sim.Status().StoredSMS; n != 1 {
		t.Fatalf("%d messages stored before the restart, want the undeleted request", n)
	}
	r.sim.FailDelete(0)
	r.start(t)
	testkit.Eventually(t, "the request found again", func() bool { return len(r.audits()) >= 2 })
	testkit.Eventually(t, "the request deleted", func() bool { return r.sim.Status().StoredSMS == 0 })
	if n := r.calls("Reboot"); n != 1 {
		t.Errorf("rebooted %d times, want once", n)
	}
	if n := len(r.sim.Sent()); n != 1 {
		t.Errorf("%d replies, want the first one only", n)
	}
	if a := r.audits()[1]; a.Accepted || a.Result != "already handled" {
		t.Errorf("second audit %+v, want refused as already handled", a)
	}
}

// A status request whose delete failed and a stop before the next sweep:
// counted by replies.
func TestRegressionStatusRequestAnsweredOnceAcrossRestarts(t *testing.T) {
	t.Parallel()
	r := newRouter(t)
	r.sim.FailDelete(500)
	stop := r.start(t)
	if _, err := r.sim.InjectSMS("+491701234567", testPassword+" status"); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, "the reply", func() bool { return len(r.sim.Sent()) == 1 && r.deletes() > 0 })
	stop()
	for i := range 2 { // two more restarts, the delete still failing
		stop = r.start(t)
		testkit.Eventually(t, "the request found again", func() bool { return len(r.audits()) >= 2+i })
		stop()
	}
	if n := r.calls("Status"); n != 1 {
		t.Errorf("status ran %d times, want once", n)
	}
	if n := len(r.sim.Sent()); n != 1 {
		t.Errorf("%d replies, want one", n)
	}
}

// Requests never handled before a restart are handled after it: one that
// arrived while nothing ran, and the same text from the same sender sent
// again later (a new service centre timestamp).
func TestRequestsNotHandledBeforeRestartAreHandledAfter(t *testing.T) {
	t.Parallel()
	r := newRouter(t)
	stop := r.start(t)
	ts := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	if _, err := r.sim.InjectPDU(deliverPDU(t, testPassword+" status", ts)); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, "the first reply", func() bool { return len(r.sim.Sent()) == 1 && r.sim.Status().StoredSMS == 0 })
	stop()
	// While the router is down: the same text again, and another command.
	if _, err := r.sim.InjectPDU(deliverPDU(t, testPassword+" status", ts.Add(time.Minute))); err != nil {
		t.Fatal(err)
	}
	if _, err := r.sim.InjectPDU(deliverPDU(t, testPassword+" connect", ts.Add(time.Minute))); err != nil {
		t.Fatal(err)
	}
	r.start(t)
	testkit.Eventually(t, "both handled", func() bool { return len(r.sim.Sent()) == 3 && r.sim.Status().StoredSMS == 0 })
	if n := r.calls("Status"); n != 2 {
		t.Errorf("status ran %d times, want twice", n)
	}
	if n := r.calls("Connect"); n != 1 {
		t.Errorf("connect ran %d times, want once", n)
	}
}

// deliverPDU is an SMS-DELIVER from the allowed sender with timestamp ts,
// with the service centre address in front.
func deliverPDU(t *testing.T, text string, ts time.Time) []byte {
	t.Helper()
	d := sms.Deliver{
		SMSC:       sms.ParseAddress("+491710760000"),
		Originator: sms.ParseAddress("+491701234567"),
		DCS:        sms.NewDCS(sms.GSM7, -1),
		Timestamp:  ts,
		Text:       text,
	}
	pdu, err := d.Encode(true)
	if err != nil {
		t.Fatal(err)
	}
	return pdu
}
