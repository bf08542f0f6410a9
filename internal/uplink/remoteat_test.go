package uplink

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/atpolicy"
)

// fakeRunner answers like a modem and records what reached it.
type fakeRunner struct {
	mu   sync.Mutex
	cmds []string
}

func (f *fakeRunner) Command(_ context.Context, cmd string, _ ...at.Option) (*at.Response, error) {
	f.mu.Lock()
	f.cmds = append(f.cmds, cmd)
	f.mu.Unlock()
	switch cmd {
	case "AT+CSQ":
		return &at.Response{Command: cmd, Lines: []string{"+CSQ: 20,99"}, Final: "OK"}, nil
	case "AT+CGSN":
		return &at.Response{Command: cmd, Lines: []string{imei}, Final: "OK"}, nil
	case "AT+CPIN?":
		return &at.Response{Command: cmd, Final: "+CME ERROR: 10"}, &at.CMEError{Code: 10, Text: "SIM not inserted"}
	case "AT^AUTHDATA?":
		return &at.Response{Command: cmd, Lines: []string{`^AUTHDATA: 1,2,"","8642","user"`}, Final: "OK"}, nil
	case "AT+QICSGP=1":
		return &at.Response{Command: cmd, Lines: []string{`+QICSGP: 1,"em","user","8642",1`}, Final: "OK"}, nil
	}
	return nil, at.ErrTimeout
}

func (f *fakeRunner) ran() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.cmds...)
}

type auditLog struct {
	mu  sync.Mutex
	all []ATAudit
}

func (a *auditLog) add(x ATAudit) { a.mu.Lock(); a.all = append(a.all, x); a.mu.Unlock() }
func (a *auditLog) len() int      { a.mu.Lock(); defer a.mu.Unlock(); return len(a.all) }

func startAT(t *testing.T, jsonReplies bool, lim *atpolicy.Limiter) (*observer, *fakeRunner, *auditLog) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	r, audit := &fakeRunner{}, &auditLog{}
	cfg := e.config(b)
	cfg.AT = &ATConfig{Runner: r, JSON: jsonReplies, Audit: audit.add, Limiter: lim}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, nil)
	waitConnected(t, p)
	return observe(t, b.PlainAddr(), imei+"/ATR"), r, audit
}

func TestRemoteATText(t *testing.T) {
	obs, r, audit := startAT(t, false, nil)
	steps := []struct{ send, want string }{
		// the seed: AT+CSQ to [IMEI]/AT, the answer on [IMEI]/ATR
		{"AT+CSQ", "AT+CSQ\n+CSQ: 20,99\nOK\n"},
		{"AT+CFUN=0", "AT+CFUN=0\nREFUSED: switches the radio off: the router becomes unreachable\n"},
		{"AT+CPIN?", "AT+CPIN?\n+CME ERROR: 10\n"},
		{"AT+CMGF=1", "AT+CMGF=1\nREFUSED: changes the modem's state; allow it in the remote AT policy\n"},
		{"hello", "hello\nREFUSED: not an AT command\n"},
		{"AT+CSQ\x1b", "AT+CSQ\x1b\nREFUSED: control character 0x1B at byte 6\n"},
		// a basic command before a query runs too
		{"ATV0+CSQ?", "ATV0+CSQ?\nREFUSED: ATV0: changes the result code format: the gateway no longer understands the modem\n"},
		{"AT+COPS?" + strings.Repeat("X", 600), "REFUSED: command too long (608 bytes, at most 512)\n"},
		{"\xff\xfe", "REFUSED: malformed: not UTF-8 text\n"},
		{"   \n", "REFUSED: malformed: empty message\n"},
	}
	for _, s := range steps {
		obs.publish(t, imei+"/AT", s.send)
		if got := string(obs.next(t).Payload()); !strings.HasSuffix(got, s.want) {
			t.Fatalf("sent %q: got %q, want %q", s.send, got, s.want)
		}
	}
	// several lines, several commands, answered in order
	obs.publish(t, imei+"/AT", "AT+CSQ\r\nAT+CGSN\n")
	if got := string(obs.next(t).Payload()); got != "AT+CSQ\n+CSQ: 20,99\nOK\n" {
		t.Fatalf("first: %q", got)
	}
	if got := string(obs.next(t).Payload()); got != "AT+CGSN\n"+imei+"\nOK\n" {
		t.Fatalf("second: %q", got)
	}
	if got := r.ran(); strings.Join(got, ",") != "AT+CSQ,AT+CPIN?,AT+CSQ,AT+CGSN" {
		t.Fatalf("reached the modem: %v", got)
	}
	if n := audit.len(); n != len(steps)+2 {
		t.Fatalf("audited %d requests, want %d", n, len(steps)+2)
	}
}

