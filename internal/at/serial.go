package at

import (
	"context"
	"fmt"
	"io"

	"github.com/cellgate/cellgate/internal/serial"
)

// SerialConfig describes a modem's serial line: always 8 data bits, no
// parity, one stop bit (8N1), as modules expect (guide 3.2.1).
type SerialConfig struct {
	Baud        int  // 115200 when zero
	FlowControl bool // RTS/CTS hardware flow control (AT+IFC=2,2)
}

// SerialOpener returns an Opener for the serial device at path.
func SerialOpener(path string, cfg SerialConfig) Opener {
	return func(context.Context) (io.ReadWriteCloser, error) {
		return OpenSerial(path, cfg)
	}
}

// OpenSerial opens a serial device (a UART, a USB serial port, or a pty) in
// raw mode with the given settings.
func OpenSerial(path string, cfg SerialConfig) (io.ReadWriteCloser, error) {
	if cfg.Baud == 0 {
		cfg.Baud = 115200
	}
	port, err := serial.Open(path, serial.Config{Baud: cfg.Baud, DataBits: 8, Parity: 'N', StopBits: 1, RTSCTS: cfg.FlowControl})
	if err != nil {
		return nil, fmt.Errorf("at: %w", err)
	}
	return port, nil
}
