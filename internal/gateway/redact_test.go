package gateway

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// onDisk gives the regular files below dir that contain s: the spool
// segments, the sequence and settings files.
func onDisk(t *testing.T, dir, s string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), s) {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// A remote AT request that gives a PIN is refused, and its audit keeps
// the PIN out of the event on [IMEI]/events, the log, the spool on flash
// and the reply. (The rig's own SIM PIN is 1234, which the configuration
// file holds; the request gives another.)
func TestRemoteATPINNotRecorded(t *testing.T) {
	t.Parallel()
	const pin = "8642"
	r := newRig(t, rigOptions{})
	obs, seen := r.observer("+/ATR")
	r.start()
	imei := simIMEI
	r.eventually(20*time.Second, "the modem online", r.modemOnline)

	if tok := obs.Publish(imei+"/AT", 1, false, `AT+CPIN="`+pin+`"`); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("publish AT: %v", tok.Error())
	}
	select {
	case m := <-seen:
		reply := string(m.Payload())
		if !strings.Contains(reply, "REFUSED") || strings.Contains(reply, pin) {
			t.Errorf("ATR: %q", reply)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no answer on ATR")
	}
	ms := r.waitMessages(20*time.Second, "the remote AT audit event", func(ms []message) bool {
		_, ok := findEvent(t, ms, imei, "remote-at", "command", "AT+CPIN")
		return ok
	})
	ev, _ := findEvent(t, ms, imei, "remote-at", "command", "AT+CPIN")
	if d := value(ev, "detail"); strings.Contains(d, pin) || !strings.Contains(d, "refused") {
		t.Errorf("event detail %q", d)
	}
	for _, m := range ms {
		if m.Topic != imei+"/AT" && strings.Contains(m.Payload, pin) { // the request itself aside
			t.Errorf("%s carries the PIN: %s", m.Topic, m.Payload)
		}
	}
	if log := tail(r.log, 1<<20); strings.Contains(log, pin) {
		t.Errorf("the log shows the PIN:\n%s", log)
	}
	if files := onDisk(t, r.dir, pin); len(files) > 0 {
		t.Errorf("the PIN is on flash in %v", files)
	}
}

// The SMS console's audit event is written as fields, not as a Go struct
// dump, and keeps the secrets of the commands out of the event, the log
// and the spool: an "at" command that gives a PIN, and a mistyped command
// that gives a password.
func TestConsoleAuditEventFields(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{extra: consoleYAML("s3cret")})
	r.start()
	imei := r.imei()
	r.eventually(20*time.Second, "the modem online", r.modemOnline)
	for _, text := range []string{
		"s3cret status",
		`s3cret at AT+CLCK="SC",1,"4321"`,
		"s3cret Ftp=server:user:ftppass99:21;",
	} {
		if _, err := r.modem.InjectSMS(technician, text); err != nil {
			t.Fatal(err)
		}
	}
	ms := r.waitMessages(30*time.Second, "three console events", func(ms []message) bool {
		n := 0
		for _, e := range jsonRecords(t, ms, imei+"/events") {
			if e.Source == "sms" && value(e, "kind") == "console" {
				n++
			}
		}
		return n == 3
	})
	commands := map[string]bool{}
	for _, e := range jsonRecords(t, ms, imei+"/events") {
		if e.Source != "sms" || value(e, "kind") != "console" {
			continue
		}
		d := value(e, "detail")
		if strings.Contains(d, "m=+") || strings.Contains(d, "{") {
			t.Errorf("the detail is a struct dump: %s", d)
		}
		if from := value(e, "from"); from != technician {
			t.Errorf("from %q in %s", from, d)
		}
		if _, err := time.Parse(time.RFC3339, value(e, "time")); err != nil {
			t.Errorf("time %q: %v", value(e, "time"), err)
		}
		if a := value(e, "accepted"); a != "true" && a != "false" {
			t.Errorf("accepted %q", a)
		}
		if value(e, "result") == "" {
			t.Errorf("no result in %s", d)
		}
		commands[value(e, "command")] = true
	}
	for _, want := range []string{"status", `at AT+CLCK="SC",1,"***"`, "Ftp=server:user:***:21;"} {
		if !commands[want] {
			t.Errorf("no event for the command %q; commands: %v\n%s", want, commands, eventList(t, ms, imei))
		}
	}
	log := tail(r.log, 1<<20)
	for _, secret := range []string{"4321", "ftppass99", "s3cret"} {
		for _, m := range ms {
			if strings.Contains(m.Payload, secret) {
				t.Errorf("%s carries %q: %s", m.Topic, secret, m.Payload)
			}
		}
		if strings.Contains(log, secret) {
			t.Errorf("the log shows %q", secret)
		}
		if secret == "s3cret" {
			continue // the configuration file holds the console password
		}
		if files := onDisk(t, r.dir, secret); len(files) > 0 {
			t.Errorf("%q is on flash in %v", secret, files)
		}
	}
}
