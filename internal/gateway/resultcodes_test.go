package gateway

import (
	"fmt"
	"strings"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/cellgate/cellgate/internal/at"
)

// fastModemWatch is a modem watchdog that checks every second, with no
// power-cycle or reboot hook: only the port and the module itself can
// bring the module back.
const fastModemWatch = `watchdog:
  modem: {interval: 1s, timeout: 1s, failures: 2, backoff: 1s}
  network: {enabled: false}
`

// A module switched to numeric (ATV0) or quiet (ATQ1) result codes behind
// the daemon's back, as a remote ATV0+CSQ? once did, comes back online with
// no hook configured: the timed-out command says what the module answered,
// the restoring command is recorded, records flow again and remote AT is
// answered.
func TestRegressionNumericResultCodesRecoverWithoutHooks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name           string
		verbose, quiet bool
		seen           string // what the timeout event says was seen
	}{
		{"ATV0", false, false, "numeric result codes"},
		{"ATQ1", true, true, "ATQ1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, rigOptions{imei: simIMEI, extra: fastModemWatch})
			r.start()
			imei := r.imei()
			r.eventually(30*time.Second, "the modem online", r.modemOnline)
			obs, seen := r.observer(imei + "/ATR")

			since := time.Now()
			r.modem.SetResultCodes(tc.verbose, tc.quiet)
			ms := r.waitMessages(60*time.Second, "the timeout and the restore recorded", func(ms []message) bool {
				_, timeout := findEvent(t, ms, imei, "modem", "command-timeout", tc.seen)
				_, restored := findEvent(t, ms, imei, "modem", "result-codes-restored", "ATE0V1Q0")
				return timeout && restored
			})
			if st := r.modem.Status(); !st.Verbose || st.Quiet {
				t.Errorf("the module's result codes after the restore: %+v", st)
			}
			r.eventually(30*time.Second, "the modem online again", r.modemOnline)
			r.waitRecordsAfter(30*time.Second, "records after the restore", imei, since, 3, unitOne)
			askCSQ(t, obs, seen, imei)
			if _, ok := findEvent(t, ms, imei, "watchdog", "modem-action", "reset"); ok {
				t.Errorf("the module was reset although ATE0V1Q0 sufficed:\n%s", eventList(t, ms, imei))
			}
		})
	}
}

// askCSQ asks for the signal over remote AT and wants +CSQ in the answer.
func askCSQ(t *testing.T, obs paho.Client, seen chan paho.Message, imei string) {
	t.Helper()
	if tok := obs.Publish(imei+"/AT", 1, false, "AT+CSQ"); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("publish AT: %v", tok.Error())
	}
	deadline := time.After(30 * time.Second)
	for {
		select {
		case m := <-seen:
			if m.Topic() != imei+"/ATR" {
				continue
			}
			if reply := string(m.Payload()); !strings.Contains(reply, "+CSQ:") {
				t.Fatalf("ATR: %q", reply)
			}
			return
		case <-deadline:
			t.Fatal("no answer to AT+CSQ on ATR")
		}
	}
}

