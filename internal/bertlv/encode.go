package bertlv

import "fmt"

// Encode returns the DER encoding of t.
func Encode(t TLV) ([]byte, error) {
	return Append(nil, t)
}

// EncodeAll returns the DER encodings of ts one after another.
func EncodeAll(ts ...TLV) ([]byte, error) {
	var out []byte
	for _, t := range ts {
		var err error
		if out, err = Append(out, t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Append appends the DER encoding of t to dst.
func Append(dst []byte, t TLV) ([]byte, error) {
	n, err := contentLen(t, 1)
	if err != nil {
		return dst, err
	}
	return appendElem(dst, t, n), nil
}

// MustEncode is Encode for elements built by the program itself, whose tags
// and sizes are known to be good; it panics on error.
func MustEncode(t TLV) []byte {
	b, err := Encode(t)
	if err != nil {
		panic(err)
	}
	return b
}

// contentLen checks t and returns the length of its content octets.
func contentLen(t TLV, depth int) (int, error) {
	if depth > MaxDepth {
		return 0, fmt.Errorf("bertlv: tag %s: nested deeper than %d levels: %w", t.Tag, MaxDepth, ErrTooDeep)
	}
	if err := t.Tag.Valid(); err != nil {
		return 0, fmt.Errorf("bertlv: cannot encode tag %s: %w", t.Tag, ErrBadTag)
	}
	n := len(t.Value)
	if len(t.Children) > 0 {
		if !t.Tag.Constructed() {
			return 0, fmt.Errorf("bertlv: tag %s is primitive but has %d children: %w", t.Tag, len(t.Children), ErrBadValue)
		}
		n = 0
		for _, c := range t.Children {
			cn, err := contentLen(c, depth+1)
			if err != nil {
				return 0, err
			}
			n += c.Tag.Len() + lengthLen(cn) + cn
			if n > maxLength {
				break
			}
		}
	}
	if n > maxLength {
		return 0, fmt.Errorf("bertlv: tag %s: content of %d bytes exceeds %d: %w", t.Tag, n, maxLength, ErrLengthTooLong)
	}
	return n, nil
}

// appendElem appends t whose content length n contentLen has checked.
func appendElem(dst []byte, t TLV, n int) []byte {
	dst = t.Tag.AppendBytes(dst)
	dst = appendLength(dst, n)
	if len(t.Children) == 0 {
		return append(dst, t.Value...)
	}
	for _, c := range t.Children {
		cn, _ := contentLen(c, 1)
		dst = appendElem(dst, c, cn)
	}
	return dst
}
