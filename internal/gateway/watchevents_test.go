package gateway

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/watchdog"
)

// noWatch turns the watchdog's own layers off: the test plays their events.
const noWatch = `watchdog:
  modem: {enabled: false}
  network: {enabled: false}
  application: {enabled: false}
`

// A network check failing and recovering over and over records a burst of
// its events and counts the rest, while the network layer's escalation
// steps, their outcome and the other layers' events are all recorded.
func TestWatchdogFlappingEventsWithinRate(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI, extra: noWatch})
	r.start()
	imei := r.imei()
	p := r.waitRunning(nil)
	const flood = 3 * watchdogEventBurst
	now := time.Now()
	flap := func(i int, at time.Time) {
		kind := watchdog.EventFailed
		if i%2 == 1 {
			kind = watchdog.EventRecovered
		}
		p.wd.event(watchdog.Event{Time: at, Layer: "network", Kind: kind, Detail: fmt.Sprintf("flap #%d", i)})
	}
	for i := range flood {
		flap(i, now)
		if i == flood/2 {
			p.wd.event(watchdog.Event{Time: now, Layer: "network", Kind: watchdog.EventAction, Action: "redial", Step: 1, Attempt: 1, Detail: "escalation"})
			p.wd.event(watchdog.Event{Time: now, Layer: "network", Kind: watchdog.EventActionFailed, Action: "redial", Step: 1, Detail: "escalation"})
			p.wd.event(watchdog.Event{Time: now, Layer: "network", Kind: watchdog.EventExhausted, Action: "redial", Step: 1, Detail: "escalation"})
			p.wd.event(watchdog.Event{Time: now, Layer: "network", Kind: watchdog.EventRecovered, Action: "redial", Step: 1, Detail: "escalation"})
			p.wd.event(watchdog.Event{Time: now, Layer: "modem", Kind: watchdog.EventFailed, Detail: "modem down"})
			p.wd.event(watchdog.Event{Time: now, Layer: "modem", Kind: watchdog.EventAction, Action: "reset", Step: 2, Detail: "modem reset"})
		}
	}
	// An interval later, one more gets through and says how many did not.
	flap(flood, now.Add(watchdogEventEvery))
	ms := r.waitMessages(20*time.Second, "the last flap recorded", func(ms []message) bool {
		_, ok := findEvent(t, ms, imei, "watchdog", "network-failed", fmt.Sprintf("flap #%d", flood))
		return ok
	})
	flaps, escalation := 0, map[string]bool{}
	for _, e := range jsonRecords(t, ms, imei+"/events") {
		kind, detail := value(e, "kind"), value(e, "detail")
		switch {
		case strings.Contains(detail, "flap #"):
			flaps++
		case e.Source == "watchdog":
			escalation[kind+": "+detail] = true
		}
	}
	if flaps > watchdogEventBurst+1 {
		t.Errorf("%d flapping check events recorded from %d, want at most %d", flaps, flood+1, watchdogEventBurst+1)
	}
	for _, want := range []string{
		"network-action: redial (step 1): escalation",
		"network-action-failed: redial (step 1): escalation",
		"network-exhausted: redial (step 1): escalation",
		"network-recovered: redial (step 1): escalation",
		"modem-failed: modem down",
		"modem-action: reset (step 2): modem reset",
	} {
		if !escalation[want] {
			t.Errorf("event %q not recorded; recorded: %v", want, escalation)
		}
	}
	held := flood - watchdogEventBurst
	if _, ok := findEvent(t, ms, imei, "watchdog", "network-failed", fmt.Sprintf("flap #%d (%d earlier", flood, held)); !ok {
		t.Errorf("the flap recorded an interval later does not count the %d held", held)
	}
	if v := metricValue(t, r.get("/metrics"), `cellgate_events_held_total{source="watchdog-network"}`); v != float64(held) {
		t.Errorf("watchdog events held: %v, want %d", v, held)
	}
}
