package plc

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

func TestFaultsRTU(t *testing.T) {
	t.Parallel()
	s := New(specMap(t), Config{Baud: 9600})
	c := rtuPipe(t, s)
	req := rtu(t, 2, "03 000A 0002")
	good := rtu(t, 2, "03 04 000A 000B")

	s.SetFault(2, Fault{Kind: FaultNoAnswer, Count: 1})
	c.Write(req)
	silent(t, c, 60*time.Millisecond)
	if got := exchange(t, c, req, len(good)); !bytes.Equal(got, good) {
		t.Errorf("after no answer: % X", got)
	}

	s.SetFault(2, Fault{Kind: FaultException, Code: modbus.ServerDeviceFailure})
	for range 2 {
		want := rtu(t, 2, "83 04")
		if got := exchange(t, c, req, len(want)); !bytes.Equal(got, want) {
			t.Errorf("exception: % X", got)
		}
	}
	// Other units are not affected.
	if got := exchange(t, c, rtu(t, 1, "04 0008 0001"), 7); !bytes.Equal(got, rtu(t, 1, "04 02 000A")) {
		t.Errorf("unit 1: % X", got)
	}
	s.ClearFault(2)

	s.SetFault(2, Fault{Kind: FaultBadCRC, Count: 1})
	got := exchange(t, c, req, len(good))
	if !bytes.Equal(got[:7], good[:7]) || bytes.Equal(got, good) {
		t.Errorf("bad CRC: % X", got)
	}
	if _, _, err := modbus.ParseRTU(got); err == nil {
		t.Error("bad CRC passes")
	}

	s.SetFault(2, Fault{Kind: FaultPartial, Count: 1})
	if got := exchange(t, c, req, len(good)/2); !bytes.Equal(got, good[:len(good)/2]) {
		t.Errorf("partial: % X", got)
	}
	silent(t, c, 50*time.Millisecond)

	s.SetFault(2, Fault{Kind: FaultSlowBytes, Count: 1})
	_, t15 := modbus.Silence(9600)
	c.Write(req)
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	var stamps []time.Time
	var resp []byte
	for len(resp) < len(good) {
		b := make([]byte, 16)
		n, err := c.Read(b)
		if err != nil {
			t.Fatal(err)
		}
		resp = append(resp, b[:n]...)
		stamps = append(stamps, time.Now())
	}
	if !bytes.Equal(resp, good) || len(stamps) != len(good) {
		t.Errorf("slow bytes: % X in %d reads", resp, len(stamps))
	}
	for i := 1; i < len(stamps); i++ {
		if d := stamps[i].Sub(stamps[i-1]); d < t15 {
			t.Errorf("gap %d: %v <= t1.5 %v", i, d, t15)
		}
	}

	s.SetFault(2, Busy(2))
	for range 2 {
		want := rtu(t, 2, "83 06")
		if got := exchange(t, c, req, len(want)); !bytes.Equal(got, want) {
			t.Errorf("busy: % X", got)
		}
	}
	if got := exchange(t, c, req, len(good)); !bytes.Equal(got, good) {
		t.Errorf("after busy: % X", got)
	}
	// A busy unit does not execute the write.
	s.SetFault(2, Busy(1))
	exchange(t, c, rtu(t, 2, "06 000A 0063"), 5)
	if got := exchange(t, c, req, len(good)); !bytes.Equal(got, good) {
		t.Errorf("busy write executed: % X", got)
	}

	var kinds []FaultKind
	for _, r := range s.Requests() {
		kinds = append(kinds, r.Fault)
	}
	want := []FaultKind{FaultNoAnswer, NoFault, FaultException, FaultException, NoFault, FaultBadCRC, FaultPartial,
		FaultSlowBytes, FaultBusy, FaultBusy, NoFault, FaultBusy, NoFault}
	if len(kinds) != len(want) {
		t.Fatalf("faults %v", kinds)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("request %d: %v, want %v", i, kinds[i], want[i])
		}
	}
	r := s.Requests()
	if r[0].Replied || r[8].Exception != modbus.ServerDeviceBusy {
		t.Errorf("log %+v", r)
	}
}

func TestFaultsTCP(t *testing.T) {
	t.Parallel()
	s, addr := tcpServer(t, Config{})
	c := dial(t, addr)
	s.SetFault(2, Busy(1))
	if _, got := tcpExchange(t, c, 7, 2, hx(t, "03 000A 0001")); !bytes.Equal(got, hx(t, "83 06")) {
		t.Errorf("busy: % X", got)
	}
	s.SetFault(2, Fault{Kind: FaultNoAnswer, Count: 1})
	c.Write(modbus.AppendTCP(nil, 8, 2, hx(t, "03 000A 0001")))
	c.SetReadDeadline(time.Now().Add(60 * time.Millisecond))
	if n, err := c.Read(make([]byte, 16)); err == nil {
		t.Errorf("no answer: %d bytes", n)
	}
	if h, got := tcpExchange(t, c, 9, 2, hx(t, "03 000A 0001")); h.Transaction != 9 || !bytes.Equal(got, hx(t, "03 02 000A")) {
		t.Errorf("after no answer: %+v % X", h, got)
	}
	s.SetFault(2, Fault{Kind: FaultPartial, Count: 1})
	c.Write(modbus.AppendTCP(nil, 10, 2, hx(t, "03 000A 0001")))
	c.SetReadDeadline(time.Now().Add(time.Second))
	b, err := io.ReadAll(c)
	if err != nil || len(b) != 5 {
		t.Errorf("partial: % X %v", b, err)
	}
}
