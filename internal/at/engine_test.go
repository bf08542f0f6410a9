package at

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

func TestCommandWithEchoAndInformationLines(t *testing.T) {
	t.Parallel()
	// Guide 2.2.1 and 2.3.1.
	f := newFake(t, true, map[string]string{
		"AT+CGMI":  "\r\nHuawei Technologies Co., Ltd.\r\n\r\nOK\r\n",
		"AT^HCSQ?": "\r\n^HCSQ: \"WCDMA\",30,30,58\r\n\r\nOK\r\n",
		"AT+COPS?": "\r\n+COPS: 1,0,\"China Mobile Com\",0\r\n\r\nOK\r\n",
	})
	e := startEngine(t, f, Config{})
	ctx := context.Background()
	r, err := e.Command(ctx, "AT+CGMI")
	if err != nil || !reflect.DeepEqual(r.Lines, []string{"Huawei Technologies Co., Ltd."}) || r.Final != "OK" {
		t.Fatalf("CGMI: %+v %v", r, err)
	}
	r, err = e.Command(ctx, "AT^HCSQ?")
	if err != nil || !reflect.DeepEqual(r.Prefixed("^HCSQ:"), []string{`"WCDMA",30,30,58`}) {
		t.Fatalf("HCSQ: %+v %v", r, err)
	}
	r, err = e.Command(ctx, "AT+COPS?")
	if err != nil || r.Lines[0] != `+COPS: 1,0,"China Mobile Com",0` {
		t.Fatalf("COPS: %+v %v", r, err)
	}
}

func TestTypedErrors(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{
		"AT+CREG?":    "\r\n+CME ERROR: SIM failure\r\n", // guide 1.2.2
		"AT+CMGL=4":   "\r\n+CMS ERROR: 500\r\n",         // guide 9.4.2
		"AT+IPR=9800": "\r\nERROR\r\n",                   // guide 3.1.2
		"ATD*99#":     "\r\nNO CARRIER\r\n",
	})
	e := startEngine(t, f, Config{})
	ctx := context.Background()
	_, err := e.Command(ctx, "AT+CREG?")
	var cme *CMEError
	if !errors.As(err, &cme) || cme.Code != 13 || !errors.Is(err, &CMEError{Code: 13}) {
		t.Errorf("CREG: %v", err)
	}
	_, err = e.Command(ctx, "AT+CMGL=4")
	var cms *CMSError
	if !errors.As(err, &cms) || cms.Code != 500 || cms.Text != "unknown error" {
		t.Errorf("CMGL: %v", err)
	}
	if _, err = e.Command(ctx, "AT+IPR=9800"); !errors.Is(err, ErrError) {
		t.Errorf("IPR: %v", err)
	}
	if _, err = e.Command(ctx, "ATD*99#"); !errors.Is(err, &ResultError{Result: "NO CARRIER"}) {
		t.Errorf("ATD: %v", err)
	}
}

func TestURCInTheMiddleOfAResponse(t *testing.T) {
	t.Parallel()
	// A +CREG URC and a two-line +CMT (guide 9.4.1) arrive between the
	// information lines of AT+CMGL; the +CMGL lines and the PDU lines that
	// follow them stay with the command.
	pdu := "0891683108608805F9040D91683109730147F200002150716172350005F4F29C4E03"
	f := newFake(t, true, map[string]string{
		"AT+CMGL=0": "\r\n+CMGL: 1,0,,25\r\n\r\n+CREG: 1\r\n" + pdu + "\r\n" +
			"\r\n+CMT: ,25\r\n" + pdu + "\r\n\r\nOK\r\n",
		"AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
	})
	e := startEngine(t, f, Config{})
	var mu sync.Mutex
	var got []URC
	done := make(chan struct{}, 4)
	keep := func(u URC) { mu.Lock(); got = append(got, u); mu.Unlock(); done <- struct{}{} }
	e.Handle("+CREG:", 1, keep)
	e.Handle("+CMT:", 2, keep)
	r, err := e.Command(context.Background(), "AT+CMGL=0")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"+CMGL: 1,0,,25", pdu}; !reflect.DeepEqual(r.Lines, want) {
		t.Errorf("lines %q, want %q", r.Lines, want)
	}
	for range 2 {
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatal("URCs not delivered")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if got[0].Prefix != "+CREG:" || got[0].Lines[0] != "+CREG: 1" {
		t.Errorf("first URC %+v", got[0])
	}
	if got[1].Prefix != "+CMT:" || !reflect.DeepEqual(got[1].Lines, []string{"+CMT: ,25", pdu}) {
		t.Errorf("second URC %+v", got[1])
	}
}

