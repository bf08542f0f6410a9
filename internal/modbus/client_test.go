package modbus

import (
	"bytes"
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"
)

// rtuDevice answers RTU requests on one end of a pipe: reply returns the
// raw bytes to send for a request frame.
func rtuDevice(t *testing.T, reply func(req []byte) []byte) *RTU {
	t.Helper()
	master, dev := net.Pipe()
	t.Cleanup(func() { master.Close(); dev.Close() })
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := dev.Read(buf)
			if err != nil {
				return
			}
			if out := reply(bytes.Clone(buf[:n])); out != nil {
				if _, err := dev.Write(out); err != nil {
					return
				}
			}
		}
	}()
	m := NewRTU(master, 9600)
	m.Timeout = 300 * time.Millisecond
	return m
}

func TestRTUClient(t *testing.T) {
	t.Parallel()
	var garbage bool
	m := rtuDevice(t, func(req []byte) []byte {
		unit, pdu, err := ParseRTU(req)
		if err != nil {
			return nil
		}
		var out []byte
		if garbage {
			out = []byte{0xFF, 0x00}
		}
		switch {
		case unit == 9:
			return nil // silent device
		case unit == 8:
			f := AppendRTU(nil, unit, hx("03 06 02 2B 00 00 00 64"))
			f[4] ^= 1
			return f
		case unit == 7:
			return AppendRTU(nil, 6, hx("03 06 02 2B 00 00 00 64"))
		case pdu[0] == 3:
			return append(out, AppendRTU(nil, unit, hx("03 06 02 2B 00 00 00 64"))...)
		case pdu[0] == 0x2B: // unknown function: ends at silence
			return AppendRTU(nil, unit, hx("2B 0E 01"))
		}
		return AppendRTU(nil, unit, []byte{pdu[0] | 0x80, 1})
	})
	ctx := context.Background()
	regs, err := ReadHoldingRegisters(ctx, m, 0x11, 0x6B, 3)
	if err != nil || len(regs) != 3 || regs[0] != 555 || regs[2] != 100 {
		t.Fatalf("ReadHoldingRegisters = %v, %v", regs, err)
	}
	var ex *Exception
	if err := WriteRegister(ctx, m, 0x11, 1, 3); !errors.As(err, &ex) || ex.Code != IllegalFunction {
		t.Errorf("exception: %v", err)
	}
	if resp, err := m.Do(ctx, 1, hx("2B 0E 01 00")); err != nil || !bytes.Equal(resp, hx("2B 0E 01")) {
		t.Errorf("frame ended by silence: % X, %v", resp, err)
	}
	start := time.Now()
	if _, err := m.Do(ctx, 9, hx("03 00 00 00 01")); !errors.Is(err, ErrTimeout) {
		t.Errorf("silent device: %v", err)
	}
	if d := time.Since(start); d < 250*time.Millisecond || d > 2*time.Second {
		t.Errorf("timeout after %v", d)
	}
	if _, err := m.Do(ctx, 8, hx("03 00 6B 00 03")); !errors.Is(err, ErrCRC) {
		t.Errorf("bad CRC: %v", err)
	}
	if _, err := m.Do(ctx, 7, hx("03 00 6B 00 03")); !errors.Is(err, ErrUnit) {
		t.Errorf("other unit: %v", err)
	}
	// garbage before the response is read as a bad frame; the next request
	// starts clean
	garbage = true
	if _, err := m.Do(ctx, 1, hx("03 00 6B 00 03")); err == nil {
		t.Error("garbage accepted")
	}
	garbage = false
	if _, err := ReadHoldingRegisters(ctx, m, 1, 0x6B, 3); err != nil {
		t.Errorf("after garbage: %v", err)
	}
	// a broadcast has no response
	m.BroadcastDelay = time.Millisecond
	if resp, err := m.Do(ctx, 0, WriteSingleRegister(1, 1)); err != nil || resp != nil {
		t.Errorf("broadcast: % X, %v", resp, err)
	}
	// cancellation ends the wait
	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(30*time.Millisecond, cancel)
	m.Timeout = 5 * time.Second
	if _, err := m.Do(cctx, 9, hx("03 00 00 00 01")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// tcpServer is a Modbus TCP device on 127.0.0.1 holding 16 registers;
// unit 9 never answers, unit 5 answers first with a stale transaction id.
type tcpServer struct {
	ln    net.Listener
	regs  [16]uint16
	coils [16]bool
	conns atomic.Int32
}

func newTCPServer(t *testing.T) *tcpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &tcpServer{ln: ln}
	for i := range s.regs {
		s.regs[i] = uint16(i * 10)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			go s.serve(c)
		}
	}()
	return s
}

