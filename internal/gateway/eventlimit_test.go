package gateway

import (
	"strings"
	"testing"
	"time"
)

func TestEventBucket(t *testing.T) {
	t.Parallel()
	type step struct {
		after time.Duration
		ok    bool
		held  uint64
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"burst then held", []step{{0, true, 0}, {0, true, 0}, {0, true, 0}, {0, false, 0}, {0, false, 0}}},
		{"refilled after the interval, with the count", []step{
			{0, true, 0}, {0, true, 0}, {0, true, 0}, {0, false, 0}, {0, false, 0},
			{time.Minute, true, 2}, {0, false, 0}}},
		{"half an interval is not enough", []step{
			{0, true, 0}, {0, true, 0}, {0, true, 0}, {30 * time.Second, false, 0}, {30 * time.Second, true, 1}}},
		{"refill stops at the burst", []step{
			{0, true, 0}, {time.Hour, true, 0}, {0, true, 0}, {0, true, 0}, {0, false, 0}}},
		{"a clock stepping back does not refill", []step{
			{0, true, 0}, {0, true, 0}, {0, true, 0}, {-time.Hour, false, 0}, {time.Hour, false, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newEventBucket(3, time.Minute)
			now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
			for i, s := range tc.steps {
				now = now.Add(s.after)
				ok, held := b.take(now)
				if ok != s.ok || held != s.held {
					t.Errorf("step %d: take = %v, %d; want %v, %d", i, ok, held, s.ok, s.held)
				}
			}
		})
	}
}

// A day of requests every second records the burst and one a minute.
func TestEventBucketDay(t *testing.T) {
	t.Parallel()
	b := newEventBucket(remoteATBurst, remoteATEvery)
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	var recorded, held uint64
	for range 86400 {
		if ok, h := b.take(now); ok {
			recorded++
			held += h
		}
		now = now.Add(time.Second)
	}
	if want := uint64(remoteATBurst + 24*60); recorded > want+1 || recorded < want-1 {
		t.Errorf("%d events recorded in a day; want about %d", recorded, want)
	}
	if recorded+held+b.held != 86400 {
		t.Errorf("%d recorded + %d reported held + %d pending != 86400", recorded, held, b.held)
	}
}

// A flood of refused remote AT requests records the burst as events, holds
// the rest and counts them, and still answers each request.
func TestRemoteATFloodEvents(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	r.start()
	imei := r.imei()
	obs, seen := r.observer("+/ATR")
	// Once the gateway answers one request, the flood.
	sent := 0
	for answered := false; !answered; {
		if sent == 10 {
			t.Fatal("no answer to 10 requests")
		}
		if tok := obs.Publish(imei+"/AT", 1, false, "AT+CFUN=0"); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			t.Fatalf("publish: %v", tok.Error())
		}
		sent++
		select {
		case <-seen:
			answered = true
		case <-time.After(2 * time.Second):
		}
	}
	flood := 2*remoteATBurst - sent
	for i := range flood {
		if tok := obs.Publish(imei+"/AT", 1, false, "AT+CFUN=0"); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			t.Fatalf("publish %d: %v", i, tok.Error())
		}
	}
	deadline := time.After(30 * time.Second)
	for answers := 0; answers < flood; {
		select {
		case m := <-seen:
			if !strings.Contains(string(m.Payload()), "ERROR") && !strings.Contains(strings.ToLower(string(m.Payload())), "refused") {
				t.Errorf("ATR to a refused command: %q", m.Payload())
			}
			answers++
		case <-deadline:
			t.Fatalf("%d of %d requests answered", answers, flood)
		}
	}
	held := 0
	r.eventually(10*time.Second, "the held requests counted", func() bool {
		const sample = `cellgate_events_held_total{source="remote-at"}`
		if text := r.get("/metrics"); strings.Contains(text, sample+" ") {
			held = int(metricValue(t, text, sample))
		}
		return held >= remoteATBurst-1
	})
	r.waitMessages(20*time.Second, "the burst of remote AT events", func(ms []message) bool {
		return countEvents(ms, imei, "remote-at") >= remoteATBurst
	})
	// Every request answered is audited: recorded or held. (A request sent
	// before the gateway subscribed is never seen.)
	answered := 1 + flood
	for quiet := time.After(time.Second); quiet != nil; {
		select {
		case <-seen:
			answered++
		case <-quiet:
			quiet = nil
		}
	}
	held = int(metricValue(t, r.get("/metrics"), `cellgate_events_held_total{source="remote-at"}`))
	if n := countEvents(r.messages(), imei, "remote-at"); n+held != answered || n > remoteATBurst+1 {
		t.Errorf("%d remote AT events recorded and %d held of %d requests answered; burst %d", n, held, answered, remoteATBurst)
	}
}

// countEvents counts the events of one source the broker got.
func countEvents(ms []message, imei, source string) int {
	n := 0
	for _, m := range ms {
		if m.Topic == imei+"/events" && strings.Contains(m.Payload, `"source":"`+source+`"`) {
			n++
		}
	}
	return n
}
