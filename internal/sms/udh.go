package sms

import "fmt"

// Information element identifiers of the user data header that UDH
// interprets (TS 23.040 9.2.3.24).
const (
	IEIConcat8  = 0x00 // concatenated message, 8-bit reference
	IEIPorts8   = 0x04 // application port addressing, 8-bit ports
	IEIPorts16  = 0x05 // application port addressing, 16-bit ports
	IEIConcat16 = 0x08 // concatenated message, 16-bit reference
)

// UDHElement is one information element of a user data header: its
// identifier and its data, at most 255 octets.
type UDHElement struct {
	ID   byte
	Data []byte
}

// UDH is a user data header (TS 23.040 9.2.3.24): the information elements
// in order, unknown ones kept verbatim. A nil UDH means the message has no
// header; a non-nil empty one is a header with no elements.
type UDH []UDHElement

// Concat gives the concatenation element (TS 23.040 9.2.3.24.1 and
// 9.2.3.24.8): the reference shared by all parts, the number of parts and
// this part's sequence number, from 1. Elements with the wrong length, no
// parts, or a sequence number of 0 or past the last part are ignored, as the
// standard asks. ok is false when no usable element is present.
func (h UDH) Concat() (ref, total, seq int, ok bool) {
	for _, e := range h {
		switch {
		case e.ID == IEIConcat8 && len(e.Data) == 3:
			ref, total, seq = int(e.Data[0]), int(e.Data[1]), int(e.Data[2])
		case e.ID == IEIConcat16 && len(e.Data) == 4:
			ref, total, seq = int(e.Data[0])<<8|int(e.Data[1]), int(e.Data[2]), int(e.Data[3])
		default:
			continue
		}
		if total > 0 && seq > 0 && seq <= total {
			return ref, total, seq, true
		}
	}
	return 0, 0, 0, false
}

// Ports gives the application port addressing element (TS 23.040
// 9.2.3.24.3 and 9.2.3.24.4): destination and source port. ok is false
// when no element of the right length is present.
func (h UDH) Ports() (dst, src int, ok bool) {
	for _, e := range h {
		switch {
		case e.ID == IEIPorts8 && len(e.Data) == 2:
			return int(e.Data[0]), int(e.Data[1]), true
		case e.ID == IEIPorts16 && len(e.Data) == 4:
			return int(e.Data[0])<<8 | int(e.Data[1]), int(e.Data[2])<<8 | int(e.Data[3]), true
		}
	}
	return 0, 0, false
}

// NewConcat gives a concatenation element: 8-bit reference when ref fits
// in 0-255, 16-bit otherwise (ref is taken modulo 65536). total and seq
// are 1-255.
func NewConcat(ref, total, seq int) UDHElement {
	if ref >= 0 && ref <= 0xFF {
		return UDHElement{ID: IEIConcat8, Data: []byte{byte(ref), byte(total), byte(seq)}}
	}
	return UDHElement{ID: IEIConcat16, Data: []byte{byte(ref >> 8), byte(ref), byte(total), byte(seq)}}
}

// NewPorts gives an application port addressing element: 8-bit ports when
// both fit in 0-255, 16-bit otherwise (ports taken modulo 65536).
func NewPorts(dst, src int) UDHElement {
	if dst >= 0 && dst <= 0xFF && src >= 0 && src <= 0xFF {
		return UDHElement{ID: IEIPorts8, Data: []byte{byte(dst), byte(src)}}
	}
	return UDHElement{ID: IEIPorts16, Data: []byte{byte(dst >> 8), byte(dst), byte(src >> 8), byte(src)}}
}

// marshal gives the header as it starts the user data: the header length
// octet (UDHL) and the elements.
func (h UDH) marshal() ([]byte, error) {
	out := []byte{0}
	for _, e := range h {
		if len(e.Data) > 0xFF {
			return nil, fmt.Errorf("sms: user data header element %#02x has %d octets, max 255", e.ID, len(e.Data))
		}
		out = append(out, e.ID, byte(len(e.Data)))
		out = append(out, e.Data...)
	}
	if len(out)-1 > 0xFF {
		return nil, fmt.Errorf("sms: user data header has %d octets, max 255", len(out)-1)
	}
	out[0] = byte(len(out) - 1)
	return out, nil
}

// decodeUDH reads the header at the start of ud and returns it with the
// number of octets it takes, UDHL included.
func decodeUDH(ud []byte) (UDH, int, error) {
	if len(ud) == 0 {
		return nil, 0, fmt.Errorf("sms: user data header indicated but user data is empty")
	}
	n := 1 + int(ud[0])
	if n > len(ud) {
		return nil, 0, fmt.Errorf("sms: user data header length %d exceeds the user data (%d octets)", ud[0], len(ud))
	}
	h := UDH{}
	for b := ud[1:n]; len(b) > 0; {
		if len(b) < 2 {
			return nil, 0, fmt.Errorf("sms: truncated user data header element %#02x", b[0])
		}
		id, l := b[0], int(b[1])
		if 2+l > len(b) {
			return nil, 0, fmt.Errorf("sms: user data header element %#02x: want %d octets, have %d", id, l, len(b)-2)
		}
		h = append(h, UDHElement{ID: id, Data: cloneBytes(b[2 : 2+l])})
		b = b[2+l:]
	}
	return h, n, nil
}