// A module that answers nothing at all, with no power-cycle or reboot
// hook: the modem watchdog keeps resetting it, further apart, and says so
// in events and metrics; once the module answers again the gateway comes
// back online by itself, with no restart of the daemon.
func TestFrozenModemWithoutHooksKeepsTrying(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI, extra: fastModemWatch})
	r.start()
	imei := r.imei()
	r.eventually(30*time.Second, "the modem online", r.modemOnline)
	obs, seen := r.observer(imei + "/ATR")

	r.modem.Freeze(true)
	ms := r.waitMessages(90*time.Second, "the reset repeated after the ladder ran out", func(ms []message) bool {
		_, exhausted := findEvent(t, ms, imei, "watchdog", "modem-exhausted", "repeating reset")
		_, again := findEvent(t, ms, imei, "watchdog", "modem-action", "reset (step 2, attempt 2")
		_, failed := findEvent(t, ms, imei, "watchdog", "modem-action-failed", "reset")
		return exhausted && again && failed
	})
	if _, ok := findEvent(t, ms, imei, "watchdog", "modem-action", "reopen"); !ok {
		t.Errorf("no reopen before the resets:\n%s", eventList(t, ms, imei))
	}
	text := r.get("/metrics")
	if v := metricValue(t, text, `cellgate_watchdog_actions_total{layer="modem",action="reset"}`); v < 2 {
		t.Errorf("modem resets counted: %v, want 2 or more", v)
	}
	if v := metricValue(t, text, `cellgate_watchdog_action_errors_total{layer="modem"}`); v < 1 {
		t.Errorf("modem action errors counted: %v", v)
	}
	if v := metricValue(t, text, `cellgate_watchdog_backoff_seconds{layer="modem"}`); v < 2 {
		t.Errorf("the wait before the next reset: %vs, want it doubled to 2s or more", v)
	}

	thawed := time.Now()
	r.modem.Freeze(false)
	r.waitMessages(90*time.Second, "the modem layer recovered", func(ms []message) bool {
		e, ok := findEvent(t, ms, imei, "watchdog", "modem-recovered", "")
		return ok && e.TS.After(thawed.Add(-time.Second))
	})
	r.eventually(60*time.Second, "the modem online again", r.modemOnline)
	r.waitRecordsAfter(30*time.Second, "records after the thaw", imei, thawed, 3, unitOne)
	askCSQ(t, obs, seen, imei)
}

// A module that times out on every command gives one engine event per
// command: they are recorded within the rate of link events, the rest
// counted, and a reload does not refill the budget.
func TestLinkEventsWithinRate(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	r.start()
	imei := r.imei()
	p := r.waitRunning(nil)
	const flood = 3 * linkEventBurst
	now := time.Now()
	for i := range flood {
		p.records.linkEvent(at.Event{Kind: at.EventTimeout, Time: now, Detail: fmt.Sprintf("AT+CSQ #%d", i)})
	}
	ms := r.waitMessages(20*time.Second, "the burst of link events recorded", func(ms []message) bool {
		_, last := findEvent(t, ms, imei, "modem", "command-timeout", fmt.Sprintf("#%d", linkEventBurst-1))
		return last
	})
	n := 0
	for _, e := range jsonRecords(t, ms, imei+"/events") {
		if value(e, "kind") == "command-timeout" {
			n++
		}
	}
	if n > linkEventBurst {
		t.Errorf("%d link events recorded from a flood of %d, want at most %d", n, flood, linkEventBurst)
	}
	text := r.get("/metrics")
	if v := metricValue(t, text, `cellgate_events_held_total{source="modem-link"}`); v != flood-linkEventBurst {
		t.Errorf("link events held: %v, want %d", v, flood-linkEventBurst)
	}
}

// Reloads while the modem watchdog's reset waits on a frozen module past
// the engine's availability gate leave no goroutine or descriptor behind,
// and the module, once it answers, is online again. It counts the whole
// process's goroutines, so it does not run in parallel.
func TestReloadDuringModemRecoverLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("reloads against a frozen module")
	}
	r := newRig(t, rigOptions{imei: simIMEI, extra: fastModemWatch})
	r.start()
	imei := r.imei()
	p := r.waitRunning(nil)
	r.waitMessages(20*time.Second, "records", func(ms []message) bool {
		return completeSlots(titans(t, ms, imei)) >= 2
	})
	time.Sleep(2 * time.Second) // a settle period: the start-up's own goroutines end unsignalled
	g0, f0 := settle(t, 0, 0, 0)

	r.modem.Freeze(true)
	resets := func() int {
		n := 0
		for _, e := range jsonRecords(t, r.messages(), imei+"/events") {
			if value(e, "kind") == "modem-action" && strings.HasPrefix(value(e, "detail"), "reset") {
				n++
			}
		}
		return n
	}
	for i := range 3 {
		r.eventually(30*time.Second, fmt.Sprintf("reset %d under way", i+1), func() bool { return resets() > i })
		r.g.Reload(r.loadConfig())
		r.eventually(10*time.Second, "the new parts running", func() bool {
			q := r.g.cur.Load()
			return q != nil && q != p
		})
		p = r.g.cur.Load()
	}
	r.modem.Freeze(false)
	r.waitRunning(nil)
	r.checkNoLeaks(imei, g0, f0, "3 reloads during a modem reset")
}
