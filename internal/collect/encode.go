package collect

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/record"
)

// TypeModbus is the type of cellgate's JSON records of Modbus readings.
const TypeModbus = "modbus"

// encode makes the record of a poll that started at ts and read regs.
func (c *Collector) encode(d *device, ts time.Time, regs map[uint16]uint16) ([]byte, error) {
	imei := ""
	if c.cfg.IMEI != nil {
		imei = c.cfg.IMEI()
	}
	if c.cfg.Format == FormatJSON {
		r := record.Record{Device: imei, TS: ts.UTC(), Type: TypeModbus, Source: d.Name, Values: d.values(regs)}
		if err := r.Validate(); err != nil {
			return nil, err
		}
		seq, err := c.cfg.Sequencer.Next(imei)
		if err != nil {
			return nil, fmt.Errorf("sequence number: %w", err)
		}
		r.Seq = seq
		return json.Marshal(r)
	}
	t := record.Titan{
		Type: record.TypeModbus, ID: d.ID, TS: ts.In(c.loc), IMEI: imei, P: c.cfg.P,
		A: int(d.Unit), Blocks: d.blocks,
	}
	for _, s := range d.spans {
		for _, v := range span(regs, s) {
			t.V = append(t.V, int(v))
		}
	}
	if c.cfg.Seq {
		seq, err := c.cfg.Sequencer.Next(imei)
		if err != nil {
			return nil, fmt.Errorf("sequence number: %w", err)
		}
		t.Seq, t.HasSeq = seq, true
	}
	format := record.FormatTitan
	if c.cfg.Format == FormatTitanJSON {
		format = record.FormatTitanJSON
	}
	s, err := format(t)
	return []byte(s), err
}

// span gives the registers of r.
func span(regs map[uint16]uint16, r modbus.Range) []uint16 {
	out := make([]uint16, r.Count)
	for i := range out {
		out[i] = regs[r.Start+uint16(i)]
	}
	return out
}

// values gives the JSON values of a poll: one per register, or one per
// block named by its start, with its registers.
func (d *device) values(regs map[uint16]uint16) []record.Value {
	out := make([]record.Value, 0, len(d.spans))
	for i, s := range d.spans {
		raw := span(regs, s)
		if len(d.Registers) == 0 {
			out = append(out, record.Value{Name: strconv.Itoa(int(s.Start)), Value: raw, Raw: raw})
			continue
		}
		out = append(out, d.Registers[i].value(raw))
	}
	return out
}

// value decodes a register's raw registers. A value JSON cannot hold (a
// NaN, an infinity) is null, with its raw registers.
func (r Register) value(raw []uint16) record.Value {
	v := record.Value{Name: r.Name, Unit: r.Unit}
	switch r.Type {
	case modbus.Bool:
		v.Value = modbus.Bit(raw[0], r.Bit)
	case modbus.String:
		v.Value = modbus.DecodeString(raw, r.Order)
	default:
		v.Value = number(raw, r.Type, r.Order, modbus.Scale{Factor: r.Scale, Offset: r.Offset})
	}
	if v.Value == nil {
		v.Raw = raw
	}
	return v
}

// number decodes a number and scales it. Unscaled integers stay integers;
// float32 values are given with the digits a float32 has, and scaled ones
// with 15 significant digits, so that 215 × 0.1 is 21.5.
func number(raw []uint16, t modbus.Type, o modbus.Order, s modbus.Scale) any {
	if s.Offset == 0 && (s.Factor == 0 || s.Factor == 1) {
		x, err := modbus.Decode(raw, t, o)
		if err != nil {
			return nil
		}
		if f, ok := x.(float64); ok {
			return finite(narrow(f, t))
		}
		return x
	}
	f, err := modbus.DecodeFloat(raw, t, o)
	if err != nil {
		return nil
	}
	f, _ = strconv.ParseFloat(strconv.FormatFloat(s.Apply(narrow(f, t)), 'g', 15, 64), 64)
	return finite(f)
}

// narrow is the shortest decimal that reads back as the same float32.
func narrow(f float64, t modbus.Type) float64 {
	if t != modbus.Float32 || math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', -1, 32), 64)
	return f
}

func finite(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}
