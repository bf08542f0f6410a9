//go:build !linux

package at

import (
	"errors"
	"io"

	"go.bug.st/serial"
)

func openSerial(path string, cfg SerialConfig) (io.ReadWriteCloser, error) {
	if cfg.FlowControl {
		return nil, errors.New("RTS/CTS flow control is supported on Linux only")
	}
	return serial.Open(path, &serial.Mode{BaudRate: cfg.Baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
}