func TestOwnPrefixBelongsToCommand(t *testing.T) {
	t.Parallel()
	// While AT+CREG? runs, "+CREG: 0,1" is its answer, not a URC.
	f := newFake(t, false, map[string]string{"AT+CREG?": "\r\n+CREG: 0,1\r\n\r\nOK\r\n"})
	e := startEngine(t, f, Config{})
	urcs := make(chan URC, 1)
	e.Handle("+CREG:", 1, func(u URC) { urcs <- u })
	r, err := e.Command(context.Background(), "AT+CREG?")
	if err != nil || len(r.Lines) != 1 || r.Lines[0] != "+CREG: 0,1" {
		t.Fatalf("%+v %v", r, err)
	}
	f.send("\r\n+CREG: 5\r\n")
	select {
	case u := <-urcs:
		if u.Lines[0] != "+CREG: 5" {
			t.Errorf("URC %+v", u)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("idle URC not delivered")
	}
}

func TestSMSPromptPayloadAndEcho(t *testing.T) {
	t.Parallel()
	// Guide 9.2.1: AT+CMGS=21, prompt, PDU, Ctrl-Z, "+CMGS: 4".
	pdu := "0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701"
	f := newFake(t, true, map[string]string{
		"AT+CMGS=21":     "\r\n> ",
		"PAYLOAD:" + pdu: "\r\n+CMGS: 4\r\n\r\nOK\r\n",
		"ESC":            "\r\nOK\r\n",
	})
	var trace testkit.Buffer
	e := startEngine(t, f, Config{Trace: &trace})
	r, err := e.Command(context.Background(), "AT+CMGS=21", WithPayload([]byte(pdu)))
	if err != nil || !reflect.DeepEqual(r.Prefixed("+CMGS:"), []string{"4"}) {
		t.Fatalf("CMGS: %+v %v", r, err)
	}
	tr := trace.String()
	if !strings.Contains(tr, `> "AT+CMGS=21\r"`) || !strings.Contains(tr, `< "> "`) || !strings.Contains(tr, "0891683108608805F911000B813109730137F10000FF07[user data redacted: 7 octets]"+`\x1a"`) || strings.Contains(tr, "EDF27C1E3E9701") {
		t.Errorf("trace lacks the exchange:\n%s", tr)
	}
}

func TestPayloadCancelledSendsESC(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+CMGS=21": "", "ESC": "\r\nOK\r\n"})
	f.set("AT", "\r\nOK\r\n")
	e := startEngine(t, f, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := e.Command(ctx, "AT+CMGS=21", WithPayload([]byte("00"))); errc <- err }()
	f.waitCmd(t, "AT+CMGS=21")
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	f.send("\r\n> ") // the prompt arrives after the caller gave up
	// The engine must answer the prompt with ESC, take the OK, then go on.
	r, err := e.Command(context.Background(), "AT")
	if err != nil || r.Final != "OK" {
		t.Fatalf("next command: %+v %v", r, err)
	}
	if got := f.commands(); got[len(got)-1] != "AT" {
		t.Errorf("commands %q", got)
	}
}

func TestTraceRedactsPIN(t *testing.T) {
	t.Parallel()
	f := newFake(t, true, map[string]string{`AT+CPIN="1234"`: "\r\nOK\r\n"})
	var buf testkit.Buffer
	e := startEngine(t, f, Config{Trace: &buf})
	if _, err := e.Command(context.Background(), `AT+CPIN="1234"`); err != nil {
		t.Fatal(err)
	}
	tr := buf.String()
	if strings.Contains(tr, "1234") {
		t.Fatalf("trace leaks the PIN:\n%s", tr)
	}
	if strings.Count(tr, `AT+CPIN=\"***\"`) != 2 { // sent, and echoed back
		t.Fatalf("trace:\n%s", tr)
	}
	for _, l := range strings.Split(strings.TrimSpace(tr), "\n") {
		if _, err := time.Parse("2006-01-02T15:04:05.000000Z", strings.Fields(l)[0]); err != nil {
			t.Errorf("no timestamp in %q", l)
		}
	}
}

func TestConcurrentCallersAreSerialised(t *testing.T) {
	t.Parallel()
	replies := map[string]string{}
	for i := range 20 {
		replies[fmt.Sprintf("AT+TEST=%d", i)] = fmt.Sprintf("\r\n+TEST: %d\r\n\r\nOK\r\n", i)
	}
	f := newFake(t, true, replies)
	e := startEngine(t, f, Config{})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.Command(context.Background(), fmt.Sprintf("AT+TEST=%d", i))
			if err != nil || r.Prefixed("+TEST:")[0] != fmt.Sprint(i) {
				t.Errorf("caller %d got %+v %v", i, r, err)
			}
		}()
	}
	wg.Wait()
	if n := len(f.commands()); n != 20 {
		t.Errorf("modem saw %d commands", n)
	}
}

