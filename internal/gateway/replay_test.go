package gateway

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// A "status" request whose delete failed is found again when the gateway
// starts again on the same state directory and modem: it is not answered
// twice, it is audited as already handled and deleted; a request that came
// while the gateway was down is answered.
func TestRegressionConsoleRequestNotRunAgainAfterGatewayRestart(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{extra: consoleYAML("s3cret-console")})
	r.start()
	imei := r.imei()
	r.eventually(20*time.Second, "the modem online", r.modemOnline)
	r.modem.FailDelete(500)
	if reply := r.askWith("s3cret-console", "status"); !strings.HasPrefix(reply, "op:") {
		t.Fatalf("status reply %q", reply)
	}
	r.eventually(20*time.Second, "the failed delete", func() bool {
		for _, c := range r.modem.Commands() {
			if strings.HasPrefix(c, "AT+CMGD=") {
				return true
			}
		}
		return false
	})
	if _, err := r.stop(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	if n := r.modem.Status().StoredSMS; n != 1 {
		t.Fatalf("%d messages stored after the stop, want the undeleted request", n)
	}
	r.modem.FailDelete(0)
	if _, err := r.modem.InjectSMS(technician, "s3cret-console get modem.apn"); err != nil {
		t.Fatal(err)
	}

	r.stopOnce = sync.Once{}
	r.start()
	r.eventually(30*time.Second, "both requests served and deleted", func() bool {
		return r.modem.Status().StoredSMS == 0 && len(sentTo(r.modem, technician)) >= 2
	})
	r.waitMessages(20*time.Second, "the request found again audited", func(ms []message) bool {
		_, ok := findEvent(t, ms, imei, "sms", "console", "already handled")
		return ok
	})
	sent := sentTo(r.modem, technician)
	if len(sent) != 2 || !strings.HasPrefix(sent[0], "op:") || strings.HasPrefix(sent[1], "op:") {
		t.Errorf("replies %q, want the status reply once and the answer to get", sent)
	}
	b, err := os.ReadFile(statePath(r.loadConfig(), consoleJournal))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "s3cret-console") {
		t.Errorf("the journal holds the console password: %s", b)
	}
}
