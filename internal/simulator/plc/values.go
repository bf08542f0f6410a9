package plc

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// Duration is a time.Duration written in JSON as a string ("1s", "10m").
type Duration time.Duration

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a string such as "90s" (or a number of seconds).
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err := json.Unmarshal(b, &secs); err != nil {
			return fmt.Errorf("duration: %s", b)
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Block defines Count consecutive registers (or bits) from Addr and how
// their values evolve.
//
// Kind is "constant" (the default: Value, or Values one element each),
// "counter" (Start, plus Step every Period, 1s by default), "ramp" (Min to
// Max over Period, then again) or "sine" (between Min and Max with Period;
// the elements of a block are spread over the phase).
//
// Type is the element's encoding in registers: "uint16" (the default),
// "int16", or the 32-bit "uint32", "int32" and "float32", which take two
// registers each in Order "CDAB" (low word first, the default, as mbpoll
// reads them) or "ABCD". Integer types wrap around and round to nearest.
// In coils and discrete inputs an element is one bit: the low bit of the
// rounded value.
type Block struct {
	Addr   uint16    `json:"addr"`
	Count  int       `json:"count,omitempty"`
	Name   string    `json:"name,omitempty"`
	Type   string    `json:"type,omitempty"`
	Order  string    `json:"order,omitempty"`
	Kind   string    `json:"kind,omitempty"`
	Value  float64   `json:"value,omitempty"`
	Values []float64 `json:"values,omitempty"`
	Start  float64   `json:"start,omitempty"`
	Step   float64   `json:"step,omitempty"`
	Min    float64   `json:"min,omitempty"`
	Max    float64   `json:"max,omitempty"`
	Period Duration  `json:"period,omitempty"`
}

// words is how many registers an element of the block takes.
func (b *Block) words() int {
	switch b.Type {
	case "uint32", "int32", "float32":
		return 2
	}
	return 1
}

// check normalises the block and reports what is wrong with it.
func (b *Block) check(bits bool) error {
	b.Type, b.Order, b.Kind = strings.ToLower(b.Type), strings.ToUpper(b.Order), strings.ToLower(b.Kind)
	if b.Type == "" {
		b.Type = "uint16"
	}
	switch b.Type {
	case "uint16", "int16", "uint32", "int32", "float32":
	default:
		return fmt.Errorf("unknown type %q", b.Type)
	}
	if bits && b.words() != 1 {
		return fmt.Errorf("type %s in a bit table", b.Type)
	}
	if b.Order == "" {
		b.Order = "CDAB"
	}
	if b.Order != "CDAB" && b.Order != "ABCD" {
		return fmt.Errorf("unknown word order %q", b.Order)
	}
	if b.Kind == "" {
		b.Kind = "constant"
	}
	switch b.Kind {
	case "constant", "counter", "ramp", "sine":
	default:
		return fmt.Errorf("unknown kind %q", b.Kind)
	}
	if (b.Kind == "ramp" || b.Kind == "sine") && b.Period <= 0 {
		return fmt.Errorf("%s needs a period", b.Kind)
	}
	if b.Count == 0 {
		b.Count = max(len(b.Values), 1) * b.words()
	}
	if b.Count < 0 || b.Count%b.words() != 0 {
		return fmt.Errorf("count %d is not a whole number of %s", b.Count, b.Type)
	}
	if len(b.Values) > 0 && len(b.Values) != b.Count/b.words() {
		return fmt.Errorf("%d values for %d elements", len(b.Values), b.Count/b.words())
	}
	if int(b.Addr)+b.Count > 0x10000 {
		return fmt.Errorf("block runs past address 65535")
	}
	return nil
}

// value is element i's value at elapsed time t.
func (b *Block) value(i int, t time.Duration) float64 {
	n := b.Count / b.words()
	switch b.Kind {
	case "counter":
		period := time.Duration(b.Period)
		if period <= 0 {
			period = time.Second
		}
		step := b.Step
		if step == 0 {
			step = 1
		}
		return b.Start + step*float64(t/period)
	case "ramp":
		f := math.Mod(float64(t)/float64(b.Period)+float64(i)/float64(n), 1)
		return b.Min + (b.Max-b.Min)*f
	case "sine":
		ph := 2 * math.Pi * (float64(t)/float64(b.Period) + float64(i)/float64(n))
		return b.Min + (b.Max-b.Min)*(1+math.Sin(ph))/2
	}
	if len(b.Values) > 0 {
		return b.Values[i]
	}
	return b.Value
}

// word is the register at offset off in the block at elapsed time t.
func (b *Block) word(off int, t time.Duration) uint16 {
	v := b.value(off/b.words(), t)
	var u uint32
	switch b.Type {
	case "uint16", "int16", "uint32", "int32":
		u = uint32(int64(math.Round(v)))
	case "float32":
		u = math.Float32bits(float32(v))
	}
	if b.words() == 1 {
		return uint16(u)
	}
	hi := off%2 == 0
	if b.Order == "CDAB" {
		hi = !hi
	}
	if hi {
		return uint16(u >> 16)
	}
	return uint16(u)
}
