package watchdog

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// endpoint is a TCP listener on loopback that can be closed and opened again
// on the same address, standing in for a server across the cellular link.
type endpoint struct {
	mu   sync.Mutex
	addr string
	ln   net.Listener
}

func (p *endpoint) open(t *testing.T) {
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Error(err)
		return
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	p.mu.Lock()
	p.addr, p.ln = ln.Addr().String(), ln
	p.mu.Unlock()
}

func (p *endpoint) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
}

// TestRegisteredButNoData is the silent failure: the module says it is
// registered with its bearer up, yet nothing is reachable. The network
// layer needs both checks to see it; the re-dial brings traffic back.
func TestRegisteredButNoData(t *testing.T) {
	t.Parallel()
	var ep endpoint
	ep.open(t)
	t.Cleanup(ep.close)
	reach, err := Reachable("tcp:"+ep.addr, 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	var redials atomic.Int32
	w, rec := start(t, Config{Layers: []Layer{{
		Name: "network", Interval: 20 * time.Millisecond, Failures: 3,
		Check: All(Registered(func() (bool, bool, bool) { return true, true, true }), reach),
		Actions: []Action{{Name: "redial", Do: func(context.Context) error {
			redials.Add(1)
			ep.open(t)
			return nil
		}}},
	}}})
	testkit.Eventually(t, "two checks", func() bool { return w.Stats()["network"].Checks >= 2 })
	if s := w.Stats()["network"]; !s.Healthy || s.Checks < 2 {
		t.Fatalf("before the failure: %+v", s)
	}
	ep.close()
	ev := rec.wait(t, EventFailed, "", 5*time.Second)
	if !strings.Contains(ev.Detail, "cannot reach tcp:127.0.0.1:") {
		t.Errorf("detail %q", ev.Detail)
	}
	rec.wait(t, EventAction, "redial", 5*time.Second)
	rec.wait(t, EventRecovered, "", 5*time.Second)
	if n := redials.Load(); n != 1 {
		t.Errorf("%d re-dials", n)
	}
}

func TestRegistered(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		reg, up, want bool
		fail          string
	}{
		{true, true, true, ""},
		{true, false, false, ""}, // no bearer wanted
		{false, false, false, "not registered"},
		{true, false, true, "bearer is down"},
	} {
		err := Registered(func() (bool, bool, bool) { return c.reg, c.up, c.want })(context.Background())
		if c.fail == "" && err != nil || c.fail != "" && (err == nil || !strings.Contains(err.Error(), c.fail)) {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

func TestReachableTargets(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "tcp:", "tcp:host", "icmp:", "icmp:::1", "udp:1.2.3.4:5", "http://example.com"} {
		if _, err := Reachable(bad, time.Second); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := Reachable("tcp:127.0.0.1:1", 0); err == nil {
		t.Error("zero timeout accepted")
	}
	for _, good := range []string{"tcp:127.0.0.1:8883", "tcp:broker.example.com:1883", "icmp:127.0.0.1", "icmp:localhost"} {
		if _, err := Reachable(good, time.Second); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

func TestAllStopsAtTheFirstFailure(t *testing.T) {
	t.Parallel()
	var ran []string
	mk := func(name string, err error) func(context.Context) error {
		return func(context.Context) error { ran = append(ran, name); return err }
	}
	err := All(mk("a", nil), nil, mk("b", errors.New("b down")), mk("c", nil))(context.Background())
	if err == nil || err.Error() != "b down" || strings.Join(ran, "") != "ab" {
		t.Errorf("%v, ran %q", err, ran)
	}
}

func TestICMPEchoToLoopback(t *testing.T) {
	t.Parallel()
	check, err := Reachable("icmp:127.0.0.1", 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	err = check(context.Background())
	if errors.Is(err, ErrPingNotPermitted) {
		t.Skipf("ping sockets not permitted here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
}
