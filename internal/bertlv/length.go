package bertlv

import "math"

// MaxLengthOctets is the most octets a long-form length may use after its
// first octet; four cover every value cellgate could hold in memory.
const MaxLengthOctets = 4

// maxLength is the largest length handled, as in Go's encoding/asn1; it
// fits an int on 32-bit routers too.
const maxLength = math.MaxInt32

// parseLength reads the length at b[off:] and returns it and the offset
// after it. It accepts non-minimal long forms (BER) but not the indefinite
// form or more than MaxLengthOctets octets.
func parseLength(b []byte, off int) (int, int, error) {
	if off >= len(b) {
		return 0, off, syntaxErr(off, ErrTruncated, "expected a length, found the end of the input")
	}
	first := b[off]
	if first < 0x80 {
		return int(first), off + 1, nil
	}
	if first == 0x80 {
		return 0, off, syntaxErr(off, ErrIndefiniteLength, "indefinite length (80) is not supported; expected a definite length")
	}
	if first == 0xFF {
		return 0, off, syntaxErr(off, ErrLengthTooLong, "length octet FF is reserved")
	}
	n := int(first & 0x7F)
	if n > MaxLengthOctets {
		return 0, off, syntaxErr(off, ErrLengthTooLong, "length of %d octets; at most %d are supported", n, MaxLengthOctets)
	}
	if left := len(b) - off - 1; left < n {
		return 0, off, syntaxErr(off, ErrTruncated, "length needs %d octets after %02X, %d left", n, first, left)
	}
	var l uint64
	for _, c := range b[off+1 : off+1+n] {
		l = l<<8 | uint64(c)
	}
	if left := len(b) - off - 1 - n; l > maxLength {
		return 0, off, syntaxErr(off, ErrTruncated, "length %d runs past the end (%d bytes left)", l, left)
	}
	return int(l), off + 1 + n, nil
}

// lengthLen returns how many octets the DER length of n takes.
func lengthLen(n int) int {
	if n < 0x80 {
		return 1
	}
	k := 1
	for v := n; v > 0; v >>= 8 {
		k++
	}
	return k
}

// appendLength appends the DER (minimal) length n, which the caller has
// checked to be at most maxLength.
func appendLength(dst []byte, n int) []byte {
	if n < 0x80 {
		return append(dst, byte(n))
	}
	k := lengthLen(n) - 1
	dst = append(dst, 0x80|byte(k))
	for i := k - 1; i >= 0; i-- {
		dst = append(dst, byte(n>>(8*uint(i))))
	}
	return dst
}
