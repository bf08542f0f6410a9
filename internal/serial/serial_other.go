//go:build !linux

package serial

import (
	"errors"
	"os"
	"sync"
	"time"

	bug "go.bug.st/serial"
)

func open(path string, c Config) (Port, error) {
	if c.RTSCTS {
		return nil, errors.New("RTS/CTS flow control is supported on Linux only")
	}
	m := &bug.Mode{BaudRate: c.Baud, DataBits: c.DataBits, Parity: bug.NoParity, StopBits: bug.OneStopBit}
	switch c.Parity {
	case 'E':
		m.Parity = bug.EvenParity
	case 'O':
		m.Parity = bug.OddParity
	}
	if c.StopBits == 2 {
		m.StopBits = bug.TwoStopBits
	}
	p, err := bug.Open(path, m)
	if err != nil {
		return nil, err
	}
	return &port{Port: p}, nil
}

// port emulates read deadlines with go.bug.st/serial's read timeout.
type port struct {
	bug.Port
	mu       sync.Mutex
	deadline time.Time
}

func (p *port) SetReadDeadline(t time.Time) error {
	p.mu.Lock()
	p.deadline = t
	p.mu.Unlock()
	return nil
}

func (p *port) Read(b []byte) (int, error) {
	p.mu.Lock()
	d := p.deadline
	p.mu.Unlock()
	timeout := bug.NoTimeout
	if !d.IsZero() {
		timeout = time.Until(d)
		if timeout <= 0 {
			return 0, os.ErrDeadlineExceeded
		}
	}
	if err := p.Port.SetReadTimeout(timeout); err != nil {
		return 0, err
	}
	n, err := p.Port.Read(b)
	if n == 0 && err == nil {
		return 0, os.ErrDeadlineExceeded
	}
	return n, err
}
