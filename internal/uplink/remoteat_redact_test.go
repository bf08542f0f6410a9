package uplink

import (
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/atpolicy"
)

// A remote AT request that gives a PIN or password, refused or run, is
// audited and answered with the secret masked: the audit ends up in the
// events, the log and the spool, and the reply on a topic others may read.
func TestRemoteATAuditRedactsSecrets(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	r, audit := &fakeRunner{}, &auditLog{}
	cfg := e.config(b)
	cfg.AT = &ATConfig{Runner: r, Audit: audit.add, Policy: &atpolicy.Policy{Allow: []string{"AT+CPWD"}}}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, nil)
	waitConnected(t, p)
	obs := observe(t, b.PlainAddr(), imei+"/ATR")
	for _, cmd := range []string{
		`AT+CPIN="8642"`,             // refused
		`AT+CLCK="SC",1,"8642"`,      // refused
		`AT+CPWD="SC","8642","8642"`, // allowed, runs, times out
	} {
		obs.publish(t, imei+"/AT", cmd)
		if got := string(obs.next(t).Payload()); strings.Contains(got, "8642") || !strings.Contains(got, "***") {
			t.Errorf("reply to %q: %q", cmd, got)
		}
	}
	audit.mu.Lock()
	defer audit.mu.Unlock()
	if len(audit.all) != 3 {
		t.Fatalf("%d audit records", len(audit.all))
	}
	for _, a := range audit.all {
		text := a.Command + " " + a.Reason + " " + a.Final
		if a.Err != nil {
			text += " " + a.Err.Error()
		}
		if strings.Contains(text, "8642") || !strings.Contains(a.Command, "***") {
			t.Errorf("audit %+v", a)
		}
	}
	if got := r.ran(); len(got) != 1 || got[0] != `AT+CPWD="SC","8642","8642"` {
		t.Errorf("the modem got %q, want the command as sent", got)
	}
}

// A read command the policy allows may answer with the APN password
// (AT^AUTHDATA?, Quectel's AT+QICSGP=1): the reply is published, so the
// password in it is masked; the rest of the answer stays readable.
func TestRemoteATReplyMasksPasswordsTheModemShows(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	cfg := e.config(b)
	cfg.AT = &ATConfig{Runner: &fakeRunner{}, Policy: &atpolicy.Policy{Allow: []string{"AT+QICSGP=1"}}}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, nil)
	waitConnected(t, p)
	obs := observe(t, b.PlainAddr(), imei+"/ATR")
	for _, cmd := range []string{"AT^AUTHDATA?", "AT+QICSGP=1"} {
		obs.publish(t, imei+"/AT", cmd)
		got := string(obs.next(t).Payload())
		if strings.Contains(got, "8642") || !strings.Contains(got, `"user","***"`) && !strings.Contains(got, `"***","user"`) {
			t.Errorf("reply to %q: %q", cmd, got)
		}
	}
}

// The refusal of a line names the command it refused; the reply, which
// others than the sender may read, shows it masked.
func TestRegressionRemoteATRefusalShowsPINOfLine(t *testing.T) {
	obs, _, audit := startAT(t, false, nil)
	obs.publish(t, imei+"/AT", `AT+CSQ;+CPIN="8642"`)
	got := string(obs.next(t).Payload())
	if strings.Contains(got, "8642") || !strings.Contains(got, "REFUSED") {
		t.Errorf("reply %q", got)
	}
	if audit.len() != 1 {
		t.Errorf("%d audits", audit.len())
	}
}

// A malformed line cannot be parsed for its secrets: its echo in the
// reply and the audit masks every string of it.
func TestRegressionRemoteATEchoShowsPINOfMalformedLine(t *testing.T) {
	obs, _, audit := startAT(t, false, nil)
	obs.publish(t, imei+"/AT", `AT+CPIN "8642"`)
	got := string(obs.next(t).Payload())
	if strings.Contains(got, "8642") || !strings.Contains(got, "REFUSED") {
		t.Errorf("reply %q", got)
	}
	audit.mu.Lock()
	defer audit.mu.Unlock()
	for _, a := range audit.all {
		if strings.Contains(a.Command, "8642") || strings.Contains(a.Reason, "8642") {
			t.Errorf("audit %+v", a)
		}
	}
}
