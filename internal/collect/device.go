package collect

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/record"
)

// defaultLatency is the planner's first estimate of a device's turnaround.
const defaultLatency = 20 * time.Millisecond

// device is a Device ready to poll.
type device struct {
	Device
	line    *line
	fc      byte
	spans   []modbus.Range // the values of a record, in order: blocks or registers
	need    []modbus.Range // spans merged: what is read
	blocks  []record.Block // Titan blocks: spans, contiguous ones merged
	planner *modbus.Planner
	log     *slog.Logger

	pollMu sync.Mutex // one poll of a device at a time
	mu     sync.Mutex
	stats  DeviceStats
	state  pollState
}

// newDevice checks d and plans its reads.
func newDevice(d Device, l *line) (*device, error) {
	switch {
	case d.Name == "":
		return nil, errors.New("device without a name")
	case d.Interval <= 0:
		return nil, fmt.Errorf("device %q: interval %v", d.Name, d.Interval)
	case d.Timeout < 0:
		return nil, fmt.Errorf("device %q: timeout %v", d.Name, d.Timeout)
	case (d.Unit == 0 || d.Unit > 247) && !l.TCP:
		return nil, fmt.Errorf("device %q: unit %d on a serial line (want 1 to 247)", d.Name, d.Unit)
	case d.Unit < 0 || d.Unit > 247:
		return nil, fmt.Errorf("device %q: unit %d (want 0 to 247)", d.Name, d.Unit)
	case d.Function != Holding && d.Function != Input:
		return nil, fmt.Errorf("device %q: function %v", d.Name, d.Function)
	case d.Retries != nil && *d.Retries < 0:
		return nil, fmt.Errorf("device %q: retries %d", d.Name, *d.Retries)
	}
	blocks, err := d.TitanBlocks()
	switch {
	case err != nil:
		return nil, fmt.Errorf("device %q: %w", d.Name, err)
	case len(blocks) > 0 && len(d.Registers) > 0:
		return nil, fmt.Errorf("device %q: both blocks and registers", d.Name)
	case len(blocks) == 0 && len(d.Registers) == 0:
		return nil, fmt.Errorf("device %q: no blocks or registers", d.Name)
	}
	dev := &device{Device: d, line: l, fc: d.Function.code()}
	dev.Blocks = slices.Clone(blocks)
	dev.Registers = slices.Clone(d.Registers)
	for _, b := range dev.Blocks {
		if b.Count == 0 || b.End() > 65536 {
			return nil, fmt.Errorf("device %q: block %v", d.Name, b)
		}
		dev.spans = append(dev.spans, b)
	}
	names := map[string]bool{}
	for _, r := range d.Registers {
		n, err := r.registers()
		if err != nil {
			return nil, fmt.Errorf("device %q: %w", d.Name, err)
		}
		if names[r.Name] {
			return nil, fmt.Errorf("device %q: register %q twice", d.Name, r.Name)
		}
		names[r.Name] = true
		dev.spans = append(dev.spans, modbus.Range{Start: uint16(r.Address), Count: uint16(n)})
	}
	dev.need = merge(dev.spans)
	if len(dev.Blocks) > 0 {
		for _, b := range dev.Blocks {
			dev.blocks = append(dev.blocks, record.Block{Start: int(b.Start), Count: int(b.Count)})
		}
	} else {
		dev.blocks = titanBlocks(dev.spans)
	}
	p, err := modbus.NewPlanner(dev.need, l.plan)
	if err != nil {
		return nil, fmt.Errorf("device %q: %w", d.Name, err)
	}
	dev.planner = p
	return dev, nil
}

// registers checks r and gives the number of registers it takes.
func (r Register) registers() (int, error) {
	n := 0
	switch {
	case r.Name == "":
		return 0, fmt.Errorf("register at %d without a name", r.Address)
	case r.Order < modbus.ABCD || r.Order > modbus.DCBA:
		return 0, fmt.Errorf("register %q: order %d", r.Name, int(r.Order))
	case r.Type == modbus.Bool && (r.Bit < 0 || r.Bit > 15):
		return 0, fmt.Errorf("register %q: bit %d (want 0 to 15)", r.Name, r.Bit)
	case r.Type == modbus.Bool:
		n = 1
	case r.Type == modbus.String && r.Count < 1:
		return 0, fmt.Errorf("register %q: a string of %d registers", r.Name, r.Count)
	case r.Type == modbus.String:
		n = r.Count
	case !r.Type.IsNumber():
		return 0, fmt.Errorf("register %q: type %d", r.Name, int(r.Type))
	default:
		n = r.Type.Registers()
	}
	if r.Address < 0 || r.Address+n > 65536 {
		return 0, fmt.Errorf("register %q: %d registers from %d run past 65535", r.Name, n, r.Address)
	}
	return n, nil
}

// merge sorts ranges and merges the overlapping and adjacent ones.
func merge(rs []modbus.Range) []modbus.Range {
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b modbus.Range) int { return int(a.Start) - int(b.Start) })
	var out []modbus.Range
	for _, r := range s {
		if n := len(out); n > 0 && int(r.Start) <= out[n-1].End() && max(r.End(), out[n-1].End())-int(out[n-1].Start) <= 65535 {
			out[n-1].Count = uint16(max(r.End(), out[n-1].End()) - int(out[n-1].Start))
			continue
		}
		out = append(out, r)
	}
	return out
}

// titanBlocks gives the Titan blocks of typed registers' spans, in their
// order, a span that starts where the previous one ends joining it: the
// values, span after span, are the same.
func titanBlocks(spans []modbus.Range) []record.Block {
	var out []record.Block
	for _, s := range spans {
		if n := len(out); n > 0 && out[n-1].Start+out[n-1].Count == int(s.Start) {
			out[n-1].Count += int(s.Count)
			continue
		}
		out = append(out, record.Block{Start: int(s.Start), Count: int(s.Count)})
	}
	return out
}
