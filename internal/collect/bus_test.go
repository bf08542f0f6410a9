package collect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/serial"
	"github.com/cellgate/cellgate/internal/simulator/plc"
	"github.com/cellgate/cellgate/internal/testkit"
)

func TestDeadPLCDoesNotStallTheOther(t *testing.T) {
	t.Parallel()
	// Both PLCs on one RS-485 line; PLC1 does not answer.
	s := simulator(t, plc.AN32Map())
	if err := s.StartRTU(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	s.SetFault(1, plc.Fault{Kind: plc.FaultNoAnswer})
	blocks := an32Blocks(t, "PLC1")
	const iv = 400 * time.Millisecond
	log, logs := testLogger(t)
	var got polls
	out := &sink{}
	c, err := New(Config{
		Buses: []Bus{{
			Name: "com1", Open: RTUOpener(s.TTY(), serial.Config{Baud: 9600}), Baud: 9600, CharBits: 10,
			Timeout: 100 * time.Millisecond, Retries: 1, Options: modbus.BusOptions{BackoffMin: 300 * time.Millisecond},
			Devices: []Device{
				{Name: "PLC1", ID: 1, Unit: 1, Interval: iv, Blocks: blocks},
				{Name: "PLC2", ID: 2, Unit: 2, Interval: iv, Blocks: []modbus.Range{{Start: 10, Count: 5}}, Timeout: time.Second},
			},
		}},
		IMEI: func() string { return an32IMEI }, Sink: out.write, Logger: log, OnPoll: got.add,
	})
	if err != nil {
		t.Fatal(err)
	}
	run(t, c, 2100*time.Millisecond)
	p2 := got.of("PLC2")
	if len(p2) < 3 {
		t.Fatalf("PLC2 polled %d times", len(p2))
	}
	checkSlots(t, p2, iv, 1)
	for i, p := range p2 {
		if p.Err != nil {
			t.Errorf("PLC2 poll %d: %v", i, p.Err)
		}
	}
	st := c.Stats()
	if s1 := st["PLC1"]; s1.Records != 0 || s1.Errors < 3 || s1.Timeouts < 3 || s1.Skipped == 0 || !s1.Failing {
		t.Errorf("PLC1 %+v", s1)
	}
	if s2 := st["PLC2"]; s2.Records != len(p2) || s2.Errors != 0 {
		t.Errorf("PLC2 %+v", s2)
	}
	if n := logs.count("modbus poll failed", "device=PLC1"); n != 1 {
		t.Errorf("PLC1's failure logged %d times", n)
	}
	// Once PLC1 answers again (and its backoff is over), it is read again
	// and that is logged once.
	s.ClearFault(1)
	c.cfg.OnPoll = nil
	ctx := context.Background()
	testkit.Eventually(t, "PLC1 to answer a poll again", func() bool { return c.PollNow(ctx, "PLC1") == nil })
	if n := logs.count("modbus poll succeeds again", "device=PLC1"); n != 1 {
		t.Errorf("PLC1's recovery logged %d times", n)
	}
}

func TestMissingPortAppearsLater(t *testing.T) {
	t.Parallel()
	link := filepath.Join(t.TempDir(), "ttyPLC")
	s := simulator(t, plc.AN32Map())
	addr, err := s.ListenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const iv = 200 * time.Millisecond
	log, logs := testLogger(t)
	var got polls
	c, err := New(Config{
		Buses: []Bus{
			{
				Name: "com1", Open: RTUOpener(link, serial.Config{Baud: 9600}), Baud: 9600, Timeout: 200 * time.Millisecond,
				Options: modbus.BusOptions{OpenMin: 20 * time.Millisecond, OpenMax: 100 * time.Millisecond},
				Devices: []Device{{Name: "PLC1", Unit: 1, Interval: iv, Blocks: []modbus.Range{{Start: 10, Count: 3}}}},
			},
			{
				Name: "lan", Open: TCPOpener(addr.String()), TCP: true,
				Options: modbus.BusOptions{OpenMin: 20 * time.Millisecond, OpenMax: 100 * time.Millisecond},
				Devices: []Device{{Name: "PLC2", Unit: 2, Interval: iv, Blocks: []modbus.Range{{Start: 10, Count: 5}}}},
			},
		},
		Sink: (&sink{}).write, Logger: log, OnPoll: got.add,
	})
	if err != nil {
		t.Fatal(err)
	}
	start(t, c)
	// PLC2 is read while PLC1's port is missing.
	testkit.Eventually(t, "PLC2 read while PLC1's port is missing", func() bool {
		return len(got.of("PLC2")) >= 3 && len(got.of("PLC1")) >= 2
	})
	for _, p := range got.of("PLC1") {
		if !errors.Is(p.Err, ErrNotOpen) {
			t.Errorf("PLC1 without its port: %v", p.Err)
		}
	}
	if err := s.StartRTU(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, "PLC1 read once its port is there", func() bool { return c.Stats()["PLC1"].Records > 0 })
	if n := logs.count("level=WARN", "cannot open modbus bus"); n != 1 {
		t.Errorf("the missing port was logged %d times", n)
	}
	if n := logs.count("modbus bus open", "bus=com1"); n != 1 {
		t.Errorf("the opening was logged %d times", n)
	}
	if n := logs.count("modbus poll failed", "device=PLC1"); n != 1 {
		t.Errorf("PLC1's failed polls logged %d times", n)
	}
}

func TestOpenIsRetriedWithBackoff(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var attempts []time.Time
	f := &fakeClient{}
	open := func(ctx context.Context) (modbus.Client, error) {
		mu.Lock()
		defer mu.Unlock()
		attempts = append(attempts, time.Now())
		if len(attempts) <= 4 {
			return nil, fmt.Errorf("open /dev/ttyUSB0: no such file or directory")
		}
		return f, nil
	}
	out := &sink{}
	c, err := New(Config{Buses: []Bus{{Name: "usb", Open: open, TCP: true, Options: modbus.BusOptions{OpenMin: 40 * time.Millisecond, OpenMax: 100 * time.Millisecond}, Devices: []Device{
		{Name: "meter", Unit: 1, Interval: 50 * time.Millisecond, Blocks: []modbus.Range{{Start: 0, Count: 2}}},
	}}}, Sink: out.write})
	if err != nil {
		t.Fatal(err)
	}
	start(t, c)
	testkit.Eventually(t, "a record once the port opens", func() bool { return len(out.records()) > 0 })
	mu.Lock()
	defer mu.Unlock()
	if len(attempts) != 5 {
		t.Fatalf("%d attempts", len(attempts))
	}
	for i, want := range []time.Duration{40, 80, 100, 100} {
		want *= time.Millisecond
		if d := attempts[i+1].Sub(attempts[i]); d < want || d > want+300*time.Millisecond {
			t.Errorf("attempt %d came %v after the previous one, want %v", i+2, d, want)
		}
	}
}

func TestFailedClientIsReplaced(t *testing.T) {
	t.Parallel()
	// The first client fails at its third request, as a USB adapter pulled
	// out does; the bus is opened again and polls go on.
	var mu sync.Mutex
	var clients []*fakeClient
	open := func(ctx context.Context) (modbus.Client, error) {
		mu.Lock()
		defer mu.Unlock()
		f := &fakeClient{}
		if len(clients) == 0 {
			f.fail = func(call int64) error {
				if call >= 3 {
					return fmt.Errorf("%w", errGone)
				}
				return nil
			}
		}
		clients = append(clients, f)
		return f, nil
	}
	log, logs := testLogger(t)
	out := &sink{}
	c, err := New(Config{Buses: []Bus{{Name: "usb", Open: open, TCP: true, Options: modbus.BusOptions{OpenMin: 10 * time.Millisecond}, Devices: []Device{
		{Name: "meter", Unit: 1, Interval: 50 * time.Millisecond, Blocks: []modbus.Range{{Start: 0, Count: 2}}},
	}}}, Sink: out.write, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	stop := start(t, c)
	testkit.Eventually(t, "records after the client failed", func() bool { return len(out.records()) >= 5 })
	stop()
	mu.Lock()
	defer mu.Unlock()
	if len(clients) != 2 || !clients[0].closed.Load() || !clients[1].closed.Load() {
		t.Errorf("%d clients", len(clients))
	}
	if n := logs.count("modbus bus failed"); n != 1 {
		t.Errorf("the failure logged %d times", n)
	}
	if st := c.Stats()["meter"]; st.Errors != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestUnreachableTCPDevice(t *testing.T) {
	t.Parallel()
	// Nothing listens there: every connection is refused, which is logged
	// once, as the device's failure.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	log, logs := testLogger(t)
	var got polls
	c, err := New(Config{Buses: []Bus{{Name: "lan", Open: TCPOpener(addr), TCP: true, Options: modbus.BusOptions{OpenMin: 20 * time.Millisecond}, Devices: []Device{
		{Name: "PLC2", Unit: 2, Interval: 100 * time.Millisecond, Blocks: []modbus.Range{{Start: 10, Count: 5}}},
	}}}, Sink: (&sink{}).write, Logger: log, OnPoll: got.add})
	if err != nil {
		t.Fatal(err)
	}
	run(t, c, 800*time.Millisecond)
	if st := c.Stats()["PLC2"]; st.Errors < 3 || st.Records != 0 {
		t.Errorf("stats %+v", st)
	}
	if n := logs.count("level=WARN"); n != 1 || logs.count("modbus poll failed") != 1 {
		t.Errorf("%d warnings", n)
	}
}
