package uplink

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/testkit"
)

func TestRoundTripOverTLS(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	obs := observe(t, b.PlainAddr(), imei+"/logger")
	src := newMemSource()
	const n = 100
	for i := range n {
		src.Add(fmt.Sprintf(`{"TYPE":"MODB","IMEI":"%s","V":[%d]}`, imei, i))
	}
	p, err := New(e.config(b))
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, src)
	for i := range n {
		m := obs.next(t)
		if want := fmt.Sprintf(`"V":[%d]}`, i); !strings.HasSuffix(string(m.Payload()), want) {
			t.Fatalf("message %d: %s", i, m.Payload())
		}
		if m.Topic() != imei+"/logger" {
			t.Fatalf("topic %s", m.Topic())
		}
	}
	testkit.Eventually(t, "all acked", func() bool { return src.Left() == 0 })
	s := p.Stats()
	if s.Published != n || s.Acked != n || s.InFlight != 0 || !s.Connected {
		t.Fatalf("stats %+v", s)
	}
	// records added later are sent too (Notify)
	src.Add("late")
	if m := obs.next(t); string(m.Payload()) != "late" {
		t.Fatalf("got %s", m.Payload())
	}
}

func TestPublishEvent(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	obs := observe(t, b.PlainAddr(), imei+"/events")
	p, err := New(e.config(b))
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, nil)
	if err := p.Publish(t.Context(), "[IMEI]/events", []byte("sim inserted"), false); err != nil {
		t.Fatal(err)
	}
	if m := obs.next(t); string(m.Payload()) != "sim inserted" {
		t.Fatalf("got %s", m.Payload())
	}
	if err := p.Publish(t.Context(), "[IMEI]/+", nil, false); err == nil {
		t.Fatal("wildcard topic accepted")
	}
}

func TestStatusRetainedAndLastWill(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	p, err := New(e.config(b))
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, p, newMemSource())
	waitConnected(t, p)
	status := imei + "/status"
	obs := observe(t, b.PlainAddr(), status)
	if m := obs.next(t); string(m.Payload()) != "online" || !m.Retained() {
		t.Fatalf("retained status: %q retained=%v", m.Payload(), m.Retained())
	}
	// a dropped connection: the broker publishes the last will, then the
	// publisher reconnects and says online again
	if !b.Kick(imei) {
		t.Fatal("publisher not connected under its IMEI")
	}
	// The broker may also have delivered the connect's "online" live, when
	// our subscription raced its publication: skip that copy.
	m := obs.next(t)
	if string(m.Payload()) == "online" {
		m = obs.next(t)
	}
	if string(m.Payload()) != "offline" {
		t.Fatalf("last will: %q", m.Payload())
	}
	if m := obs.next(t); string(m.Payload()) != "online" {
		t.Fatalf("after reconnect: %q", m.Payload())
	}
	testkit.Eventually(t, "reconnect counted", func() bool { return p.Stats().Reconnects >= 1 })
	// a clean stop leaves "offline" retained
	stop()
	if m := obs.next(t); string(m.Payload()) != "offline" {
		t.Fatalf("on stop: %q", m.Payload())
	}
	late := observe(t, b.PlainAddr(), status)
	if m := late.next(t); string(m.Payload()) != "offline" || !m.Retained() {
		t.Fatalf("retained after stop: %q", m.Payload())
	}
}

func TestReconnectAfterBrokerRestart(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	addr := b.Addr()
	src := newMemSource()
	src.Add("before")
	p, err := New(e.config(b))
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, src)
	testkit.Eventually(t, "first record acked", func() bool { return src.Left() == 0 })
	b.Close()
	testkit.Eventually(t, "disconnect noticed", func() bool { return !p.Stats().Connected })
	for i := range 10 {
		src.Add(fmt.Sprintf("during %d", i))
	}
	b2 := e.startBroker(t, addr)
	obs := observe(t, b2.PlainAddr(), imei+"/logger")
	testkit.Eventually(t, "records sent after restart", func() bool { return src.Left() == 0 })
	seen := map[string]bool{}
	for range 10 {
		seen[string(obs.next(t).Payload())] = true
	}
	for i := range 10 {
		if !seen[fmt.Sprintf("during %d", i)] {
			t.Fatalf("missing record %d: %v", i, seen)
		}
	}
	s := p.Stats()
	if s.Reconnects == 0 || s.LastError == "" {
		t.Fatalf("stats %+v", s)
	}
}
