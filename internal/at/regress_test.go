package at

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// A command times out; the modem, still busy, answers it late. The late
// final result is taken as the health probe's answer, and the probe's own OK
// then ends the next command, which loses its information lines.
func TestRegressionLateFinalAfterTimeoutShiftsResponses(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{
		"AT+CGATT=1": "", // slow: answered late, below
		"AT":         "", // buffered by the busy modem, answered below
		"AT+CSQ":     "\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
	})
	cfg := Config{Timeout: 100 * time.Millisecond, HealthTimeout: 2 * time.Second}
	queued := queuedCommands(&cfg)
	e := startEngine(t, f, cfg)
	ctx := context.Background()
	if _, err := e.Command(ctx, "AT+CGATT=1"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("CGATT: %v", err)
	}
	f.waitCmd(t, RestoreCommand) // the health probe
	type res struct {
		r   *Response
		err error
	}
	csq := make(chan res, 1)
	go func() { r, err := e.Command(ctx, "AT+CSQ"); csq <- res{r, err} }()
	waitQueued(t, queued, "AT+CSQ") // behind the probe
	// The modem ends AT+CGATT=1, then answers the AT it had buffered.
	f.send("\r\nOK\r\n\r\nOK\r\n")
	select {
	case got := <-csq:
		if got.err != nil || !reflect.DeepEqual(got.r.Lines, []string{"+CSQ: 20,99"}) {
			t.Fatalf("AT+CSQ got the probe's answer: %+v %v", got.r, got.err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("AT+CSQ never completed")
	}
}

// The same root cause, worse: a slow command's late failing final result is
// read as the probe failing, so the engine declares the modem unavailable,
// closes the port and fails every waiting command.
func TestRegressionLateErrorAfterTimeoutMarksModemUnavailable(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+CGATT=1": "", "AT": "", "AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"})
	events := make(chan Event, 64)
	cfg := Config{Timeout: 100 * time.Millisecond, HealthTimeout: 2 * time.Second,
		OnEvent: func(ev Event) { events <- ev }}
	queued := queuedCommands(&cfg)
	e := startEngine(t, f, cfg)
	ctx := context.Background()
	if _, err := e.Command(ctx, "AT+CGATT=1"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("CGATT: %v", err)
	}
	f.waitCmd(t, RestoreCommand)
	errc := make(chan error, 1)
	go func() { _, err := e.Command(ctx, "AT+CSQ"); errc <- err }()
	waitQueued(t, queued, "AT+CSQ")
	f.send("\r\n+CME ERROR: 30\r\n\r\nOK\r\n") // late answer to CGATT, then the probe's OK
	if err := <-errc; err != nil {
		t.Fatalf("AT+CSQ failed because a late +CME ERROR was taken as the probe's answer: %v", err)
	}
}

// A two-line URC whose second line never arrives stays pending with no
// bound; the next line on the wire, here the next command's answer, is
// taken as its PDU line.
func TestRegressionIncompleteTwoLineURCSwallowsNextCommandsLine(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"})
	e := startEngine(t, f, Config{})
	urcs := make(chan URC, 4)
	e.Handle("+CMT:", 2, func(u URC) { urcs <- u })
	f.send("\r\n+CMT: ,25\r\n") // the PDU line is lost
	// No event marks the header as read without a line after it, which
	// is what the test is about: a fixed pause lets the engine take it.
	time.Sleep(100 * time.Millisecond)
	r, err := e.Command(context.Background(), "AT+CSQ")
	var u URC
	select {
	case u = <-urcs:
	default:
	}
	if err != nil || !reflect.DeepEqual(r.Lines, []string{"+CSQ: 20,99"}) {
		t.Fatalf("AT+CSQ lost its line %+v %v; the +CMT URC got %q", r, err, u.Lines)
	}
}

// Preempt is only honoured at the moment the preempting command is queued.
// When the abortive command starts later (it was queued behind a
// non-abortive one), the preempting command waits behind the whole scan.
func TestRegressionPreemptLostWhenAbortiveCommandStartsLater(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{
		"AT+CGATT=1": "", "AT+COPS=?": "", "": "",
		"AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
	})
	cfg := Config{Timeout: 10 * time.Second}
	queued := queuedCommands(&cfg)
	e := startEngine(t, f, cfg)
	ctx := context.Background()
	go e.Command(ctx, "AT+CGATT=1")
	f.waitCmd(t, "AT+CGATT=1")
	go e.Command(ctx, "AT+COPS=?") // abortive, queued
	waitQueued(t, queued, "AT+COPS=?")
	csq := make(chan error, 1)
	go func() { _, err := e.Command(ctx, "AT+CSQ", Preempt()); csq <- err }()
	waitQueued(t, queued, "AT+CSQ")
	f.send("\r\nOK\r\n") // AT+CGATT=1 ends; the scan starts
	f.waitCmd(t, "AT+COPS=?")
	go func() { // answer an abort, should one come
		deadline := time.After(2 * time.Second)
		for {
			select {
			case c := <-f.seen:
				if c == "" {
					f.send("\r\n+CME ERROR: 52\r\n")
					return
				}
			case <-deadline:
				return
			}
		}
	}()
	select {
	case err := <-csq:
		if err != nil {
			t.Fatalf("CSQ: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("AT+CSQ with Preempt waits behind AT+COPS=? (up to 120 s): the scan was never aborted")
	}
}

// Redact slices the original line with indices found in its upper-cased
// copy; strings.ToUpper changes the length of invalid UTF-8 (and of some
// runes), so line noise starting with "AT" panics the command loop, which
// logs every unsolicited line through Redact. The panic kills the process,
// so the engine runs in a child test process.
func TestRegressionRedactPanicsOnInvalidUTF8FromModem(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n"})
	e := startEngine(t, f, Config{})
	marks := make(chan URC, 1)
	e.Handle("+MARK:", 1, func(u URC) { marks <- u })
	f.send("\r\nAT\xff\xff\xff\xff+CPIN=1\r\n") // noise, unsolicited
	f.send("\r\n+MARK: 1\r\n")                  // handled once the noise has been logged
	select {
	case <-marks:
	case <-time.After(testkit.Patience):
		t.Fatal("the line after the noise was never handled")
	}
	if _, err := e.Command(context.Background(), "AT"); err != nil {
		t.Fatal(err)
	}
	if got := Redact("AT\xff+CPIN=\"1234\""); strings.Contains(got, "1") {
		t.Errorf("Redact leaks the PIN: %q", got)
	}
}

// A payload command that times out before its "> " prompt leaves the modem
// in text entry when the prompt finally comes: the engine no longer looks
// for prompts, never sends ESC, and every health probe "AT\r" is swallowed
// as message text, so the modem is declared unavailable and never recovers.
func TestRegressionPromptAfterTimeoutNeverRecovers(t *testing.T) {
	t.Parallel()
	_, e, events := simEngine(t, modem.Config{ResponseDelay: 300 * time.Millisecond}, Config{
		Timeout: 2 * time.Second, HealthTimeout: 700 * time.Millisecond,
		ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	must(t, e, "AT+CMGF=0")
	pdu := "0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701"
	_, err := e.Command(context.Background(), "AT+CMGS=21", WithPayload([]byte(pdu)), WithTimeout(100*time.Millisecond))
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("CMGS: %v", err)
	}
	// The late prompt is answered with ESC; the probe finds a healthy modem.
	deadline := time.After(2 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Kind == EventUnavailable {
				t.Fatalf("the modem, stuck at the SMS prompt, was declared unavailable: %s", ev.Detail)
			}
		case <-deadline:
			must(t, e, "AT")
			return
		}
	}
}

// Close waits for the dispatcher goroutine; called from an event or URC
// handler (which runs on that goroutine) it never returns.
func TestRegressionCloseFromHandlerDeadlocks(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{})
	var ep atomic.Pointer[Engine]
	done := make(chan struct{})
	e := startEngine(t, f, Config{OnEvent: func(ev Event) {
		if ev.Kind == EventRestarted {
			ep.Load().Close()
			close(done)
		}
	}})
	ep.Store(e)
	f.send("\r\n^SYSSTART\r\n")
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Close called from an event handler never returns (it waits for its own goroutine)")
	}
}

