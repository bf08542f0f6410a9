package collect

import (
	"context"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/serial"
)

// clientTimeout is the transports' own timeout: long, as the per-attempt
// timeout of each device (Bus.Timeout, Device.Timeout) is what applies.
const clientTimeout = time.Minute

// RTUOpener opens a Modbus RTU master on the serial line at path with the
// settings line (speed and character format).
func RTUOpener(path string, line serial.Config) modbus.Opener {
	return func(ctx context.Context) (modbus.Client, error) {
		port, err := serial.Open(path, line)
		if err != nil {
			return nil, err
		}
		m := modbus.NewRTU(port, line.Baud)
		m.Timeout = clientTimeout
		return &rtuClient{RTU: m, port: port}, nil
	}
}

// rtuClient is an RTU master that closes its port.
type rtuClient struct {
	*modbus.RTU
	port serial.Port
}

func (c *rtuClient) Close() error { return c.port.Close() }

// TCPOpener makes a Modbus TCP master for addr (host:port, port 502 when
// omitted). It connects when first asked, and again after an error.
func TCPOpener(addr string) modbus.Opener {
	return func(ctx context.Context) (modbus.Client, error) {
		m := modbus.NewTCP(addr)
		m.Timeout = clientTimeout
		return m, nil
	}
}
