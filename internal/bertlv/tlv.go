package bertlv

import "fmt"

// MaxDepth is how deeply constructed elements may nest when parsing; the
// outermost element is at depth 1.
const MaxDepth = 32

// TLV is one BER element. A primitive element (its tag's constructed bit
// clear) carries its content in Value. A constructed element carries its
// content as Children; when parsed, Value also holds the raw content octets
// (useful where a signature covers them). When encoding a constructed
// element, Children are written, or Value as-is when Children is empty, so
// pre-encoded content can be wrapped.
type TLV struct {
	Tag      Tag
	Value    []byte
	Children []TLV
}

// Header is the tag and length of an element.
type Header struct {
	Tag Tag
	// Len is the number of content octets.
	Len int
	// HeaderLen is the number of tag and length octets before them.
	HeaderLen int
}

// ReadHeader reads the tag and length of the element at the start of b and
// checks that its content fits in b. It does not look into the content.
func ReadHeader(b []byte) (Header, error) {
	return readHeader(b, 0)
}

func readHeader(b []byte, off int) (Header, error) {
	start := off
	t, off, err := parseTag(b, off)
	if err != nil {
		return Header{}, err
	}
	lenOff := off
	l, off, err := parseLength(b, off)
	if err != nil {
		return Header{}, err
	}
	if left := len(b) - off; l > left {
		return Header{}, syntaxErr(lenOff, ErrTruncated, "length %d of tag %s runs past the end (%d bytes left)", l, t, left)
	}
	return Header{Tag: t, Len: l, HeaderLen: off - start}, nil
}

// Parse decodes a sequence of elements filling all of b. Empty input gives
// no elements.
func Parse(b []byte) ([]TLV, error) {
	return parseSeq(b, 0, len(b), 1)
}

// ParseOne decodes the element at the start of b and returns the bytes after
// it.
func ParseOne(b []byte) (TLV, []byte, error) {
	t, end, err := parseElem(b, 0, 1)
	if err != nil {
		return TLV{}, nil, err
	}
	return t, b[end:], nil
}

// ParseSingle decodes b as exactly one element, as an ES10 response is.
func ParseSingle(b []byte) (TLV, error) {
	t, end, err := parseElem(b, 0, 1)
	if err != nil {
		return TLV{}, err
	}
	if end != len(b) {
		return TLV{}, syntaxErr(end, ErrTrailing, "%d bytes after the element %s; expected the end of the input", len(b)-end, t.Tag)
	}
	return t, nil
}

// parseSeq decodes the elements in b[off:end] at the given depth.
func parseSeq(b []byte, off, end, depth int) ([]TLV, error) {
	var out []TLV
	for off < end {
		t, next, err := parseElem(b[:end], off, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		off = next
	}
	return out, nil
}

// parseElem decodes the element at b[off:] and returns the offset after it.
func parseElem(b []byte, off, depth int) (TLV, int, error) {
	if depth > MaxDepth {
		return TLV{}, off, syntaxErr(off, ErrTooDeep, "element nested deeper than %d levels", MaxDepth)
	}
	h, err := readHeader(b, off)
	if err != nil {
		return TLV{}, off, err
	}
	start := off + h.HeaderLen
	end := start + h.Len
	t := TLV{Tag: h.Tag, Value: b[start:end:end]}
	if h.Tag.Constructed() {
		t.Children, err = parseSeq(b, start, end, depth+1)
		if err != nil {
			return TLV{}, off, err
		}
	}
	return t, end, nil
}

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

// First returns the first child of t with the given tag.
func (t TLV) First(tag Tag) (TLV, bool) {
	for _, c := range t.Children {
		if c.Tag == tag {
			return c, true
		}
	}
	return TLV{}, false
}

// Need returns the first child of t with the given tag, or an error naming
// both tags when there is none.
func (t TLV) Need(tag Tag) (TLV, error) {
	if c, ok := t.First(tag); ok {
		return c, nil
	}
	return TLV{}, fmt.Errorf("bertlv: tag %s: no child %s: %w", t.Tag, tag, ErrBadValue)
}

// All returns the children of t with the given tag, in order.
func (t TLV) All(tag Tag) []TLV {
	var out []TLV
	for _, c := range t.Children {
		if c.Tag == tag {
			out = append(out, c)
		}
	}
	return out
}

// Find follows a path of tags through first children, as
// t.Find(0xA0, 0xE3) for the first ProfileInfo of a ProfileInfoListResponse.
func (t TLV) Find(path ...Tag) (TLV, bool) {
	cur := t
	for _, tag := range path {
		var ok bool
		if cur, ok = cur.First(tag); !ok {
			return TLV{}, false
		}
	}
	return cur, true
}

// New returns a constructed element with the given children. The tag
// should have its constructed bit set (as BF3E or A0 do).
func New(tag Tag, children ...TLV) TLV {
	return TLV{Tag: tag, Children: children}
}
