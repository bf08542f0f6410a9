//go:build linux

package modbus

import (
	"context"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/serial"
	"github.com/creack/pty"
)

// TestRTUOnPTY runs the RTU master on a real line (a pty opened with
// serial.Open, 9600 8N1 as the PLCs of the AN32 example) against a device
// that answers in two bursts, as RS-485 converters do.
func TestRTUOnPTY(t *testing.T) {
	t.Parallel()
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Skip("no pseudo-terminals:", err)
	}
	defer ptm.Close()
	tty := pts.Name()
	pts.Close()
	path, cfg, err := serial.ParseSpec(tty + ":9600,8N1")
	if err != nil {
		t.Fatal(err)
	}
	port, err := serial.Open(path, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	go func() {
		buf := make([]byte, 256)
		for {
			n, err := ptm.Read(buf)
			if err != nil {
				return
			}
			unit, pdu, err := ParseRTU(buf[:n])
			if err != nil || pdu[0] != 3 {
				continue
			}
			// PLC2: registers 10-14 hold 100-104
			resp := AppendRTU(nil, unit, hx("03 0A 00 64 00 65 00 66 00 67 00 68"))
			ptm.Write(resp[:4])
			time.Sleep(5 * time.Millisecond)
			ptm.Write(resp[4:])
		}
	}()
	m := NewRTU(port, cfg.Baud)
	m.Timeout = time.Second
	regs, err := ReadHoldingRegisters(context.Background(), m, 2, 10, 5)
	if err != nil || len(regs) != 5 || regs[0] != 100 || regs[4] != 104 {
		t.Fatalf("PLC2 = %v, %v", regs, err)
	}
}
