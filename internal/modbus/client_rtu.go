package modbus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// Port is a serial line with read deadlines, as serial.Open returns.
type Port interface {
	io.ReadWriter
	SetReadDeadline(t time.Time) error
}

// RTU is a Modbus RTU master on a serial line. It sends one request at a
// time and waits for the response; the end of a response is known from its
// function code and byte count, or else from silence on the line.
type RTU struct {
	// Timeout is how long to wait for the first byte and the whole
	// response; DefaultTimeout when zero.
	Timeout time.Duration
	// BroadcastDelay is the turnaround delay after a broadcast (unit 0),
	// which has no response; 100 ms when zero.
	BroadcastDelay time.Duration

	port Port
	gap  time.Duration // silence that ends a frame of unknown length
	mu   sync.Mutex
	buf  []byte
}

// minGap is the least silence taken as the end of a frame: USB adapters
// deliver bytes in bursts, so t3.5 of a fast line cannot be seen from here.
const minGap = 20 * time.Millisecond

// NewRTU returns a master on port, whose line runs at baud.
func NewRTU(port Port, baud int) *RTU {
	t35, _ := Silence(baud)
	return &RTU{port: port, gap: max(t35, minGap)}
}

// Do sends pdu to unit and returns the response PDU. Bytes left on the line
// from an earlier exchange are discarded first. A broadcast (unit 0)
// returns nil after the turnaround delay. CRC errors are reported as ErrCRC,
// silence as ErrTimeout and a response from another unit as ErrUnit.
func (m *RTU) Do(ctx context.Context, unit byte, pdu []byte) ([]byte, error) {
	if len(pdu) == 0 || len(pdu) > maxPDU {
		return nil, fmt.Errorf("modbus: PDU of %d bytes", len(pdu))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { m.port.SetReadDeadline(time.Now()) })
	defer stop()

	if err := m.drain(); err != nil {
		return nil, err
	}
	m.buf = AppendRTU(m.buf[:0], unit, pdu)
	if _, err := m.port.Write(m.buf); err != nil {
		return nil, fmt.Errorf("modbus: write: %w", err)
	}
	if unit == 0 {
		d := m.BroadcastDelay
		if d == 0 {
			d = 100 * time.Millisecond
		}
		if !retry.Sleep(ctx, d) {
			return nil, ctx.Err()
		}
		return nil, nil
	}
	frame, err := m.readFrame(ctx)
	if err != nil {
		return nil, err
	}
	u, resp, err := ParseRTU(frame)
	if err != nil {
		return nil, err
	}
	if u != unit {
		return nil, fmt.Errorf("%w: %d, asked %d", ErrUnit, u, unit)
	}
	return append([]byte(nil), resp...), nil
}

// drain discards whatever arrives until the line has been silent for the
// inter-frame gap.
func (m *RTU) drain() error {
	var junk [64]byte
	for {
		m.port.SetReadDeadline(time.Now().Add(m.gap))
		_, err := m.port.Read(junk[:])
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("modbus: read: %w", err)
		}
	}
}

// readFrame reads one response frame.
func (m *RTU) readFrame(ctx context.Context) ([]byte, error) {
	end := deadline(ctx, m.Timeout)
	buf := m.buf[:0]
	var chunk [maxRTUFrame]byte
	for {
		want := rtuFrameLen(buf)
		if want > 0 && len(buf) >= want {
			m.buf = buf
			return buf[:want], nil
		}
		d := end
		if len(buf) > 0 && want < 0 {
			d = time.Now().Add(m.gap) // unknown length: ends at silence
			if d.After(end) {
				d = end
			}
		}
		m.port.SetReadDeadline(d)
		n, err := m.port.Read(chunk[:])
		buf = append(buf, chunk[:n]...)
		if len(buf) > maxRTUFrame {
			return nil, fmt.Errorf("%w: %d bytes without a frame end", ErrResponse, len(buf))
		}
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded):
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr
			}
			if want < 0 && len(buf) > 0 {
				m.buf = buf
				return buf, nil
			}
			if time.Now().Before(end) {
				continue
			}
			if len(buf) == 0 {
				return nil, ErrTimeout
			}
			return nil, fmt.Errorf("%w: %d of %d bytes", ErrTimeout, len(buf), want)
		default:
			return nil, fmt.Errorf("modbus: read: %w", err)
		}
	}
}
