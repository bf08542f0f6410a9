package bertlv

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
