package bertlv

import (
	"fmt"
	"unicode/utf8"
)

// Int returns a primitive element holding v as an INTEGER: minimal two's
// complement, big-endian.
func Int(tag Tag, v int64) TLV {
	return TLV{Tag: tag, Value: appendInt(nil, v)}
}

// Uint returns a primitive element holding the non-negative INTEGER v.
func Uint(tag Tag, v uint64) TLV {
	n := 1
	for w := v >> 8; w > 0; w >>= 8 {
		n++
	}
	var b []byte
	if v>>(8*uint(n)-1)&1 == 1 {
		b = append(b, 0)
	}
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(v>>(8*uint(i))))
	}
	return TLV{Tag: tag, Value: b}
}

// Enum returns a primitive element holding v as an ENUMERATED, encoded as
// an INTEGER.
func Enum(tag Tag, v int64) TLV { return Int(tag, v) }

// Bool returns a primitive element holding a BOOLEAN in DER: FF or 00.
func Bool(tag Tag, v bool) TLV {
	if v {
		return TLV{Tag: tag, Value: []byte{0xFF}}
	}
	return TLV{Tag: tag, Value: []byte{0x00}}
}

// Bytes returns a primitive element holding b, as an OCTET STRING does.
func Bytes(tag Tag, b []byte) TLV { return TLV{Tag: tag, Value: b} }

// UTF8 returns a primitive element holding s as a UTF8String.
func UTF8(tag Tag, s string) TLV { return TLV{Tag: tag, Value: []byte(s)} }

// Null returns a primitive element holding a NULL (no content).
func Null(tag Tag) TLV { return TLV{Tag: tag, Value: []byte{}} }

// BitString is the value of a BIT STRING: BitLength bits, the first in the
// top bit of Bytes[0].
type BitString struct {
	Bytes     []byte
	BitLength int
}

// At returns bit i (0 is the first, ASN.1's bit 0), or false when i is out
// of range.
func (s BitString) At(i int) bool {
	if i < 0 || i >= s.BitLength {
		return false
	}
	return s.Bytes[i/8]&(0x80>>uint(i%8)) != 0
}

// Bits returns a primitive element holding s as a BIT STRING: an octet
// counting the unused bits, then the bits with the unused ones cleared (DER).
// BitLength is clamped to the bits Bytes holds.
func Bits(tag Tag, s BitString) TLV {
	n := s.BitLength
	if n < 0 {
		n = 0
	}
	if n > 8*len(s.Bytes) {
		n = 8 * len(s.Bytes)
	}
	nb := (n + 7) / 8
	unused := 8*nb - n
	v := make([]byte, 1+nb)
	v[0] = byte(unused)
	copy(v[1:], s.Bytes[:nb])
	if nb > 0 {
		v[nb] &= 0xFF << uint(unused)
	}
	return TLV{Tag: tag, Value: v}
}

// NamedBits returns the BIT STRING with the listed bits set, trailing zero
// bits removed as DER requires of named bit lists.
func NamedBits(tag Tag, bits ...int) TLV {
	n := 0
	for _, b := range bits {
		if b >= 0 && b+1 > n {
			n = b + 1
		}
	}
	s := BitString{Bytes: make([]byte, (n+7)/8), BitLength: n}
	for _, b := range bits {
		if b >= 0 {
			s.Bytes[b/8] |= 0x80 >> uint(b%8)
		}
	}
	return Bits(tag, s)
}

func appendInt(dst []byte, v int64) []byte {
	n := 1
	for w := v; w > 127 || w < -128; w >>= 8 {
		n++
	}
	for i := n - 1; i >= 0; i-- {
		dst = append(dst, byte(v>>(8*uint(i))))
	}
	return dst
}

// primitive returns t's value after checking that t is primitive.
func (t TLV) primitive(typ string) ([]byte, error) {
	if t.Tag.Constructed() {
		return nil, valueErr(t.Tag, "%s must be primitive, the tag is constructed", typ)
	}
	return t.Value, nil
}

