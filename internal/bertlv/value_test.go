package bertlv

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"math"
	"testing"
)

func TestInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v   int64
		hex string
	}{
		{0, "00"}, {1, "01"}, {127, "7F"}, {128, "0080"}, {255, "00FF"}, {256, "0100"},
		{-1, "FF"}, {-128, "80"}, {-129, "FF7F"}, {-256, "FF00"},
		{math.MaxInt64, "7FFFFFFFFFFFFFFF"}, {math.MinInt64, "8000000000000000"},
	}
	for _, tt := range tests {
		el := Int(0x80, tt.v)
		if want := unhex(t, tt.hex); !bytes.Equal(el.Value, want) {
			t.Errorf("Int(%d) = %X, want %X", tt.v, el.Value, want)
		}
		// encoding/asn1 writes the same content octets.
		der, err := asn1.Marshal(tt.v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(der[2:], el.Value) {
			t.Errorf("Int(%d) = %X, encoding/asn1 gives %X", tt.v, el.Value, der[2:])
		}
		got, err := el.Int()
		if err != nil || got != tt.v {
			t.Errorf("Int(%d).Int() = %d, %v", tt.v, got, err)
		}
		if got, err := Enum(0x0A, tt.v).Enum(); err != nil || got != tt.v {
			t.Errorf("Enum(%d).Enum() = %d, %v", tt.v, got, err)
		}
	}
}

func TestUint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v   uint64
		hex string
	}{
		{0, "00"}, {127, "7F"}, {128, "0080"}, {0x1234, "1234"},
		{math.MaxUint64, "00FFFFFFFFFFFFFFFF"}, {1 << 63, "008000000000000000"},
	}
	for _, tt := range tests {
		el := Uint(0x81, tt.v)
		if want := unhex(t, tt.hex); !bytes.Equal(el.Value, want) {
			t.Errorf("Uint(%d) = %X, want %X", tt.v, el.Value, want)
		}
		if got, err := el.Uint(); err != nil || got != tt.v {
			t.Errorf("Uint(%d).Uint() = %d, %v", tt.v, got, err)
		}
	}
	if _, err := Int(0x81, -1).Uint(); !errors.Is(err, ErrBadValue) {
		t.Errorf("Uint of -1: %v", err)
	}
	if _, err := (TLV{Tag: 0x81, Value: unhex(t, "01 0000000000000000")}).Uint(); !errors.Is(err, ErrBadValue) {
		t.Errorf("Uint of 2^64: %v", err)
	}
}

func TestIntErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "0001", "00 7F", "FF80", "FFFF", "01 0000000000000000"} {
		el := TLV{Tag: 0x02, Value: unhex(t, in)}
		if _, err := el.Int(); !errors.Is(err, ErrBadValue) {
			t.Errorf("Int(%q) error = %v, want ErrBadValue", in, err)
		}
	}
	if _, err := (TLV{Tag: 0x22, Value: []byte{1}}).Int(); !errors.Is(err, ErrBadValue) {
		t.Errorf("constructed INTEGER: %v", err)
	}
}

func TestBool(t *testing.T) {
	t.Parallel()
	if !bytes.Equal(Bool(0x81, true).Value, []byte{0xFF}) || !bytes.Equal(Bool(0x81, false).Value, []byte{0}) {
		t.Error("Bool does not write DER FF/00")
	}
	for in, want := range map[string]bool{"00": false, "FF": true, "01": true} {
		got, err := (TLV{Tag: 0x81, Value: unhex(t, in)}).Bool()
		if err != nil || got != want {
			t.Errorf("Bool(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "FFFF"} {
		_, err := (TLV{Tag: 0x81, Value: unhex(t, in)}).Bool()
		if !errors.Is(err, ErrBadValue) {
			t.Errorf("Bool(%q) error = %v", in, err)
		}
	}
	_, err := (TLV{Tag: 0x81, Value: []byte{1, 2}}).Bool()
	if err == nil || err.Error() != "bertlv: tag 81: BOOLEAN needs 1 octet, got 2: bad value" {
		t.Errorf("error = %v", err)
	}
}

func TestStrings(t *testing.T) {
	t.Parallel()
	if s, err := UTF8(0x90, "Zähler").UTF8(); err != nil || s != "Zähler" {
		t.Errorf("UTF8 = %q, %v", s, err)
	}
	if _, err := (TLV{Tag: 0x90, Value: []byte{0xC3}}).UTF8(); !errors.Is(err, ErrBadValue) {
		t.Errorf("invalid UTF-8: %v", err)
	}
	if b, err := Bytes(0x5A, []byte{1, 2}).Bytes(); err != nil || !bytes.Equal(b, []byte{1, 2}) {
		t.Errorf("Bytes = %X, %v", b, err)
	}
	if _, err := New(0xA0).Bytes(); !errors.Is(err, ErrBadValue) {
		t.Errorf("Bytes of a constructed element: %v", err)
	}
	if err := Null(0x05).Null(); err != nil {
		t.Errorf("Null: %v", err)
	}
	if err := (TLV{Tag: 0x05, Value: []byte{0}}).Null(); !errors.Is(err, ErrBadValue) {
		t.Errorf("non-empty NULL: %v", err)
	}
	enc, err := Encode(Null(0x05))
	if err != nil || !bytes.Equal(enc, []byte{5, 0}) {
		t.Errorf("Encode(Null) = %X, %v", enc, err)
	}
}

func TestBitString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in  BitString
		hex string
	}{
		{BitString{}, "00"},
		{BitString{Bytes: []byte{0xE0}, BitLength: 3}, "05 E0"},
		{BitString{Bytes: []byte{0xFF}, BitLength: 3}, "05 E0"}, // padding cleared
		{BitString{Bytes: []byte{0xAB, 0xCD}, BitLength: 16}, "00 ABCD"},
		{BitString{Bytes: []byte{0x80}, BitLength: 20}, "00 80"}, // clamped
	}
	for _, tt := range tests {
		el := Bits(0x03, tt.in)
		if want := unhex(t, tt.hex); !bytes.Equal(el.Value, want) {
			t.Errorf("Bits(%+v) = %X, want %X", tt.in, el.Value, want)
		}
		if _, err := el.Bits(); err != nil {
			t.Errorf("Bits(%X): %v", el.Value, err)
		}
	}
	// resetOptions for EuiccMemoryReset: deleteOperationalProfiles (0),
	// deleteFieldLoadedTestProfiles (1), resetDefaultSmdpAddress (2).
	el := NamedBits(0x82, 0, 1, 2)
	if !bytes.Equal(el.Value, unhex(t, "05 E0")) {
		t.Errorf("NamedBits(0, 1, 2) = %X, want 05E0", el.Value)
	}
	bs, err := el.Bits()
	if err != nil || bs.BitLength != 3 || !bs.At(0) || !bs.At(2) || bs.At(3) || bs.At(-1) {
		t.Errorf("Bits() = %+v, %v", bs, err)
	}
	if got := NamedBits(0x82, 9).Value; !bytes.Equal(got, unhex(t, "06 0040")) {
		t.Errorf("NamedBits(9) = %X, want 060040", got)
	}
	if got := NamedBits(0x82).Value; !bytes.Equal(got, []byte{0}) {
		t.Errorf("NamedBits() = %X, want 00", got)
	}
	for _, in := range []string{"", "08 00", "03"} {
		if _, err := (TLV{Tag: 0x03, Value: unhex(t, in)}).Bits(); !errors.Is(err, ErrBadValue) {
			t.Errorf("Bits(%q) error = %v", in, err)
		}
	}
}
