package gateway

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A stored SMS setting that does not validate (here an APN with line breaks
// that would switch the radio off) is reported as an event and in the log,
// never applied, and the gateway runs on the configuration file's value.
func TestInvalidStoredSettingIsReportedNotApplied(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{extra: consoleYAML("s3cret-console")})
	path := statePath(r.loadConfig(), "settings.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"modem.apn": "em\rAT+CFUN=0\rAT", "modem.pin": "12a4"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.start()
	imei := r.imei()
	r.eventually(20*time.Second, "the modem online", r.modemOnline)
	if apn := r.g.cur.Load().cfg.Modem.APN; apn != "em" {
		t.Errorf("APN %q in use, want the file's em", apn)
	}
	ms := r.waitMessages(20*time.Second, "the settings events", func(ms []message) bool {
		_, apn := findEvent(t, ms, imei, "gateway", "settings-invalid", "modem.apn")
		_, pin := findEvent(t, ms, imei, "gateway", "settings-invalid", "modem.pin")
		return apn && pin
	})
	for _, e := range jsonRecords(t, ms, imei+"/events") {
		if d := value(e, "detail"); strings.Contains(d, "12a4") || strings.Contains(d, "CFUN") {
			t.Errorf("an event shows the stored value: %s", d)
		}
	}
	if l := tail(r.log, 1<<20); !strings.Contains(l, "modem.apn") || strings.Contains(l, "12a4") {
		t.Errorf("the log does not name modem.apn, or shows the PIN")
	}
	for _, c := range r.modem.Commands() {
		if strings.Contains(c, "CFUN=0") {
			t.Errorf("command %q reached the module", c)
		}
	}
}

// A value of the configuration file the SMS console would refuse as a
// setting is reported, not dropped without a word.
func TestInvalidSettingDefaultIsReported(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{extra: consoleYAML("s3cret")})
	r.start()
	imei := r.imei()
	ms := r.waitMessages(20*time.Second, "the settings event", func(ms []message) bool {
		_, ok := findEvent(t, ms, imei, "gateway", "settings-invalid", "console.password in ")
		return ok
	})
	e, _ := findEvent(t, ms, imei, "gateway", "settings-invalid", "console.password in ")
	if d := value(e, "detail"); !strings.Contains(d, "shorter than 8 characters") || strings.Contains(d, "s3cret") {
		t.Errorf("event detail %q", d)
	}
}

// A PIN set by SMS is tried against the SIM first: a mistyped one is refused
// with the tries left and never stored, so no reset spends a try on it; the
// right one is stored.
func TestMistypedPINBySMSIsRefusedNotStored(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{extra: consoleYAML("s3cret-console")})
	r.start()
	r.eventually(20*time.Second, "the modem online", r.modemOnline)
	reply := func(cmd string) string {
		t.Helper()
		return r.askWith("s3cret-console", cmd)
	}
	settings := statePath(r.loadConfig(), "settings.json")

	got := reply("set modem.pin=9876")
	if got != "refused: modem.pin: the SIM refused the PIN (incorrect password); 2 PIN tries left; not stored" {
		t.Errorf("reply to a wrong PIN: %q", got)
	}
	if s := r.modem.Status(); s.PINLeft != 2 || s.SIM != "READY" {
		t.Errorf("SIM after a wrong PIN: %+v", s)
	}
	if b, _ := os.ReadFile(settings); strings.Contains(string(b), "9876") {
		t.Errorf("the wrong PIN was stored: %s", b)
	}
	if v, _ := r.g.cur.Load().console.settings.Value("modem.pin"); v != "1234" {
		t.Errorf("modem.pin is %q after a refused change", v)
	}

	// The SIM's PIN is changed on site; the new one is set by SMS.
	if _, err := r.g.cur.Load().modem.eng.Command(context.Background(), `AT+CPWD="SC","1234","4321"`); err != nil {
		t.Fatal(err)
	}
	if got := reply("set modem.pin=4321"); got != "set modem.pin (PIN verified by the SIM; 3 PIN tries left)" {
		t.Errorf("reply to the right PIN: %q", got)
	}
	if s := r.modem.Status(); s.PINLeft != 3 || s.SIM != "READY" {
		t.Errorf("SIM after the right PIN: %+v", s)
	}
	if b, err := os.ReadFile(settings); err != nil || !strings.Contains(string(b), `"modem.pin": "4321"`) {
		t.Errorf("the right PIN was not stored: %s %v", b, err)
	}
}