func TestCallerGivesUpOnNonAbortiveCommand(t *testing.T) {
	t.Parallel()
	// The modem is still working on AT+CGATT=1; the next command must wait
	// for its final result instead of being sent into the middle of it.
	f := newFake(t, false, map[string]string{"AT+CGATT=1": "", "AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"})
	e := startEngine(t, f, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := e.Command(ctx, "AT+CGATT=1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	res := make(chan *Response, 1)
	go func() { r, _ := e.Command(context.Background(), "AT+CSQ"); res <- r }()
	time.Sleep(100 * time.Millisecond) // only time shows AT+CSQ is not sent
	if got := f.commands(); len(got) != 1 {
		t.Fatalf("AT+CSQ was sent while AT+CGATT=1 ran: %q", got)
	}
	f.send("\r\nOK\r\n") // AT+CGATT=1 completes
	select {
	case r := <-res:
		if r == nil || r.Lines[0] != "+CSQ: 20,99" {
			t.Fatalf("CSQ %+v", r)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("AT+CSQ never completed")
	}
}

func TestPreemptAbortsAbortiveCommand(t *testing.T) {
	t.Parallel()
	// AT+COPS=? is abortive (guide 1.2.2): a later command aborts the scan.
	f := newFake(t, false, map[string]string{"AT+COPS=?": "", "": "", "AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"})
	e := startEngine(t, f, Config{})
	scan := make(chan error, 1)
	go func() { _, err := e.Command(context.Background(), "AT+COPS=?"); scan <- err }()
	f.waitCmd(t, "AT+COPS=?")
	go func() {
		f.waitCmd(t, "") // the abort character
		f.send("\r\n+CME ERROR: 52\r\n")
	}()
	r, err := e.Command(context.Background(), "AT+CSQ", Preempt())
	if err != nil || r.Lines[0] != "+CSQ: 20,99" {
		t.Fatalf("CSQ: %+v %v", r, err)
	}
	if err := <-scan; !errors.Is(err, ErrAborted) {
		t.Fatalf("scan: %v", err)
	}
}

func TestTimeoutHealthProcedureUnavailableAndBack(t *testing.T) {
	t.Parallel()
	// Guide 1.2.3: after a timeout probe (with the restoring commands); three
	// probe timeouts in a row → unavailable: close the port, reopen and
	// probe until the modem answers.
	f := newFake(t, true, map[string]string{"AT": "\r\nOK\r\n", "AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"})
	events := make(chan Event, 64)
	e := startEngine(t, f, Config{Timeout: 100 * time.Millisecond, HealthTimeout: 50 * time.Millisecond,
		OnEvent: func(ev Event) { events <- ev }})
	f.setSilent(true)
	if _, err := e.Command(context.Background(), "AT+CSQ"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("want timeout, got %v", err)
	}
	waitEvent(t, events, EventTimeout)
	waitEvent(t, events, EventUnavailable)
	if e.Available() {
		t.Error("engine says available")
	}
	if _, err := e.Command(context.Background(), "AT+CSQ"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("while unavailable: %v", err)
	}
	probes := 0
	for _, c := range f.commands() {
		if c == RestoreCommand || c == FactoryCommand {
			probes++
		}
	}
	if probes < 3 {
		t.Errorf("only %d probes before unavailable: %q", probes, f.commands())
	}
	f.setSilent(false)
	waitEvent(t, events, EventAvailable)
	r, err := e.Command(context.Background(), "AT+CSQ")
	if err != nil || r.Lines[0] != "+CSQ: 20,99" {
		t.Fatalf("after recovery: %+v %v", r, err)
	}
	if s := e.Stats(); s.Timeouts != 1 || s.Unavailable != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestProbeAnsweredWithErrorMeansUnavailable(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nERROR\r\n", "AT+CGATT=1": ""})
	events := make(chan Event, 64)
	e := startEngine(t, f, Config{Timeout: 50 * time.Millisecond, OnEvent: func(ev Event) { events <- ev }})
	e.Command(context.Background(), "AT+CGATT=1")
	ev := waitEvent(t, events, EventUnavailable)
	if !strings.Contains(ev.Detail, "ERROR") {
		t.Errorf("detail %q", ev.Detail)
	}
}

func TestModemDisappearsMidCommand(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+CGATT=1": "", "AT": "\r\nOK\r\n"})
	events := make(chan Event, 64)
	e := startEngine(t, f, Config{OnEvent: func(ev Event) { events <- ev }})
	errc := make(chan error, 1)
	go func() { _, err := e.Command(context.Background(), "AT+CGATT=1"); errc <- err }()
	f.waitCmd(t, "AT+CGATT=1")
	f.mu.Lock()
	f.conn.Close() // the tty vanishes
	f.mu.Unlock()
	if err := <-errc; !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err %v", err)
	}
	waitEvent(t, events, EventUnavailable)
	waitEvent(t, events, EventAvailable)
	if _, err := e.Command(context.Background(), "AT"); err != nil {
		t.Fatal(err)
	}
}

func TestRestartIsReported(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"})
	events := make(chan Event, 8)
	e := startEngine(t, f, Config{OnEvent: func(ev Event) { events <- ev }})
	f.send("\r\nRDY\r\n")
	if ev := waitEvent(t, events, EventRestarted); ev.Detail != "RDY" {
		t.Errorf("detail %q", ev.Detail)
	}
	r, err := e.Command(context.Background(), "AT+CSQ")
	if err != nil || len(r.Lines) != 1 {
		t.Fatalf("%+v %v", r, err)
	}
}

// A module that restarts while a command runs has lost the command: it
// fails at once instead of waiting out its timeout (up to minutes).
func TestRestartFailsTheRunningCommand(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT+COPS=0": "", "AT": "\r\nOK\r\n"})
	events := make(chan Event, 8)
	e := startEngine(t, f, Config{Timeout: time.Minute, OnEvent: func(ev Event) { events <- ev }})
	errc := make(chan error, 1)
	go func() { _, err := e.Command(context.Background(), "AT+COPS=0"); errc <- err }()
	f.waitCmd(t, "AT+COPS=0")
	f.send("\r\n^SYSSTART\r\n")
	select {
	case err := <-errc:
		if !errors.Is(err, ErrRestarted) {
			t.Fatalf("err %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the lost command still waits for its timeout")
	}
	waitEvent(t, events, EventRestarted)
	if _, err := e.Command(context.Background(), "AT"); err != nil {
		t.Fatal(err)
	}
}

func TestGarbageIsSkipped(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{
		"AT+CSQ": "\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
		"ATI":    "\r\n" + strings.Repeat("X", 1<<20) + "\r\nOK\r\n",
	})
	events := make(chan Event, 8)
	e := startEngine(t, f, Config{OnEvent: func(ev Event) { events <- ev }})
	f.send("\x00\xff\xfe\x01\x02 noise \x07\r\n\xff\xff")
	f.send(strings.Repeat("\xaa", 1<<20)) // a megabyte with no line end
	f.send("\r\n")
	waitEvent(t, events, EventGarbage)
	r, err := e.Command(context.Background(), "AT+CSQ")
	if err != nil || !reflect.DeepEqual(r.Lines, []string{"+CSQ: 20,99"}) {
		t.Fatalf("after garbage: %q %v", r.Lines, err)
	}
	if _, err := e.Command(context.Background(), "ATI"); !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("1 MB line in a response: %v", err)
	}
	if s := e.Stats(); s.Overflows != 2 || s.Unexpected == 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestNeverFinalResultTimesOutBounded(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n"})
	e := startEngine(t, f, Config{Timeout: 200 * time.Millisecond, MaxResponse: 1000})
	f.set("AT+CMGL=4", "")
	go func() {
		f.waitCmd(t, "AT+CMGL=4")
		for i := 0; i < 500; i++ {
			f.send("\r\n+CMGL: endless information line\r\n")
		}
	}()
	r, err := e.Command(context.Background(), "AT+CMGL=4")
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v", err)
	}
	size := 0
	for _, l := range r.Lines {
		size += len(l)
	}
	if size > 1000 {
		t.Errorf("kept %d bytes of a response bounded at 1000", size)
	}
}

func TestCloseFailsWaitersAndLeaksNothing(t *testing.T) {
	before := runtime.NumGoroutine()
	f := newFake(t, false, map[string]string{"AT+CGATT=1": ""})
	e := New(f.opener(), Config{Logger: slog.New(slog.DiscardHandler)})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 2)
	for range 2 {
		go func() { _, err := e.Command(context.Background(), "AT+CGATT=1"); errc <- err }()
	}
	f.waitCmd(t, "AT+CGATT=1")
	time.Sleep(20 * time.Millisecond)
	e.Close()
	e.Close()
	for range 2 {
		if err := <-errc; !errors.Is(err, ErrClosed) {
			t.Errorf("err %v", err)
		}
	}
	if _, err := e.Command(context.Background(), "AT"); !errors.Is(err, ErrClosed) {
		t.Errorf("after close: %v", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before+1 && time.Now().Before(deadline) { // +1: the fake's own server
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+1 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines left (had %d):\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

func waitEvent(t *testing.T, events <-chan Event, kind EventKind) Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Kind == kind {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %v event", kind)
		}
	}
}

func TestListenersReceiveEvents(t *testing.T) {
	t.Parallel()
	f := newFake(t, false, map[string]string{})
	e := startEngine(t, f, Config{})
	a, b := make(chan Event, 1), make(chan Event, 1)
	e.Listen(func(ev Event) { a <- ev })
	remove := e.Listen(func(ev Event) { b <- ev })
	remove()
	f.send("\r\n^SYSSTART\r\n")
	if ev := waitEvent(t, a, EventRestarted); ev.Detail != "^SYSSTART" {
		t.Errorf("event %+v", ev)
	}
	select {
	case ev := <-b:
		t.Errorf("removed listener got %+v", ev)
	case <-time.After(50 * time.Millisecond):
	}
}
