package modbus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// TCP is a Modbus TCP master. It keeps one connection, dialled when first
// needed and again after any error, and sends one request at a time. A
// response with another transaction id (a late answer to a request that
// timed out) is skipped.
type TCP struct {
	// Timeout is how long to wait for a response, and for a connection;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// Dial connects to the address; net.Dialer.DialContext when nil.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)

	addr string
	mu   sync.Mutex
	conn net.Conn
	tid  uint16
	buf  []byte
}

// NewTCP returns a master for the device (or gateway) at addr, host:port;
// port 502 when addr has none.
func NewTCP(addr string) *TCP {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		addr = net.JoinHostPort(addr, "502")
	}
	return &TCP{addr: addr}
}

// Close closes the connection, if any; a later Do dials again.
func (m *TCP) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.reset()
}

func (m *TCP) reset() error {
	if m.conn == nil {
		return nil
	}
	err := m.conn.Close()
	m.conn = nil
	return err
}

// Do sends pdu to unit and returns the response PDU.
func (m *TCP) Do(ctx context.Context, unit byte, pdu []byte) ([]byte, error) {
	if len(pdu) == 0 || len(pdu) > maxPDU {
		return nil, fmt.Errorf("modbus: PDU of %d bytes", len(pdu))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	end := deadline(ctx, m.Timeout)
	fresh := false
	if m.conn == nil {
		if err := m.dial(ctx, end); err != nil {
			return nil, err
		}
		fresh = true
	}
	m.tid++
	m.buf = AppendTCP(m.buf[:0], m.tid, unit, pdu)
	m.conn.SetDeadline(end)
	if _, err := m.conn.Write(m.buf); err != nil {
		m.reset()
		if fresh || ctx.Err() != nil {
			return nil, fmt.Errorf("modbus: write: %w", err)
		}
		// the device may have closed an idle connection: once more
		if err := m.dial(ctx, end); err != nil {
			return nil, err
		}
		m.conn.SetDeadline(end)
		if _, err := m.conn.Write(m.buf); err != nil {
			m.reset()
			return nil, fmt.Errorf("modbus: write: %w", err)
		}
	}
	conn := m.conn
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer stop()
	resp, err := m.read(unit)
	if err != nil {
		m.reset()
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	return resp, nil
}

func (m *TCP) dial(ctx context.Context, end time.Time) error {
	dial := m.Dial
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	dctx, cancel := context.WithDeadline(ctx, end)
	defer cancel()
	c, err := dial(dctx, "tcp", m.addr)
	if err != nil {
		return fmt.Errorf("modbus: %w", err)
	}
	m.conn = c
	return nil
}

// read reads responses until the one to the current transaction.
func (m *TCP) read(unit byte) ([]byte, error) {
	var hdr [MBAPSize]byte
	for {
		if _, err := io.ReadFull(m.conn, hdr[:]); err != nil {
			return nil, ioError(err)
		}
		h, err := ParseMBAP(hdr[:])
		if err != nil {
			return nil, err
		}
		pdu := make([]byte, h.Length-1)
		if _, err := io.ReadFull(m.conn, pdu); err != nil {
			return nil, ioError(err)
		}
		if h.Transaction != m.tid {
			continue
		}
		if h.Unit != unit {
			return nil, fmt.Errorf("%w: %d, asked %d", ErrUnit, h.Unit, unit)
		}
		return pdu, nil
	}
}

func ioError(err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return ErrTimeout
	}
	return fmt.Errorf("modbus: read: %w", err)
}
