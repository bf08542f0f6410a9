package gateway

import (
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
	r := newRig(t, rigOptions{extra: `sms:
  enabled: true
  console:
    password: "s3cret-console"
    allowed: ["` + technician + `"]
watchdog:
  network: {enabled: false}
`})
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
	if l := r.log.tail(1 << 20); !strings.Contains(l, "modem.apn") || strings.Contains(l, "12a4") {
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
	r := newRig(t, rigOptions{extra: `sms:
  enabled: true
  console:
    password: "s3cret"
    allowed: ["` + technician + `"]
watchdog:
  network: {enabled: false}
`})
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
