package bertlv

import (
	"encoding/hex"
	"math"
	"strings"
)

// Class is the class of a tag, the top two bits of its first octet.
type Class uint8

// The four tag classes.
const (
	Universal   Class = 0
	Application Class = 1
	Context     Class = 2
	Private     Class = 3
)

func (c Class) String() string {
	switch c {
	case Universal:
		return "universal"
	case Application:
		return "application"
	case Context:
		return "context"
	case Private:
		return "private"
	}
	return "invalid class"
}

// MaxTagNumber is the largest tag number accepted, as in Go's encoding/asn1.
const MaxTagNumber = math.MaxInt32

// maxTagLen is the longest tag encoding: one octet and five of base 128.
const maxTagLen = 6

// Tag is a BER tag as its identifier octets read big-endian: Tag(0xBF3E) is
// the constructed context tag number 62, Tag(0x5A) the primitive application
// tag number 26. Tags of up to six octets fit, enough for every tag number
// up to MaxTagNumber.
type Tag uint64

// Universal tags of the types this package reads and writes.
const (
	TagBoolean     Tag = 0x01
	TagInteger     Tag = 0x02
	TagBitString   Tag = 0x03
	TagOctetString Tag = 0x04
	TagNull        Tag = 0x05
	TagEnumerated  Tag = 0x0A
	TagUTF8String  Tag = 0x0C
	TagSequence    Tag = 0x30
	TagSet         Tag = 0x31
)

// NewTag builds the tag of a class, form and number. A number above
// MaxTagNumber yields a tag that Valid refuses.
func NewTag(c Class, constructed bool, number uint32) Tag {
	first := uint64(c&3) << 6
	if constructed {
		first |= 0x20
	}
	if number < 0x1F {
		return Tag(first | uint64(number))
	}
	t := first | 0x1F
	n := 1
	for v := number >> 7; v > 0; v >>= 7 {
		n++
	}
	for i := n - 1; i >= 0; i-- {
		b := uint64(number>>(7*uint(i))) & 0x7F
		if i > 0 {
			b |= 0x80
		}
		t = t<<8 | b
	}
	return Tag(t)
}

// Len returns the number of identifier octets.
func (t Tag) Len() int {
	n := 1
	for v := uint64(t) >> 8; v > 0; v >>= 8 {
		n++
	}
	return n
}

// first returns the first identifier octet.
func (t Tag) first() byte { return byte(uint64(t) >> (8 * uint(t.Len()-1))) }

// Class returns the class of the tag.
func (t Tag) Class() Class { return Class(t.first() >> 6) }

// Constructed reports whether the constructed bit is set.
func (t Tag) Constructed() bool { return t.first()&0x20 != 0 }

// Number returns the tag number. It is meaningful only for a valid tag.
func (t Tag) Number() uint32 {
	if t.Len() == 1 {
		return uint32(t.first() & 0x1F)
	}
	var n uint64
	for i := t.Len() - 2; i >= 0; i-- {
		n = n<<7 | uint64(t>>(8*uint(i)))&0x7F
	}
	return uint32(n)
}

// AppendBytes appends the identifier octets to dst.
func (t Tag) AppendBytes(dst []byte) []byte {
	for i := t.Len() - 1; i >= 0; i-- {
		dst = append(dst, byte(uint64(t)>>(8*uint(i))))
	}
	return dst
}

// String returns the identifier octets in upper-case hex, as in "BF3E".
func (t Tag) String() string {
	return strings.ToUpper(hex.EncodeToString(t.AppendBytes(nil)))
}

// Valid reports why t is not a tag that Encode writes, or nil when it is.
func (t Tag) Valid() error {
	b := t.AppendBytes(nil)
	if _, n, err := parseTag(b, 0); err != nil {
		return err
	} else if n != len(b) {
		return syntaxErr(n, ErrBadTag, "tag %s: octets after the last tag octet", t)
	}
	return nil
}

// parseTag reads the tag at b[off:] and returns it and the offset after it.
func parseTag(b []byte, off int) (Tag, int, error) {
	if off >= len(b) {
		return 0, off, syntaxErr(off, ErrTruncated, "expected a tag, found the end of the input")
	}
	start := off
	first := b[off]
	off++
	if first&0x1F != 0x1F {
		return Tag(first), off, nil
	}
	t := uint64(first)
	var num uint64
	for i := 0; ; i++ {
		if off >= len(b) {
			return 0, off, syntaxErr(off, ErrTruncated, "tag %X is cut short: expected another tag octet, found the end of the input", b[start:off])
		}
		c := b[off]
		if i == 0 && c == 0x80 {
			return 0, off, syntaxErr(off, ErrBadTag, "tag number is not minimally encoded (subsequent octet 80)")
		}
		if i == maxTagLen-1 {
			return 0, off, syntaxErr(start, ErrBadTag, "tag number exceeds %d", MaxTagNumber)
		}
		t = t<<8 | uint64(c)
		num = num<<7 | uint64(c&0x7F)
		off++
		if c&0x80 == 0 {
			break
		}
	}
	if num > MaxTagNumber {
		return 0, off, syntaxErr(start, ErrBadTag, "tag number exceeds %d", MaxTagNumber)
	}
	if num < 0x1F {
		return 0, off, syntaxErr(start, ErrBadTag, "tag number %d must use the one-octet form", num)
	}
	return Tag(t), off, nil
}
