package gateway

import (
	"os"
	"strings"
	"testing"
	"time"

	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
)

const technician = "+4917612345678"

// consoleSMS is the sms section of a rig whose SMS console takes password
// from the technician.
func consoleSMS(password string) string {
	return `sms:
  enabled: true
  console:
    password: "` + password + `"
    allowed: ["` + technician + `"]
`
}

// consoleYAML is consoleSMS with the network watchdog off, so that nothing
// but the test's messages restarts the parts.
func consoleYAML(password string) string {
	return consoleSMS(password) + `watchdog:
  network: {enabled: false}
`
}

// askWith sends the technician's console command with password and waits
// for the reply.
func (r *rig) askWith(password, text string) string {
	r.t.Helper()
	n := len(sentTo(r.modem, technician))
	if _, err := r.modem.InjectSMS(technician, password+" "+text); err != nil {
		r.t.Fatal(err)
	}
	var reply string
	r.eventually(20*time.Second, "the reply to "+text, func() bool {
		if s := sentTo(r.modem, technician); len(s) > n {
			reply = s[n]
			return true
		}
		return false
	})
	return reply
}

// sentTo gives the texts the modem sent to a number.
func sentTo(m *simmodem.Modem, to string) []string {
	var out []string
	for _, s := range m.Sent() {
		if s.To == to {
			out = append(out, s.Text)
		}
	}
	return out
}

// The SMS console through the gateway: "status" is answered, and "set
// modem.apn=..." makes the gateway restart its parts on the new APN and go
// on working.
func TestSMSConsole(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{extra: consoleYAML("s3cret")})
	r.start()
	imei := r.imei()
	r.eventually(20*time.Second, "the modem online", r.modemOnline)

	if _, err := r.modem.InjectSMS(technician, "s3cret status"); err != nil {
		t.Fatal(err)
	}
	var reply string
	r.eventually(20*time.Second, "the status reply", func() bool {
		for _, s := range sentTo(r.modem, technician) {
			reply = s
		}
		return reply != ""
	})
	if !strings.HasPrefix(reply, "op:Telekom.de reg:home sig:") || !strings.Contains(reply, " ip:100.64.") || !strings.Contains(reply, " spool:") {
		t.Errorf("status reply %q", reply)
	}
	// A stranger gets no answer.
	if _, err := r.modem.InjectSMS("+4915199999999", "s3cret status"); err != nil {
		t.Fatal(err)
	}

	before := r.g.cur.Load()
	if _, err := r.modem.InjectSMS(technician, "s3cret set modem.apn=internet.test"); err != nil {
		t.Fatal(err)
	}
	r.eventually(20*time.Second, "the set reply", func() bool {
		for _, s := range sentTo(r.modem, technician) {
			if s == "set modem.apn" {
				return true
			}
		}
		return false
	})
	r.eventually(20*time.Second, "the parts restarted", func() bool {
		p := r.g.cur.Load()
		return p != before && p.cfg.Modem.APN == "internet.test"
	})
	restarted := time.Now()
	r.eventually(30*time.Second, "the modem online on the new APN", func() bool {
		s := r.status()
		return s.Modem != nil && s.Modem.State == "online" && s.Modem.Bearer.APN == "internet.test"
	})
	ms := r.waitRecordsAfter(20*time.Second, "records after the restart", imei, restarted, 4, nil)
	for _, want := range []struct{ kind, detail string }{
		{"console", "status"}, {"console", "set modem.apn"},
	} {
		if _, ok := findEvent(t, ms, imei, "sms", want.kind, want.detail); !ok {
			t.Errorf("no sms %s event with %q:\n%s", want.kind, want.detail, eventList(t, ms, imei))
		}
	}
	for _, e := range jsonRecords(t, ms, imei+"/events") {
		if strings.Contains(value(e, "detail"), "s3cret") {
			t.Errorf("an event shows the console password: %s", value(e, "detail"))
		}
	}
	if n := len(sentTo(r.modem, "+4915199999999")); n != 0 {
		t.Errorf("%d replies to a stranger", n)
	}
	b, err := os.ReadFile(statePath(r.g.config(), "settings.json"))
	if err != nil || !strings.Contains(string(b), "internet.test") {
		t.Errorf("settings file: %s %v", b, err)
	}
	// The file's configuration is unchanged; the setting lies on top.
	if apn := r.g.config().Modem.APN; apn != "em" {
		t.Errorf("the file's APN became %q", apn)
	}
}
