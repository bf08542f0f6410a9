package es10

import (
	"errors"
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// errMissing marks a mandatory field that is absent.
var errMissing = errors.New("missing")

// fieldError wraps err with the name of the field it concerns.
func fieldError(field string, err error) error {
	return fmt.Errorf("%s: %w", field, err)
}

// structError wraps err with the name of the structure being decoded.
func structError(name string, err error) error {
	return fmt.Errorf("%s: %w", name, err)
}

// outer parses b as the single element of a message and checks its tag.
func outer(b []byte, tag bertlv.Tag) (bertlv.TLV, error) {
	t, err := bertlv.ParseSingle(b)
	if err != nil {
		return t, err
	}
	if t.Tag != tag {
		return t, fmt.Errorf("tag %s, want %s", t.Tag, tag)
	}
	return t, nil
}

// need returns the child of t with the given tag, or an error naming the
// field.
func need(t bertlv.TLV, tag bertlv.Tag, field string) (bertlv.TLV, error) {
	c, ok := t.First(tag)
	if !ok {
		return c, fmt.Errorf("%s (%s): %w", field, tag, errMissing)
	}
	return c, nil
}

// primitive checks that t is primitive.
func primitive(t bertlv.TLV) error {
	if t.Tag.Constructed() {
		return fmt.Errorf("tag %s is constructed, want primitive", t.Tag)
	}
	return nil
}

// constructed checks that t is constructed.
func constructed(t bertlv.TLV) error {
	if !t.Tag.Constructed() {
		return fmt.Errorf("tag %s is primitive, want constructed", t.Tag)
	}
	return nil
}

// octets copies the OCTET STRING in t; the result is never nil.
func octets(t bertlv.TLV) ([]byte, error) {
	v, err := t.Bytes()
	if err != nil {
		return nil, err
	}
	return append([]byte{}, v...), nil
}

// iccid decodes the ICCID in t.
func iccid(t bertlv.TLV) (string, error) {
	v, err := t.Bytes()
	if err != nil {
		return "", err
	}
	return ICCIDFromBytes(v)
}

// iccidTLV encodes the ICCID s under tag 5A.
func iccidTLV(s string) (bertlv.TLV, error) {
	b, err := ICCIDToBytes(s)
	if err != nil {
		return bertlv.TLV{}, err
	}
	return bertlv.Bytes(tagICCID, b), nil
}

// bits decodes a BIT STRING and clears its unused bits, so that decoding
// what Marshal wrote gives the same value.
func bits(t bertlv.TLV) (bertlv.BitString, error) {
	s, err := t.Bits()
	if err != nil {
		return s, err
	}
	nb := (s.BitLength + 7) / 8
	out := make([]byte, nb)
	copy(out, s.Bytes)
	if r := s.BitLength % 8; r != 0 {
		out[nb-1] &= byte(0xFF) << (8 - r)
	}
	return bertlv.BitString{Bytes: out, BitLength: s.BitLength}, nil
}

// derContent returns the DER encoding of the children of the constructed
// element t, so that opaque fields are kept in one canonical form.
func derContent(t bertlv.TLV) ([]byte, error) {
	if err := constructed(t); err != nil {
		return nil, err
	}
	b, err := bertlv.EncodeAll(t.Children...)
	if err != nil {
		return nil, err
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// encode encodes a message, naming it in the error.
func encode(name string, t bertlv.TLV) ([]byte, error) {
	b, err := bertlv.Encode(t)
	if err != nil {
		return nil, structError(name, err)
	}
	return b, nil
}

// Tags shared by several messages.
const (
	tagICCID   bertlv.Tag = 0x5A
	tagEID     bertlv.Tag = 0x5A
	tagISDPAID bertlv.Tag = 0x4F
	tagTagList bertlv.Tag = 0x5C
)

// optInt decodes the optional INTEGER child of t with the given tag.
func optInt[T ~int64](t bertlv.TLV, tag bertlv.Tag, field string) (*T, error) {
	c, ok := t.First(tag)
	if !ok {
		return nil, nil
	}
	v, err := c.Int()
	if err != nil {
		return nil, fieldError(field, err)
	}
	r := T(v)
	return &r, nil
}

// needInt decodes the mandatory INTEGER child of t with the given tag.
func needInt[T ~int64](t bertlv.TLV, tag bertlv.Tag, field string) (T, error) {
	c, err := need(t, tag, field)
	if err != nil {
		return 0, err
	}
	v, err := c.Int()
	if err != nil {
		return 0, fieldError(field, err)
	}
	return T(v), nil
}

// optUTF8 decodes the optional UTF8String child of t; absent gives "".
func optUTF8(t bertlv.TLV, tag bertlv.Tag, field string) (string, error) {
	c, ok := t.First(tag)
	if !ok {
		return "", nil
	}
	s, err := c.UTF8()
	if err != nil {
		return "", fieldError(field, err)
	}
	return s, nil
}

// optOctets decodes the optional OCTET STRING child of t; absent gives nil.
func optOctets(t bertlv.TLV, tag bertlv.Tag, field string) ([]byte, error) {
	c, ok := t.First(tag)
	if !ok {
		return nil, nil
	}
	v, err := octets(c)
	if err != nil {
		return nil, fieldError(field, err)
	}
	return v, nil
}

// optICCID decodes the optional ICCID child (5A) of t; absent gives "".
func optICCID(t bertlv.TLV, field string) (string, error) {
	c, ok := t.First(tagICCID)
	if !ok {
		return "", nil
	}
	s, err := iccid(c)
	if err != nil {
		return "", fieldError(field, err)
	}
	return s, nil
}

// optBits decodes the optional BIT STRING child of t.
func optBits(t bertlv.TLV, tag bertlv.Tag, field string) (*bertlv.BitString, error) {
	c, ok := t.First(tag)
	if !ok {
		return nil, nil
	}
	s, err := bits(c)
	if err != nil {
		return nil, fieldError(field, err)
	}
	return &s, nil
}

// optDER decodes the optional constructed child of t as its canonical DER
// content; absent gives nil.
func optDER(t bertlv.TLV, tag bertlv.Tag, field string) ([]byte, error) {
	c, ok := t.First(tag)
	if !ok {
		return nil, nil
	}
	v, err := derContent(c)
	if err != nil {
		return nil, fieldError(field, err)
	}
	return v, nil
}

// enumString formats v by names, or as Type(v) for values without one.
func enumString(typ string, v int64, names map[int64]string) string {
	if s, ok := names[v]; ok {
		return s
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}
