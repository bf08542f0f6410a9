package modbus

import (
	"math"
	"testing"
	"time"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	// 123456.0 as float32 is 0x47F12000; -2 as int32 is 0xFFFFFFFE.
	for _, tc := range []struct {
		regs []uint16
		typ  Type
		o    Order
		want any
	}{
		{[]uint16{0xFFFE}, Int16, ABCD, int64(-2)},
		{[]uint16{0xFFFE}, Uint16, ABCD, uint64(0xFFFE)},
		{[]uint16{0xFEFF}, Int16, BADC, int64(-2)},
		{[]uint16{0x47F1, 0x2000}, Float32, ABCD, 123456.0},
		{[]uint16{0x2000, 0x47F1}, Float32, CDAB, 123456.0},
		{[]uint16{0xF147, 0x0020}, Float32, BADC, 123456.0},
		{[]uint16{0x0020, 0xF147}, Float32, DCBA, 123456.0},
		{[]uint16{0xFFFF, 0xFFFE}, Int32, ABCD, int64(-2)},
		{[]uint16{0xFFFE, 0xFFFF}, Int32, CDAB, int64(-2)},
		{[]uint16{0x0001, 0x0002}, Uint32, ABCD, uint64(0x00010002)},
		{[]uint16{0x0102, 0x0304, 0x0506, 0x0708}, Uint64, ABCD, uint64(0x0102030405060708)},
		{[]uint16{0x0708, 0x0506, 0x0304, 0x0102}, Uint64, CDAB, uint64(0x0102030405060708)},
		{[]uint16{0x0201, 0x0403, 0x0605, 0x0807}, Uint64, BADC, uint64(0x0102030405060708)},
		{[]uint16{0x0807, 0x0605, 0x0403, 0x0201}, Uint64, DCBA, uint64(0x0102030405060708)},
		{[]uint16{0xFFFF, 0xFFFF, 0xFFFF, 0xFFFD}, Int64, ABCD, int64(-3)},
		// math.Pi as float64 is 0x400921FB54442D18
		{[]uint16{0x4009, 0x21FB, 0x5444, 0x2D18}, Float64, ABCD, math.Pi},
		{[]uint16{0x182D, 0x4454, 0xFB21, 0x0940}, Float64, DCBA, math.Pi},
	} {
		got, err := Decode(tc.regs, tc.typ, tc.o)
		if err != nil || got != tc.want {
			t.Errorf("Decode(%04X, %v, %v) = %v (%T), %v; want %v", tc.regs, tc.typ, tc.o, got, got, err, tc.want)
		}
	}
	if _, err := Decode([]uint16{1}, Float32, ABCD); err == nil {
		t.Error("float32 from one register")
	}
	if f, err := DecodeFloat([]uint16{0xFFFE}, Int16, ABCD); err != nil || f != -2 {
		t.Errorf("DecodeFloat = %v, %v", f, err)
	}
	if v := (Scale{Factor: 0.1, Offset: -40}).Apply(655); math.Abs(v-25.5) > 1e-9 {
		t.Errorf("scale = %v", v)
	}
	if v := (Scale{}).Apply(7); v != 7 {
		t.Errorf("zero scale = %v", v)
	}
	if s := DecodeString([]uint16{0x4142, 0x4344, 0x4500}, ABCD); s != "ABCDE" {
		t.Errorf("string = %q", s)
	}
	if s := DecodeString([]uint16{0x4241, 0x0045}, BADC); s != "ABE" {
		t.Errorf("swapped string = %q", s)
	}
	if b := Bits([]uint16{0x8001}); !b[0] || b[1] || !b[15] || len(b) != 16 {
		t.Errorf("bits = %v", b)
	}
	for _, s := range []string{"int16", "FLOAT32", "uint64"} {
		if _, err := ParseType(s); err != nil {
			t.Error(err)
		}
	}
	if o, err := ParseOrder("cdab"); err != nil || o != CDAB {
		t.Errorf("ParseOrder = %v, %v", o, err)
	}
	if _, err := ParseOrder("ACBD"); err == nil {
		t.Error("ACBD accepted")
	}
	if Float64.Registers() != 4 || Int16.Registers() != 1 || Float32.String() != "float32" || DCBA.String() != "DCBA" {
		t.Error("names or sizes")
	}
}

func TestChange(t *testing.T) {
	t.Parallel()
	c := Change{Deadband: 0.5, Heartbeat: time.Minute}
	t0 := time.Unix(0, 0)
	for i, tc := range []struct {
		v    float64
		at   time.Duration
		want bool
	}{
		{20, 0, true},                         // first
		{20.4, time.Second, false},            // within the deadband
		{20.5, 2 * time.Second, false},        // on it
		{20.6, 3 * time.Second, true},         // past it
		{20.6, 30 * time.Second, false},       // quiet
		{20.6, 63 * time.Second, true},        // heartbeat
		{math.NaN(), 64 * time.Second, true},  // becomes invalid
		{math.NaN(), 65 * time.Second, false}, // stays so
		{19.0, 66 * time.Second, true},        // valid again
	} {
		if got := c.Update(tc.v, t0.Add(tc.at)); got != tc.want {
			t.Errorf("step %d: Update(%v) = %v, want %v", i, tc.v, got, tc.want)
		}
	}
	c.Reset()
	if !c.Update(19.0, t0.Add(67*time.Second)) {
		t.Error("not reported after Reset")
	}
}
