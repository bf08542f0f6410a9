package collect

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/simulator/plc"
)

// typedSim serves unit 2 with constants over TCP: a counter, a temperature
// in tenths (-20.0 °C), a mode word, a float32 (CDAB), a float32 NaN and a
// string.
func typedSim(t *testing.T) string {
	t.Helper()
	m, err := plc.NewMap(plc.MapSpec{Units: []plc.UnitSpec{{ID: 2, HoldingRegisters: []plc.Block{
		{Addr: 10, Values: []float64{10, 0xFF38, 12}},
		{Addr: 13, Type: "float32", Value: 21.7},
		{Addr: 15, Values: []float64{0, 0x7FC0}},
		{Addr: 20, Values: []float64{0x4347, 0x2D30, 0x3100}},
	}}}})
	if err != nil {
		t.Fatal(err)
	}
	s := simulator(t, m)
	addr, err := s.ListenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return addr.String()
}

var typedRegisters = []Register{
	{Name: "batch", Address: 10, Type: modbus.Uint16},
	{Name: "temperature", Address: 11, Type: modbus.Int16, Scale: 0.1, Unit: "°C"},
	{Name: "mode", Address: 12},
	{Name: "level", Address: 13, Type: modbus.Float32, Order: modbus.CDAB, Unit: "%"},
	{Name: "broken", Address: 15, Type: modbus.Float32, Order: modbus.CDAB},
	{Name: "auto", Address: 12, Type: modbus.Bool, Bit: 2},
	{Name: "tag", Address: 20, Type: modbus.String, Count: 3},
}

func typedCollector(t *testing.T, addr string, f Format, out *sink) *Collector {
	t.Helper()
	c, err := New(Config{
		Buses: []Bus{{Name: "lan", Open: TCPOpener(addr), TCP: true, Devices: []Device{
			{Name: "PLC2", ID: 2, Unit: 2, Interval: time.Minute, Registers: typedRegisters},
		}}},
		Format: f, P: "12345678", IMEI: func() string { return an32IMEI }, Sequencer: sequencer(t), Seq: true,
		Sink: out.write, Now: func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTypedRegistersJSON(t *testing.T) {
	t.Parallel()
	addr := typedSim(t)
	out := &sink{}
	c := typedCollector(t, addr, FormatJSON, out)
	for range 2 {
		if err := c.PollNow(context.Background(), "PLC2"); err != nil {
			t.Fatal(err)
		}
	}
	recs := out.records()
	var r record.Record
	if err := json.Unmarshal([]byte(recs[1]), &r); err != nil {
		t.Fatal(err)
	}
	if r.Seq != 2 || r.Source != "PLC2" || r.Device != an32IMEI {
		t.Errorf("record %+v", r)
	}
	want := []record.Value{
		{Name: "batch", Value: 10.0},
		{Name: "temperature", Value: -20.0, Unit: "°C"},
		{Name: "mode", Value: 12.0},
		{Name: "level", Value: 21.7, Unit: "%"},
		{Name: "broken", Value: nil, Raw: []uint16{0, 0x7FC0}},
		{Name: "auto", Value: true},
		{Name: "tag", Value: "CG-01"},
	}
	if !reflect.DeepEqual(r.Values, want) {
		t.Errorf("values\n got %+v\nwant %+v\n%s", r.Values, want, recs[1])
	}
}

func TestTypedRegistersTitan(t *testing.T) {
	t.Parallel()
	addr := typedSim(t)
	out := &sink{}
	c := typedCollector(t, addr, FormatTitan, out)
	if err := c.PollNow(context.Background(), "PLC2"); err != nil {
		t.Fatal(err)
	}
	// Registers 10 to 16 follow each other and make one block; the bit
	// and the string are blocks of their own. V holds each register's raw
	// registers, in the order of the definitions.
	want := "{TYPE:MODB,ID:2,TS:01/03/2025 12:00:00,IMEI:357044060009633,P:12345678,A:2," +
		"STX:[10,12,20],NX:[7,1,3],PX:[0,7,8],V:[10,65336,12,39322,16813,0,32704,12,17223,11568,12544],SEQ:1}"
	if got := out.records(); len(got) != 1 || got[0] != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

func TestNumber(t *testing.T) {
	t.Parallel()
	f32 := func(f float32) []uint16 {
		b := math.Float32bits(f)
		return []uint16{uint16(b >> 16), uint16(b)}
	}
	for _, c := range []struct {
		raw  []uint16
		t    modbus.Type
		s    modbus.Scale
		want any
	}{
		{[]uint16{215}, modbus.Uint16, modbus.Scale{}, uint64(215)},
		{[]uint16{215}, modbus.Uint16, modbus.Scale{Factor: 1}, uint64(215)},
		{[]uint16{215}, modbus.Uint16, modbus.Scale{Factor: 0.1}, 21.5},
		{[]uint16{3}, modbus.Uint16, modbus.Scale{Factor: 0.1}, 0.3},
		{[]uint16{0xFFFF}, modbus.Int16, modbus.Scale{Factor: 0, Offset: -40}, -41.0},
		{f32(1.1), modbus.Float32, modbus.Scale{}, 1.1},
		{f32(1.1), modbus.Float32, modbus.Scale{Factor: 10}, 11.0},
		{f32(float32(math.Inf(1))), modbus.Float32, modbus.Scale{}, nil},
		{[]uint16{0x7FF8, 0, 0, 0}, modbus.Float64, modbus.Scale{Factor: 2}, nil},
		{[]uint16{0xFFFF, 0xFFFF}, modbus.Int32, modbus.Scale{}, int64(-1)},
	} {
		if got := number(c.raw, c.t, modbus.ABCD, c.s); got != c.want {
			t.Errorf("%v %v %+v: %#v, want %#v", c.raw, c.t, c.s, got, c.want)
		}
	}
}
