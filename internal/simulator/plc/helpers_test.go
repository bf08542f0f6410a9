package plc

import (
	"context"
	"encoding/hex"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// bitsOf unpacks n bits from bytes, LSB first, as block values.
func bitsOf(n int, b ...byte) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(b[i/8] >> (i % 8) & 1)
	}
	return out
}

// specMap holds the Application Protocol's examples (unit 1), constants
// for exact comparison (unit 2, PLC2 of AN32 with the values of its JSON
// example) and a few live values (unit 3).
func specMap(t testing.TB) *Map {
	t.Helper()
	m, err := NewMap(MapSpec{Units: []UnitSpec{
		{
			ID:             1,
			Coils:          []Block{{Addr: 19, Values: bitsOf(19, 0xCD, 0x6B, 0x05)}, {Addr: 172}},
			DiscreteInputs: []Block{{Addr: 196, Values: bitsOf(22, 0xAC, 0xDB, 0x35)}},
			InputRegisters: []Block{{Addr: 8, Value: 10}},
			HoldingRegisters: []Block{
				{Addr: 1, Values: []float64{0, 0, 0xFE, 0xACD, 1, 3, 0xD, 0xFF}},
				{Addr: 14, Count: 3},
				{Addr: 107, Values: []float64{555, 0, 100}},
			},
		},
		{ID: 2, HoldingRegisters: []Block{{Addr: 10, Values: []float64{10, 11, 12, 0, 0}}}},
		{
			ID: 3,
			HoldingRegisters: []Block{
				{Addr: 0, Kind: "counter", Start: 7, Period: Duration(time.Second)},
				{Addr: 1, Type: "float32", Value: 21.5},
				{Addr: 3, Type: "float32", Order: "ABCD", Value: 21.5},
				{Addr: 5, Type: "int16", Value: -2},
				{Addr: 6, Kind: "sine", Min: 100, Max: 200, Period: Duration(4 * time.Second)},
				{Addr: 7, Kind: "ramp", Min: 0, Max: 100, Period: Duration(10 * time.Second)},
				{Addr: 8, Type: "uint32", Kind: "counter", Start: 0x1FFFF, Period: Duration(time.Second)},
			},
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// hx parses "01 03 00 6B" into bytes.
func hx(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rtuPipe serves RTU on one end of a pipe and gives the other.
func rtuPipe(t *testing.T, s *Server) net.Conn {
	t.Helper()
	a, b := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeRTU(ctx, a) }()
	t.Cleanup(func() {
		cancel()
		<-done
		a.Close()
		b.Close()
		s.Close()
	})
	return b
}

// exchange writes a request and reads n bytes of response.
func exchange(t *testing.T, c net.Conn, req []byte, n int) []byte {
	t.Helper()
	if _, err := c.Write(req); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	resp := make([]byte, n)
	if _, err := io.ReadFull(c, resp); err != nil {
		t.Fatalf("% X: %v (got % X)", req, err, resp)
	}
	return resp
}

// silent checks that nothing comes within d.
func silent(t *testing.T, c net.Conn, d time.Duration) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	b := make([]byte, 64)
	if n, err := c.Read(b); err == nil {
		t.Fatalf("unexpected % X", b[:n])
	}
}

// rtu builds a request frame.
func rtu(t testing.TB, unit byte, pdu string) []byte { return modbus.AppendRTU(nil, unit, hx(t, pdu)) }
