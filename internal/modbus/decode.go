package modbus

import (
	"fmt"
	"math"
	"strings"
)

// Type is how a value is stored in consecutive registers: a number, text
// two characters to a register (String) or one bit of a register (Bool).
type Type int

// Register types.
const (
	Uint16 Type = iota
	Int16
	Uint32
	Int32
	Float32
	Uint64
	Int64
	Float64
	String // text in a given number of registers (DecodeString)
	Bool   // one bit of a register (Bit)
)

var typeNames = [...]string{"uint16", "int16", "uint32", "int32", "float32", "uint64", "int64", "float64", "string", "bool"}

// typeList is every type's name, for errors.
var typeList = strings.Join(typeNames[:], ", ")

func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// IsNumber reports whether t is one of the number types Decode reads.
func (t Type) IsNumber() bool { return t >= Uint16 && t <= Float64 }

// Registers is how many registers a value of type t takes (a String: 1
// per two characters, as many as it is given).
func (t Type) Registers() int {
	switch t {
	case Uint32, Int32, Float32:
		return 2
	case Uint64, Int64, Float64:
		return 4
	}
	return 1
}

// ParseType parses a number type's name such as "float32".
func ParseType(s string) (Type, error) {
	for i, n := range typeNames[:Float64+1] {
		if strings.EqualFold(s, n) {
			return Type(i), nil
		}
	}
	return 0, fmt.Errorf("modbus: unknown type %q", s)
}

// UnmarshalText reads any type's name, "string" and "bool" included.
func (t *Type) UnmarshalText(text []byte) error {
	for i, n := range typeNames {
		if strings.EqualFold(string(text), n) {
			*t = Type(i)
			return nil
		}
	}
	return fmt.Errorf("%q is not a register type; expected one of %s", text, typeList)
}

// MarshalText writes t's name.
func (t Type) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Order is the byte order of a value across registers, with A the most
// significant byte: ABCD is big-endian (the Modbus order), CDAB swaps the
// registers, BADC swaps the bytes in each register, DCBA is little-endian.
// For 64-bit values the same swaps apply to all four registers.
type Order int

// Byte orders.
const (
	ABCD Order = iota
	CDAB
	BADC
	DCBA
)

var orderNames = [...]string{"ABCD", "CDAB", "BADC", "DCBA"}

func (o Order) String() string {
	if o >= 0 && int(o) < len(orderNames) {
		return orderNames[o]
	}
	return fmt.Sprintf("Order(%d)", int(o))
}

// ParseOrder parses an order name such as "CDAB".
func ParseOrder(s string) (Order, error) {
	for i, n := range orderNames {
		if strings.EqualFold(s, n) {
			return Order(i), nil
		}
	}
	return 0, fmt.Errorf("modbus: unknown byte order %q", s)
}

// UnmarshalText reads an order's name as ParseOrder does.
func (o *Order) UnmarshalText(text []byte) error {
	x, err := ParseOrder(string(text))
	if err != nil {
		return fmt.Errorf("%q is not a byte order; expected one of %s", text, strings.Join(orderNames[:], ", "))
	}
	*o = x
	return nil
}

// MarshalText writes o's name.
func (o Order) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// raw puts the first t.Registers() registers of regs in ABCD order and
// returns them as one unsigned number.
func raw(regs []uint16, t Type, o Order) (uint64, error) {
	n := t.Registers()
	if len(regs) < n {
		return 0, fmt.Errorf("modbus: %s needs %d registers, have %d", t, n, len(regs))
	}
	var v uint64
	for i := range n {
		r := regs[i]
		if o == CDAB || o == DCBA {
			r = regs[n-1-i]
		}
		if o == BADC || o == DCBA {
			r = r<<8 | r>>8
		}
		v = v<<16 | uint64(r)
	}
	return v, nil
}

// Decode decodes the value of type t at the start of regs: an int64 for the
// signed types, a uint64 for the unsigned ones, a float64 for the floating
// point ones.
func Decode(regs []uint16, t Type, o Order) (any, error) {
	if !t.IsNumber() {
		return nil, fmt.Errorf("modbus: %s is not a number type", t)
	}
	v, err := raw(regs, t, o)
	if err != nil {
		return nil, err
	}
	switch t {
	case Uint16, Uint32, Uint64:
		return v, nil
	case Int16:
		return int64(int16(v)), nil
	case Int32:
		return int64(int32(v)), nil
	case Int64:
		return int64(v), nil
	case Float32:
		return float64(math.Float32frombits(uint32(v))), nil
	case Float64:
		return math.Float64frombits(v), nil
	}
	return nil, fmt.Errorf("modbus: unknown type %d", int(t))
}

// DecodeFloat is Decode as a float64 (64-bit integers lose precision past
// 2^53).
func DecodeFloat(regs []uint16, t Type, o Order) (float64, error) {
	v, err := Decode(regs, t, o)
	switch v := v.(type) {
	case uint64:
		return float64(v), nil
	case int64:
		return float64(v), nil
	case float64:
		return v, nil
	}
	return 0, err
}

// Scale maps a raw value to engineering units: v*Factor + Offset, with a
// Factor of zero taken as 1.
type Scale struct{ Factor, Offset float64 }

// Apply scales v.
func (s Scale) Apply(v float64) float64 {
	if s.Factor == 0 {
		s.Factor = 1
	}
	return v*s.Factor + s.Offset
}

// DecodeString decodes text stored two characters per register, the first
// in the high byte (BADC or DCBA: in the low byte). Trailing NULs and
// spaces are dropped.
func DecodeString(regs []uint16, o Order) string {
	b := make([]byte, 0, 2*len(regs))
	for _, r := range regs {
		if o == BADC || o == DCBA {
			r = r<<8 | r>>8
		}
		b = append(b, byte(r>>8), byte(r))
	}
	return strings.TrimRight(string(b), "\x00 ")
}

// Bit reports bit n (0 the least significant) of register r.
func Bit(r uint16, n int) bool {
	return n >= 0 && n < 16 && r&(1<<n) != 0
}

// Bits unpacks registers into their bits, least significant first.
func Bits(regs []uint16) []bool {
	b := make([]bool, 0, 16*len(regs))
	for _, r := range regs {
		for n := range 16 {
			b = append(b, Bit(r, n))
		}
	}
	return b
}
