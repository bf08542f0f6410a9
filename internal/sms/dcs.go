package sms

import "strconv"

// Encoding is the alphabet a data coding scheme selects (TS 23.038 4).
type Encoding byte

// The alphabets of TS 23.038.
const (
	GSM7  Encoding = iota // GSM 7-bit default alphabet, packed septets
	Data8                 // 8-bit data, not interpreted
	UCS2                  // UCS2, read and written as UTF-16BE
)

// String names the encoding.
func (e Encoding) String() string {
	switch e {
	case GSM7:
		return "GSM7"
	case Data8:
		return "8bit"
	case UCS2:
		return "UCS2"
	default:
		return "Encoding(" + strconv.Itoa(int(e)) + ")"
	}
}

// DCS is a TP-Data-Coding-Scheme octet (TS 23.038 4). The zero DCS is
// GSM 7-bit text with no message class.
type DCS byte

// NewDCS gives the DCS of the general data coding group for e, with
// message class 0-3 (class 0 is a flash message) or no class when class is
// outside 0-3. An e other than Data8 and UCS2 gives GSM 7-bit.
func NewDCS(e Encoding, class int) DCS {
	var d DCS
	switch e {
	case Data8:
		d = 0x04
	case UCS2:
		d = 0x08
	}
	if class >= 0 && class <= 3 {
		d |= 0x10 | DCS(class)
	}
	return d
}

// group is the coding group, the high four bits.
func (d DCS) group() byte { return byte(d) >> 4 }

// Encoding gives the alphabet d selects. Reserved values are GSM 7-bit, as
// TS 23.038 asks of receivers.
func (d DCS) Encoding() Encoding {
	switch g := d.group(); {
	case g <= 0x7: // general data coding, with or without automatic deletion
		switch d >> 2 & 3 {
		case 1:
			return Data8
		case 2:
			return UCS2
		}
	case g == 0xE: // message waiting indication, store message, UCS2
		return UCS2
	case g == 0xF: // data coding / message class
		if d&0x04 != 0 {
			return Data8
		}
	}
	return GSM7
}

// Class gives the message class (0-3) when d carries one.
func (d DCS) Class() (class int, ok bool) {
	g := d.group()
	if (g <= 0x7 && d&0x10 != 0) || g == 0xF {
		return int(d & 3), true
	}
	return 0, false
}

// Flash reports whether d marks a flash message: message class 0, shown
// at once and not stored.
func (d DCS) Flash() bool {
	c, ok := d.Class()
	return ok && c == 0
}

// Compressed reports whether d marks the user data as compressed
// (TS 23.038 4). Compressed user data is counted in octets and travels in
// Data whatever the alphabet.
func (d DCS) Compressed() bool {
	return d.group() <= 0x7 && d&0x20 != 0
}

// octets reports whether user data under d is counted in octets rather than
// septets.
func (d DCS) octets() bool {
	return d.Compressed() || d.Encoding() != GSM7
}