// Start does not check whether the engine was closed: it opens the port and
// starts goroutines that no Close will ever stop.
func TestRegressionStartAfterCloseSucceedsAndLeaks(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n"})
	e := New(f.opener(), Config{Logger: slog.New(slog.DiscardHandler)})
	e.Close()
	if err := e.Start(context.Background()); err == nil {
		e.cancel() // release what Close cannot
		t.Fatal("Start on a closed engine succeeded; Close is then a no-op and the loop, reader and port leak")
	}
}

// A timed-out abortive command is still running in the modem; the health
// probe's "AT" aborts it (guide 1.2.2), and the aborted command's failing
// final result is taken as the probe's answer: the engine declares a
// perfectly healthy modem unavailable and closes the port.
func TestRegressionTimedOutAbortiveCommandFailsTheProbe(t *testing.T) {
	t.Parallel()
	_, e, events := simEngine(t, modem.Config{ScanDuration: 10 * time.Second}, Config{
		HealthTimeout: time.Second, ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	_, err := e.Command(context.Background(), "AT+COPS=?", WithTimeout(500*time.Millisecond))
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("scan: %v", err)
	}
	deadline := time.After(1500 * time.Millisecond)
	for {
		select {
		case ev := <-events:
			if ev.Kind == EventUnavailable {
				t.Fatalf("healthy modem declared unavailable: %s", ev.Detail)
			}
		case <-deadline:
			must(t, e, "AT")
			return
		}
	}
}

// Preempt right after an abortive command was sent: the engine writes the
// abort character at once, inside the 125 ms in which V.250 5.6.1 lets the
// module ignore it (the simulator does). Nothing re-sends it, so the
// preempting command waits AbortTimeout, then the health probe aborts the
// scan, its ERROR fails the probe and the modem is declared unavailable.
func TestRegressionPreemptInsideAbortGuardIsIgnored(t *testing.T) {
	t.Parallel()
	_, e, events := simEngine(t, modem.Config{ScanDuration: 10 * time.Second}, Config{
		HealthTimeout: time.Second, ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	scan := make(chan error, 1)
	sent := make(chan struct{})
	go func() {
		_, err := e.Command(context.Background(), "AT+COPS=?", WithSent(func() { close(sent) }))
		scan <- err
	}()
	<-sent
	csq := make(chan error, 1)
	go func() { _, err := e.Command(context.Background(), "AT+CSQ", Preempt()); csq <- err }()
	select {
	case err := <-csq:
		if err != nil {
			t.Fatalf("CSQ: %v", err)
		}
	case ev := <-events:
		t.Fatalf("event %v (%s) while AT+CSQ waits behind the scan", ev.Kind, ev.Detail)
	case <-time.After(3 * time.Second):
		t.Fatal("AT+CSQ with Preempt still waits: the early abort character was ignored and never re-sent")
	}
}

// A module that ignores characters for longer after a command than V.250's
// 125 ms (or a line that delivers the command late, so that the module's
// guard starts late) drops the first abort character: the engine sends it
// again, so the preempting command does not wait AbortTimeout.
func TestRegressionIgnoredAbortIsResent(t *testing.T) {
	t.Parallel()
	_, e, events := simEngine(t, modem.Config{ScanDuration: 10 * time.Second, AbortGuard: 400 * time.Millisecond}, Config{
		HealthTimeout: time.Second, ReopenMin: 20 * time.Millisecond, ReopenMax: 100 * time.Millisecond,
	})
	scan := make(chan error, 1)
	sent := make(chan struct{})
	go func() {
		_, err := e.Command(context.Background(), "AT+COPS=?", WithSent(func() { close(sent) }))
		scan <- err
	}()
	<-sent
	start := time.Now()
	r, err := e.Command(context.Background(), "AT+CSQ", Preempt())
	if err != nil {
		t.Fatalf("CSQ: %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("AT+CSQ with Preempt took %v; the ignored abort was not sent again", took)
	}
	if len(r.Prefixed("+CSQ:")) != 1 {
		t.Errorf("CSQ response %+v", r)
	}
	if err := <-scan; !errors.Is(err, ErrAborted) && err == nil {
		t.Errorf("scan: %v; want it aborted", err)
	}
	select {
	case ev := <-events:
		if ev.Kind == EventUnavailable {
			t.Errorf("healthy modem declared unavailable: %s", ev.Detail)
		}
	default:
	}
}

// Commands whose callers gave up stay in the queue, counted against
// MaxQueue, until the running command ends (up to 120 s for a scan): a live
// caller gets ErrQueueFull although nobody is waiting.
func TestRegressionQueueFullOfAbandonedRequests(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+CGATT=1": "", "AT+CSQ": "\r\n+CSQ: 1,99\r\n\r\nOK\r\n"})
	e := startEngine(t, f, Config{MaxQueue: 2, Timeout: 5 * time.Second})
	go e.Command(context.Background(), "AT+CGATT=1")
	f.waitCmd(t, "AT+CGATT=1")
	for range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		e.Command(ctx, "AT+CSQ")
		cancel()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := e.Command(ctx, "AT+CSQ"); errors.Is(err, ErrQueueFull) {
		t.Fatalf("queue full of abandoned requests: %v", err)
	}
}

type pipeRWC struct {
	io.Reader
	io.Writer
	close func()
}

func (p pipeRWC) Close() error { p.close(); return nil }

// On a Stream without write deadlines (io.Pipe, many adapters) a write that
// blocks (modem not reading, flow control) blocks the command loop; Close
// cancels the context but only the blocked loop could close the port, so
// Close never returns. Command timeouts stop working too.
func TestRegressionCloseHangsOnBlockedWrite(t *testing.T) {
	t.Parallel()
	hr, mw := io.Pipe() // modem → host
	mr, hw := io.Pipe() // host → modem; the modem never reads
	defer mw.Close()
	defer mr.Close()
	e := New(Stream(pipeRWC{hr, hw, func() { hr.Close(); hw.Close() }}), Config{Logger: slog.New(slog.DiscardHandler)})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	e.Command(ctx, "AT")
	done := make(chan struct{})
	go func() { e.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		mr.Close() // unblock the loop so the test can end
		t.Fatal("Close hangs while the loop is blocked in a port write")
	}
}

// Redact masks only the first occurrence of each secret command in a line;
// a compound command line leaks the second PIN into the trace.
func TestRegressionRedactLeaksSecondOccurrence(t *testing.T) {
	t.Parallel()
	for _, line := range []string{
		`AT+CLCK="SC",0,"1234";+CLCK="PN",0,"5678"`,
		`AT+CPIN="1234";+CPIN="5678"`,
	} {
		if got := Redact(line); strings.Contains(got, "5678") {
			t.Errorf("Redact(%q) = %q", line, got)
		}
	}
}