func (s *tcpServer) serve(c net.Conn) {
	defer c.Close()
	hdr := make([]byte, MBAPSize)
	for {
		if _, err := readFull(c, hdr); err != nil {
			return
		}
		h, err := ParseMBAP(hdr)
		if err != nil {
			return
		}
		pdu := make([]byte, h.Length-1)
		if _, err := readFull(c, pdu); err != nil {
			return
		}
		if h.Unit == 9 {
			continue
		}
		if h.Unit == 5 {
			c.Write(AppendTCP(nil, h.Transaction-1, h.Unit, hx("83 04")))
		}
		c.Write(AppendTCP(nil, h.Transaction, h.Unit, s.handle(pdu)))
	}
}

func (s *tcpServer) handle(pdu []byte) []byte {
	a := int(pdu[1])<<8 | int(pdu[2])
	n := int(pdu[3])<<8 | int(pdu[4])
	switch pdu[0] {
	case 3:
		if a+n > len(s.regs) {
			return []byte{0x83, 2}
		}
		return appendRegisters([]byte{3, byte(2 * n)}, s.regs[a:a+n])
	case 1:
		if a+n > len(s.coils) {
			return []byte{0x81, 2}
		}
		return append([]byte{1, byte((n + 7) / 8)}, packBits(s.coils[a:a+n])...)
	case 5:
		s.coils[a] = n == 0xFF00
		return pdu
	case 6:
		s.regs[a] = uint16(n)
		return pdu
	case 15:
		copy(s.coils[a:], unpackBits(pdu[6:], n))
		return pdu[:5]
	case 16:
		copy(s.regs[a:], registers(pdu[6:6+2*n]))
		return pdu[:5]
	}
	return []byte{pdu[0] | 0x80, 1}
}

func readFull(c net.Conn, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k, err := c.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func TestTCPClient(t *testing.T) {
	t.Parallel()
	s := newTCPServer(t)
	m := NewTCP(s.ln.Addr().String())
	m.Timeout = 200 * time.Millisecond
	defer m.Close()
	ctx := context.Background()
	regs, err := ReadHoldingRegisters(ctx, m, 1, 2, 3)
	if err != nil || len(regs) != 3 || regs[0] != 20 || regs[2] != 40 {
		t.Fatalf("read = %v, %v", regs, err)
	}
	if err := WriteRegisters(ctx, m, 1, 4, []uint16{7, 8}); err != nil {
		t.Fatal(err)
	}
	if err := WriteCoils(ctx, m, 1, 1, []bool{true, false, true}); err != nil {
		t.Fatal(err)
	}
	if bits, err := ReadCoils(ctx, m, 1, 0, 4); err != nil || !equalBits(bits, []bool{false, true, false, true}) {
		t.Errorf("coils = %v, %v", bits, err)
	}
	if regs, err := ReadHoldingRegisters(ctx, m, 1, 4, 2); err != nil || regs[0] != 7 || regs[1] != 8 {
		t.Errorf("after write = %v, %v", regs, err)
	}
	var ex *Exception
	if _, err := ReadHoldingRegisters(ctx, m, 1, 15, 2); !errors.As(err, &ex) || ex.Code != IllegalDataAddress {
		t.Errorf("exception: %v", err)
	}
	// a stale transaction is skipped
	if regs, err := ReadHoldingRegisters(ctx, m, 5, 0, 1); err != nil || regs[0] != 0 {
		t.Errorf("stale transaction: %v, %v", regs, err)
	}
	// a timeout drops the connection; the next request reconnects
	if _, err := m.Do(ctx, 9, hx("03 00 00 00 01")); !errors.Is(err, ErrTimeout) {
		t.Errorf("silent unit: %v", err)
	}
	if _, err := ReadHoldingRegisters(ctx, m, 1, 0, 1); err != nil {
		t.Errorf("after reconnect: %v", err)
	}
	if s.conns.Load() != 2 {
		t.Errorf("%d connections, want 2", s.conns.Load())
	}
	if NewTCP("plc.local").addr != "plc.local:502" {
		t.Error("default port")
	}
}

func equalBits(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