// Int decodes t as an INTEGER that fits an int64.
func (t TLV) Int() (int64, error) {
	v, err := t.primitive("INTEGER")
	if err != nil {
		return 0, err
	}
	if err := checkInt(t.Tag, v); err != nil {
		return 0, err
	}
	if len(v) > 8 {
		return 0, valueErr(t.Tag, "INTEGER of %d octets does not fit 64 bits", len(v))
	}
	var r int64
	for _, c := range v {
		r = r<<8 | int64(c)
	}
	r <<= 64 - 8*uint(len(v))
	r >>= 64 - 8*uint(len(v))
	return r, nil
}

// Uint decodes t as a non-negative INTEGER that fits a uint64.
func (t TLV) Uint() (uint64, error) {
	v, err := t.primitive("INTEGER")
	if err != nil {
		return 0, err
	}
	if err := checkInt(t.Tag, v); err != nil {
		return 0, err
	}
	if v[0]&0x80 != 0 {
		return 0, valueErr(t.Tag, "INTEGER is negative, expected a non-negative one")
	}
	if v[0] == 0 {
		v = v[1:]
	}
	if len(v) > 8 {
		return 0, valueErr(t.Tag, "INTEGER of %d octets does not fit 64 bits", len(v))
	}
	var r uint64
	for _, c := range v {
		r = r<<8 | uint64(c)
	}
	return r, nil
}

// checkInt checks INTEGER content octets: at least one, minimal (X.690
// 8.3.2, a BER rule as well).
func checkInt(tag Tag, v []byte) error {
	if len(v) == 0 {
		return valueErr(tag, "INTEGER has no content octets")
	}
	if len(v) > 1 && (v[0] == 0 && v[1]&0x80 == 0 || v[0] == 0xFF && v[1]&0x80 != 0) {
		return valueErr(tag, "INTEGER is not minimally encoded")
	}
	return nil
}

// Enum decodes t as an ENUMERATED.
func (t TLV) Enum() (int64, error) { return t.Int() }

// Bool decodes t as a BOOLEAN: one octet, zero for false and any other
// value for true (BER).
func (t TLV) Bool() (bool, error) {
	v, err := t.primitive("BOOLEAN")
	if err != nil {
		return false, err
	}
	if len(v) != 1 {
		return false, valueErr(t.Tag, "BOOLEAN needs 1 octet, got %d", len(v))
	}
	return v[0] != 0, nil
}

// Bytes returns the content of t as an OCTET STRING, after checking that t
// is primitive.
func (t TLV) Bytes() ([]byte, error) { return t.primitive("OCTET STRING") }

// UTF8 decodes t as a UTF8String.
func (t TLV) UTF8() (string, error) {
	v, err := t.primitive("UTF8String")
	if err != nil {
		return "", err
	}
	if !utf8.Valid(v) {
		return "", valueErr(t.Tag, "UTF8String is not valid UTF-8")
	}
	return string(v), nil
}

// Null checks that t is a NULL.
func (t TLV) Null() error {
	v, err := t.primitive("NULL")
	if err != nil {
		return err
	}
	if len(v) != 0 {
		return valueErr(t.Tag, "NULL must be empty, got %d octets", len(v))
	}
	return nil
}

// Bits decodes t as a BIT STRING. Unused bits need not be zero (BER).
func (t TLV) Bits() (BitString, error) {
	v, err := t.primitive("BIT STRING")
	if err != nil {
		return BitString{}, err
	}
	if len(v) == 0 {
		return BitString{}, valueErr(t.Tag, "BIT STRING has no unused-bits octet")
	}
	unused := int(v[0])
	if unused > 7 {
		return BitString{}, valueErr(t.Tag, "BIT STRING claims %d unused bits, at most 7 allowed", unused)
	}
	if len(v) == 1 && unused != 0 {
		return BitString{}, valueErr(t.Tag, "empty BIT STRING claims %d unused bits", unused)
	}
	return BitString{Bytes: v[1:], BitLength: 8*(len(v)-1) - unused}, nil
}

// String formats t for logs: tag, then hex content or children.
func (t TLV) String() string {
	if len(t.Children) == 0 {
		return fmt.Sprintf("%s[%X]", t.Tag, t.Value)
	}
	s := t.Tag.String() + "{"
	for i, c := range t.Children {
		if i > 0 {
			s += " "
		}
		s += c.String()
	}
	return s + "}"
}
