package plc

import (
	"bytes"
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

func tcpServer(t *testing.T, cfg Config) (*Server, string) {
	t.Helper()
	s := New(specMap(t), cfg)
	t.Cleanup(func() { s.Close() })
	addr, err := s.ListenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return s, addr.String()
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// tcpExchange sends a request and reads the whole response.
func tcpExchange(t *testing.T, c net.Conn, tid uint16, unit byte, pdu []byte) (modbus.MBAP, []byte) {
	t.Helper()
	if _, err := c.Write(modbus.AppendTCP(nil, tid, unit, pdu)); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	hdr := make([]byte, modbus.MBAPSize)
	if _, err := io.ReadFull(c, hdr); err != nil {
		t.Fatal(err)
	}
	h, err := modbus.ParseMBAP(hdr)
	if err != nil {
		t.Fatal(err)
	}
	resp := make([]byte, h.Length-1)
	if _, err := io.ReadFull(c, resp); err != nil {
		t.Fatal(err)
	}
	return h, resp
}

func TestTCP(t *testing.T) {
	t.Parallel()
	s, addr := tcpServer(t, Config{})
	c := dial(t, addr)
	for i, x := range []struct {
		unit      byte
		req, resp string
	}{
		{1, "03 006B 0003", "03 06 022B 0000 0064"},
		{2, "03 000A 0005", "03 0A 000A 000B 000C 0000 0000"},
		{2, "06 000C 0063", "06 000C 0063"},
		{2, "03 000C 0001", "03 02 0063"},
		{2, "03 0009 0001", "83 02"},
		{9, "03 000A 0001", "83 0B"},
	} {
		tid := uint16(0x1200 + i)
		h, got := tcpExchange(t, c, tid, x.unit, hx(t, x.req))
		if h.Transaction != tid || h.Unit != x.unit || !bytes.Equal(got, hx(t, x.resp)) {
			t.Errorf("%d %s: %+v % X", x.unit, x.req, h, got)
		}
	}
	r := s.Requests()
	if len(r) != 6 || r[0].Transport != "tcp" || r[0].In != 12 || r[0].Out != 15 {
		t.Errorf("log %+v", r)
	}
	// A header that is not Modbus drops the connection.
	c.Write([]byte{0, 1, 0, 5, 0, 6, 1, 3, 0, 10, 0, 1})
	c.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Errorf("after protocol 5: %v", err)
	}
}

func TestTCPTwoClients(t *testing.T) {
	t.Parallel()
	s, addr := tcpServer(t, Config{Latency: 5 * time.Millisecond})
	var wg sync.WaitGroup
	for k := range 2 {
		c := dial(t, addr)
		wg.Go(func() {
			for i := range 20 {
				tid := uint16(k*1000 + i)
				h, got := tcpExchange(t, c, tid, 2, hx(t, "03 000A 0002"))
				if h.Transaction != tid || !bytes.Equal(got, hx(t, "03 04 000A 000B")) {
					t.Errorf("client %d: %+v % X", k, h, got)
				}
			}
		})
	}
	wg.Wait()
	if st := s.Stats(); st.Requests != 40 || st.Replies != 40 {
		t.Errorf("stats %+v", st)
	}
}

// Close ends the listeners and the connections and waits for them.
func TestTCPClose(t *testing.T) {
	t.Parallel()
	s, addr := tcpServer(t, Config{})
	c := dial(t, addr)
	tcpExchange(t, c, 1, 2, hx(t, "03 000A 0001"))
	s.Close()
	c.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("connection still open")
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("still listening")
	}
}
