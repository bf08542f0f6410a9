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