func TestRemoteATJSONAndRateLimit(t *testing.T) {
	obs, _, _ := startAT(t, true, &atpolicy.Limiter{N: 1, Per: time.Hour})
	obs.publish(t, imei+"/AT", "AT+CSQ")
	var r ATReply
	if err := json.Unmarshal(obs.next(t).Payload(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Command != "AT+CSQ" || !r.OK || r.Final != "OK" || len(r.Lines) != 1 || r.Lines[0] != "+CSQ: 20,99" {
		t.Fatalf("reply %+v", r)
	}
	obs.publish(t, imei+"/AT", "AT+CSQ")
	r = ATReply{}
	if err := json.Unmarshal(obs.next(t).Payload(), &r); err != nil {
		t.Fatal(err)
	}
	if !r.Refused || r.OK || !strings.Contains(r.Error, "too many") {
		t.Fatalf("rate limit reply %+v", r)
	}
}

// Every line of a message is judged on its own: a harmful line between
// two queries is refused and never reaches the modem, whatever separates
// the lines.
func TestRemoteATJudgesEveryLineOfAMessage(t *testing.T) {
	obs, r, _ := startAT(t, false, &atpolicy.Limiter{N: 100, Per: time.Hour})
	obs.publish(t, imei+"/AT", "AT+CSQ\nATV0\r\n  AT+CSQ;V0\nAT+CSQ\rATZ\n\nAT+CSQ?;&F\nAT+CGSN\n")
	want := []string{"AT+CSQ\n+CSQ: 20,99\nOK\n", "ATV0\nREFUSED:", "AT+CSQ;V0\nREFUSED:", "REFUSED: control character",
		"AT+CSQ?;&F\nREFUSED:", "AT+CGSN\n" + imei + "\nOK\n"}
	for _, w := range want {
		if got := string(obs.next(t).Payload()); !strings.Contains(got, w) {
			t.Fatalf("reply %q, want one holding %q", got, w)
		}
	}
	if got := r.ran(); strings.Join(got, ",") != "AT+CSQ,AT+CGSN" {
		t.Fatalf("reached the modem: %q", got)
	}
}

// The modem gets a command as the policy judged it, so that the AT engine
// recognises a network scan by the start of its line and gives it its
// longer timeout; a scan behind another command is refused.
func TestRegressionRemoteScanRunsUnderDefaultTimeout(t *testing.T) {
	obs, r, _ := startAT(t, false, &atpolicy.Limiter{N: 100, Per: time.Hour})
	obs.publish(t, imei+"/AT", "at + cops = ?\nAT+CSQ;+COPS=?\nat+csq")
	for _, w := range []string{"at + cops = ?\n", "AT+CSQ;+COPS=?\nREFUSED: AT+COPS=?: takes long", "at+csq\n+CSQ: 20,99\nOK\n"} {
		if got := string(obs.next(t).Payload()); !strings.HasPrefix(got, w) {
			t.Fatalf("reply %q, want one starting %q", got, w)
		}
	}
	if got := r.ran(); strings.Join(got, ",") != "AT+COPS=?,AT+CSQ" {
		t.Fatalf("reached the modem: %q", got)
	}
}

// A command left retained on the AT topic would run again at every
// connection: a retained AT+CFUN=1,1 resets the modem, the gateway
// reconnects, gets it again, and resets the modem for ever. Only a command
// published while the gateway listens runs.
func TestRegressionRetainedATCommandRunsAtEveryConnection(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	obs := observe(t, b.PlainAddr(), imei+"/ATR")
	if tok := obs.c.Publish(imei+"/AT", 1, true, "AT+CSQ"); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("publish: %v", tok.Error())
	}
	r := &fakeRunner{}
	cfg := e.config(b)
	cfg.AT = &ATConfig{Runner: r, Limiter: &atpolicy.Limiter{N: 100, Per: time.Hour}}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, nil)
	waitConnected(t, p)
	if got := string(obs.next(t).Payload()); !strings.HasPrefix(got, "AT+CSQ\nREFUSED: retained") {
		t.Fatalf("reply to the retained command: %q", got)
	}
	obs.publish(t, imei+"/AT", "AT+CGSN")
	if got := string(obs.next(t).Payload()); !strings.HasPrefix(got, "AT+CGSN\n"+imei) {
		t.Fatalf("reply to a live command: %q", got)
	}
	if got := r.ran(); strings.Join(got, ",") != "AT+CGSN" {
		t.Fatalf("reached the modem: %q", got)
	}
}
