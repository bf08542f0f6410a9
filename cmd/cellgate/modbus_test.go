package main

import (
	"encoding/binary"
	"io"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/cellgate/cellgate/internal/modbus"
)

// modbusServer is a Modbus TCP device on 127.0.0.1 with 32 holding
// registers and 16 coils.
type modbusServer struct {
	mu    sync.Mutex
	regs  [32]uint16
	coils [16]bool
	addr  string
}

func newModbusServer(t *testing.T) *modbusServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &modbusServer{addr: ln.Addr().String()}
	// 123456.0 as float32 in CDAB at 10-11
	s.regs[10], s.regs[11] = 0x2000, 0x47F1
	s.regs[12] = 0xFFFE
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *modbusServer) serve(c net.Conn) {
	defer c.Close()
	hdr := make([]byte, modbus.MBAPSize)
	for {
		if _, err := io.ReadFull(c, hdr); err != nil {
			return
		}
		h, err := modbus.ParseMBAP(hdr)
		if err != nil {
			return
		}
		pdu := make([]byte, h.Length-1)
		if _, err := io.ReadFull(c, pdu); err != nil {
			return
		}
		s.mu.Lock()
		resp := s.handle(pdu)
		s.mu.Unlock()
		c.Write(modbus.AppendTCP(nil, h.Transaction, h.Unit, resp))
	}
}

func (s *modbusServer) handle(pdu []byte) []byte {
	a := int(binary.BigEndian.Uint16(pdu[1:]))
	n := int(binary.BigEndian.Uint16(pdu[3:]))
	switch pdu[0] {
	case 1:
		if a+n > len(s.coils) {
			return []byte{0x81, 2}
		}
		out := []byte{1, byte((n + 7) / 8)}
		out = append(out, make([]byte, (n+7)/8)...)
		for i := range n {
			if s.coils[a+i] {
				out[2+i/8] |= 1 << (i % 8)
			}
		}
		return out
	case 3:
		if a+n > len(s.regs) {
			return []byte{0x83, 2}
		}
		out := []byte{3, byte(2 * n)}
		for _, v := range s.regs[a : a+n] {
			out = binary.BigEndian.AppendUint16(out, v)
		}
		return out
	case 5:
		s.coils[a] = n == 0xFF00
		return pdu
	case 6:
		s.regs[a] = uint16(n)
		return pdu
	case 15:
		for i := range n {
			s.coils[a+i] = pdu[6+i/8]&(1<<(i%8)) != 0
		}
		return pdu[:5]
	case 16:
		for i := range n {
			s.regs[a+i] = binary.BigEndian.Uint16(pdu[6+2*i:])
		}
		return pdu[:5]
	}
	return []byte{pdu[0] | 0x80, 1}
}

func TestModbusReadWrite(t *testing.T) {
	s := newModbusServer(t)
	run := func(args ...string) string {
		t.Helper()
		out, err := runCaptured(t, "", append([]string{"modbus"}, append(args, "--tcp", s.addr, "--timeout", "500ms")...)...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return out
	}
	if out := run("write", "--unit", "2", "--register", "0=1,2,0x0300"); out != "ok\n" {
		t.Errorf("write registers: %q", out)
	}
	if out := run("write", "--register", "3=65535"); out != "ok\n" {
		t.Errorf("write register: %q", out)
	}
	if out, want := run("read", "--unit", "2", "--fc", "3", "--start", "0", "--count", "4"), "0\t1\t0x0001\n1\t2\t0x0002\n2\t768\t0x0300\n3\t65535\t0xFFFF\n"; out != want {
		t.Errorf("read registers:\n%s\nwant\n%s", out, want)
	}
	if out, want := run("read", "--start", "10", "--type", "float32", "--order", "CDAB"), "10\t123456\n"; out != want {
		t.Errorf("read float32: %q, want %q", out, want)
	}
	if out, want := run("read", "--start", "12", "--type", "int16"), "12\t-2\n"; out != want {
		t.Errorf("read int16: %q, want %q", out, want)
	}
	run("write", "--coil", "3=1")
	run("write", "--coil", "5=1,0,1")
	if out, want := run("read", "--fc", "1", "--start", "3", "--count", "5"), "3\t1\n4\t0\n5\t1\n6\t0\n7\t1\n"; out != want {
		t.Errorf("read coils: %q, want %q", out, want)
	}

	for _, bad := range [][]string{
		{"read", "--start", "40", "--count", "2"}, // exception 02
		{"read", "--fc", "7", "--start", "0"},     // not a read
		{"read", "--count", "126"},                // too many
		{"write", "--register", "1"},              // no value
		{"write", "--coil", "1=2"},                // not a bit
		{"write", "--coil", "1=1", "--register", "1=1"},
		{"read", "--type", "float16"},
	} {
		args := append([]string{"modbus"}, append(bad, "--tcp", s.addr)...)
		if out, err := runCaptured(t, "", args...); err == nil {
			t.Errorf("%v accepted: %q", bad, out)
		}
	}
	if _, err := runCaptured(t, "", "modbus", "read", "--start", "0", "--tcp", s.addr, "--rtu", "/dev/null"); err == nil {
		t.Error("--tcp and --rtu together accepted")
	}
	out, err := runCaptured(t, "", "modbus", "read", "--start", "40", "--tcp", s.addr)
	if err == nil || !strings.Contains(err.Error(), "illegal data address") {
		t.Errorf("exception: %v %q", err, out)
	}
}
