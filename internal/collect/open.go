package collect

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/serial"
)

// clientTimeout is the transports' own timeout: long, as the per-attempt
// timeout of each device (Bus.Timeout, Device.Timeout) is what applies.
const clientTimeout = time.Minute

// RTUOpener opens a Modbus RTU master on the serial line at path, at baud
// with the character format ("8N1", "8E1"; "" for 8N1). A bad format is
// reported by every open.
func RTUOpener(path string, baud int, format string) func(ctx context.Context) (modbus.Client, error) {
	return func(ctx context.Context) (modbus.Client, error) {
		spec := "line:" + strconv.Itoa(baud)
		if format != "" {
			spec += "," + format
		}
		_, cfg, err := serial.ParseSpec(spec)
		if err != nil {
			return nil, fmt.Errorf("serial line %s: %w", path, err)
		}
		port, err := serial.Open(path, cfg)
		if err != nil {
			return nil, err
		}
		m := modbus.NewRTU(port, cfg.Baud)
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
func TCPOpener(addr string) func(ctx context.Context) (modbus.Client, error) {
	return func(ctx context.Context) (modbus.Client, error) {
		m := modbus.NewTCP(addr)
		m.Timeout = clientTimeout
		return m, nil
	}
}
