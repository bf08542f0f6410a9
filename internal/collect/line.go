package collect

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// ErrNotOpen reports a poll of a device whose bus is not open: its port is
// missing, or its client failed and is being opened again.
var ErrNotOpen = modbus.ErrNotOpen

// line is a Bus at run time: its modbus.Bus, which owns the port, and the
// planners of its devices, which learn the devices' turnaround from it.
type line struct {
	Bus
	plan     modbus.PlanConfig
	mb       *modbus.Bus
	log      *slog.Logger
	planners map[byte][]*modbus.Planner // by unit, for turnaround measurements
}

func newLine(b Bus, log *slog.Logger) (*line, error) {
	switch {
	case b.Name == "":
		return nil, errors.New("bus without a name")
	case b.Open == nil:
		return nil, fmt.Errorf("bus %q: no Open", b.Name)
	case len(b.Devices) == 0:
		return nil, fmt.Errorf("bus %q: no devices", b.Name)
	case b.Timeout < 0 || b.Retries < 0:
		return nil, fmt.Errorf("bus %q: timeout %v, retries %d", b.Name, b.Timeout, b.Retries)
	case b.Baud == 0 && !b.TCP:
		return nil, fmt.Errorf("bus %q: a serial bus needs its baud rate", b.Name)
	}
	l := &line{Bus: b, log: log.With("bus", b.Name), planners: map[byte][]*modbus.Planner{}}
	if l.Timeout == 0 {
		l.Timeout = modbus.DefaultTimeout
	}
	if l.Latency == 0 {
		l.Latency = defaultLatency
	}
	l.plan = modbus.PlanConfig{Baud: b.Baud, BitsPerChar: b.CharBits, Latency: l.Latency, MaxRegisters: b.MaxRegisters, TCP: b.TCP}
	opts := b.Options
	opts.Logger = l.log
	opts.OnAnswer = l.answered
	l.mb = modbus.OpenBus(b.Name, b.Open, opts)
	return l, nil
}

// add puts a device on the bus.
func (l *line) add(d *device) error {
	md := modbus.Device{Name: d.Name, Unit: byte(d.Unit), Timeout: d.Timeout, Retries: l.Retries}
	if md.Timeout == 0 {
		md.Timeout = l.Timeout
	}
	if d.Retries != nil {
		md.Retries = *d.Retries
	}
	if err := l.mb.Add(md); err != nil {
		return err
	}
	l.planners[byte(d.Unit)] = append(l.planners[byte(d.Unit)], d.planner)
	return nil
}

// answered feeds the planners of the unit with the turnaround of a read:
// the time taken less the frames' time.
func (l *line) answered(unit byte, pdu, resp []byte, took time.Duration) {
	fc := pdu[0]
	if len(pdu) != 5 || (fc != modbus.FuncReadHoldingRegisters && fc != modbus.FuncReadInputRegisters) || len(resp) == 0 || resp[0] != fc {
		return
	}
	cfg := l.plan
	cfg.Latency = 0
	lat := took - modbus.RequestCost(modbus.Request{Count: binary.BigEndian.Uint16(pdu[3:])}, cfg)
	for _, p := range l.planners[unit] {
		p.Observe(lat)
	}
}

// run opens the bus and keeps it open until ctx ends (modbus.Bus.Run).
func (l *line) run(ctx context.Context) { l.mb.Run(ctx) }
