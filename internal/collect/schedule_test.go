package collect

import (
	"context"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/testkit"
)

func TestSlots(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, c := range []struct {
		t    string
		iv   time.Duration
		want string
	}{
		{"2017-06-17T17:01:04Z", 10 * time.Minute, "2017-06-17T17:10:00Z"},
		{"2017-06-17T17:10:00Z", 10 * time.Minute, "2017-06-17T17:10:00Z"},
		{"2017-06-17T17:10:00.000000001Z", 10 * time.Minute, "2017-06-17T17:20:00Z"},
		{"2017-06-17T19:01:04+02:00", 10 * time.Minute, "2017-06-17T17:10:00Z"}, // the zone does not matter
		{"2017-06-17T17:01:04.5Z", 2 * time.Second, "2017-06-17T17:01:06Z"},
		{"2017-06-17T17:01:05Z", 2 * time.Second, "2017-06-17T17:01:06Z"},
		{"2017-06-17T17:01:04Z", 7 * time.Minute, "2017-06-17T17:06:00Z"}, // since the epoch, not the hour
		{"1969-12-31T23:59:59Z", time.Minute, "1970-01-01T00:00:00Z"},
	} {
		if got := slotAtOrAfter(at(c.t), c.iv); !got.Equal(at(c.want)) {
			t.Errorf("slotAtOrAfter(%s, %v) = %v, want %s", c.t, c.iv, got, c.want)
		}
	}
	if got := slotAtOrBefore(at("2017-06-17T17:01:04Z"), 10*time.Minute); !got.Equal(at("2017-06-17T17:00:00Z")) {
		t.Errorf("slotAtOrBefore: %v", got)
	}

	slot := at("2017-06-17T17:10:00Z")
	for _, c := range []struct {
		end    string
		next   string
		missed int
	}{
		{"2017-06-17T17:10:00.3Z", "2017-06-17T17:20:00Z", 0},
		{"2017-06-17T17:19:59Z", "2017-06-17T17:20:00Z", 0},
		{"2017-06-17T17:20:00.3Z", "2017-06-17T17:30:00Z", 1},
		{"2017-06-17T17:45:00Z", "2017-06-17T17:50:00Z", 3},
		{"2017-06-17T17:09:59Z", "2017-06-17T17:20:00Z", 0}, // clock back a little
		{"2017-06-17T15:03:00Z", "2017-06-17T15:10:00Z", 0}, // clock back two hours
	} {
		next, missed := following(slot, at(c.end), 10*time.Minute)
		if !next.Equal(at(c.next)) || missed != c.missed {
			t.Errorf("following(%s): %v, %d; want %s, %d", c.end, next, missed, c.next, c.missed)
		}
	}
}

// fakeBus is a bus of one device on a fake client.
func fakeBus(name string, f *fakeClient, iv time.Duration) Bus {
	return Bus{Name: name, Open: opener(f), TCP: true, Devices: []Device{
		{Name: name + "-dev", Unit: 1, Interval: iv, Blocks: []modbus.Range{{Start: 100, Count: 4}}},
	}}
}

// checkSlots checks that polls start on their slots (within tolerance,
// for a loaded machine), one slot each, never two in a burst, and at least
// every gap slots.
func checkSlots(t *testing.T, ps []Poll, iv time.Duration, gap int) {
	t.Helper()
	for i, p := range ps {
		slot := slotAtOrBefore(p.Time, iv)
		if late := p.Time.Sub(slot); late > iv/2 {
			t.Errorf("poll %d at %v: %v after its slot", i, p.Time.Format("15:04:05.000"), late)
		}
		if i == 0 {
			continue
		}
		prev := slotAtOrBefore(ps[i-1].Time, iv)
		if n := int(slot.Sub(prev) / iv); n < gap {
			t.Errorf("poll %d came %d slots after the previous one, want %d or more", i, n, gap)
		}
	}
}

func TestScheduleIsAlignedToTheClock(t *testing.T) {
	t.Parallel()
	const iv = 200 * time.Millisecond
	var got polls
	out := &sink{}
	c, err := New(Config{Buses: []Bus{fakeBus("a", &fakeClient{}, iv)}, Sink: out.write, OnPoll: got.add})
	if err != nil {
		t.Fatal(err)
	}
	run(t, c, 1100*time.Millisecond)
	ps := got.of("a-dev")
	if len(ps) < 3 || len(ps) > 6 {
		t.Fatalf("%d polls in 1.1s at %v", len(ps), iv)
	}
	checkSlots(t, ps, iv, 1)
	for _, p := range ps {
		if p.Err != nil {
			t.Error(p.Err)
		}
	}
	st := c.Stats()["a-dev"]
	if st.Records != len(ps) || st.Polls != len(ps) {
		t.Errorf("stats %+v for %d polls", st, len(ps))
	}
	if len(out.records()) != len(ps) {
		t.Errorf("%d records for %d polls", len(out.records()), len(ps))
	}
	t.Logf("%d polls, %d slots missed", len(ps), st.Missed)
}

func TestOverrunSkipsSlots(t *testing.T) {
	t.Parallel()
	// Each poll takes 250 ms, at an interval of 100 ms: a poll at slot s
	// covers s+100 and s+200, and the next one is at s+300, not at once.
	const iv = 100 * time.Millisecond
	var got polls
	c, err := New(Config{Buses: []Bus{fakeBus("slow", &fakeClient{delay: 250 * time.Millisecond}, iv)}, Sink: (&sink{}).write, OnPoll: got.add})
	if err != nil {
		t.Fatal(err)
	}
	run(t, c, 1300*time.Millisecond)
	ps := got.of("slow-dev")
	if len(ps) < 2 {
		t.Fatalf("%d polls", len(ps))
	}
	checkSlots(t, ps, iv, 3)
	if st := c.Stats()["slow-dev"]; st.Missed < 2*(len(ps)-1) || st.Errors != 0 {
		t.Errorf("stats %+v after %d polls", st, len(ps))
	}
}

func TestSlowBusDoesNotStallOthers(t *testing.T) {
	t.Parallel()
	const iv = 200 * time.Millisecond
	var got polls
	c, err := New(Config{Buses: []Bus{
		fakeBus("slow", &fakeClient{delay: 900 * time.Millisecond}, iv),
		fakeBus("fast", &fakeClient{}, iv),
	}, Sink: (&sink{}).write, OnPoll: got.add})
	if err != nil {
		t.Fatal(err)
	}
	run(t, c, 1100*time.Millisecond)
	if n := len(got.of("fast-dev")); n < 3 {
		t.Errorf("fast bus: %d polls", n)
	}
	if n := len(got.of("slow-dev")); n > 2 {
		t.Errorf("slow bus: %d polls", n)
	}
}

func TestRunEndsItsGoroutines(t *testing.T) {
	t.Parallel()
	f := &fakeClient{delay: time.Hour}
	c, err := New(Config{Buses: []Bus{fakeBus("a", f, 50*time.Millisecond)}, Sink: (&sink{}).write})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	// The first poll is under way (and holds for an hour): Run has started.
	testkit.Eventually(t, "the first poll", func() bool { return f.calls.Load() > 0 })
	if err := c.Run(ctx); err == nil {
		t.Error("Run ran twice at once")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return during a poll")
	}
	if !f.closed.Load() {
		t.Error("client not closed")
	}
	if st := c.Stats()["a-dev"]; st.Errors != 0 || st.BusOpen {
		t.Errorf("a poll cut short by the end of Run counted: %+v", st)
	}
}
