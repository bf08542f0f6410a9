// Package serial opens serial lines (UARTs, USB serial adapters, RS-485
// converters and pseudo-terminals) in raw mode with a given speed and
// character format, and parses line specifications such as
// "/dev/ttyUSB0:9600,8N1".
//
// On Linux the line is configured with termios directly and the file stays
// in Go's poller, so read deadlines work and Close unblocks a pending Read.
// Elsewhere go.bug.st/serial is used and deadlines are emulated with its
// read timeout.
package serial

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Config is a serial line's speed and character format.
type Config struct {
	Baud     int  // bits per second
	DataBits int  // 5 to 8; 8 when zero
	Parity   byte // 'N' (none), 'E' (even) or 'O' (odd); 'N' when zero
	StopBits int  // 1 or 2; 1 when zero
	RTSCTS   bool // hardware flow control (Linux only)
}

// Port is an open serial line.
type Port interface {
	io.ReadWriteCloser
	// SetReadDeadline makes a Read past t fail with an error that
	// satisfies errors.Is(err, os.ErrDeadlineExceeded); zero means none.
	SetReadDeadline(t time.Time) error
}

// normalize fills in defaults and checks the settings.
func (c Config) normalize() (Config, error) {
	if c.DataBits == 0 {
		c.DataBits = 8
	}
	if c.Parity == 0 {
		c.Parity = 'N'
	}
	if c.StopBits == 0 {
		c.StopBits = 1
	}
	switch {
	case c.Baud <= 0:
		return c, fmt.Errorf("invalid baud rate %d", c.Baud)
	case c.DataBits < 5 || c.DataBits > 8:
		return c, fmt.Errorf("invalid data bits %d", c.DataBits)
	case c.Parity != 'N' && c.Parity != 'E' && c.Parity != 'O':
		return c, fmt.Errorf("invalid parity %q", c.Parity)
	case c.StopBits != 1 && c.StopBits != 2:
		return c, fmt.Errorf("invalid stop bits %d", c.StopBits)
	}
	return c, nil
}

// String formats c as ParseSpec reads it, e.g. "9600,8N1".
func (c Config) String() string {
	c, _ = c.normalize()
	s := fmt.Sprintf("%d,%d%c%d", c.Baud, c.DataBits, c.Parity, c.StopBits)
	if c.RTSCTS {
		s += ",rtscts"
	}
	return s
}

// Open opens the serial device at path in raw mode with the settings c.
func Open(path string, c Config) (Port, error) {
	c, err := c.normalize()
	if err != nil {
		return nil, fmt.Errorf("serial: %s: %w", path, err)
	}
	p, err := open(path, c)
	if err != nil {
		return nil, fmt.Errorf("serial: open %s: %w", path, err)
	}
	return p, nil
}

// DefaultConfig is the line format ParseSpec assumes when a specification
// gives only a path: 9600 baud, 8 data bits, no parity, one stop bit.
var DefaultConfig = Config{Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}

// ParseSpec splits a line specification PATH[:BAUD[,FORMAT][,rtscts]] into
// the device path and its settings, e.g. "/dev/ttyUSB0:19200,8E1". FORMAT is
// data bits, parity (N, E or O) and stop bits. Missing parts are taken from
// DefaultConfig. A path whose last colon is not followed by a baud rate (as
// in /dev/serial/by-path names) is taken whole.
func ParseSpec(spec string) (path string, c Config, err error) {
	c = DefaultConfig
	i := strings.LastIndexByte(spec, ':')
	if i < 0 {
		return spec, c, checkPath(spec)
	}
	path, opts := spec[:i], strings.Split(spec[i+1:], ",")
	baud, err := strconv.Atoi(opts[0])
	if err != nil {
		if opts[0] != "" && opts[0][0] >= '0' && opts[0][0] <= '9' && len(opts) > 1 {
			return "", c, fmt.Errorf("serial: %q: invalid baud rate %q", spec, opts[0])
		}
		return spec, DefaultConfig, checkPath(spec)
	}
	if baud <= 0 {
		return "", c, fmt.Errorf("serial: %q: invalid baud rate %d", spec, baud)
	}
	c.Baud = baud
	for _, o := range opts[1:] {
		switch {
		case strings.EqualFold(o, "rtscts"):
			c.RTSCTS = true
		case len(o) == 3:
			c.DataBits = int(o[0] - '0')
			c.Parity = strings.ToUpper(o[1:2])[0]
			c.StopBits = int(o[2] - '0')
		default:
			return "", c, fmt.Errorf("serial: %q: invalid option %q", spec, o)
		}
	}
	if c, err = c.normalize(); err != nil {
		return "", c, fmt.Errorf("serial: %q: %w", spec, err)
	}
	return path, c, checkPath(path)
}

func checkPath(p string) error {
	if p == "" {
		return fmt.Errorf("serial: empty device path")
	}
	return nil
}
