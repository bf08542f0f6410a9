package gsm

import (
	"encoding/hex"
	"unicode/utf16"
)

// DecodeUCS2Hex decodes text a modem printed in the UCS2 character set
// (AT+CSCS="UCS2"): hex digits, four per UTF-16 code unit, big endian, e.g.
// "004F0032" for "O2". It reports false, and returns "", when s cannot be
// such text: shorter than four digits, not a multiple of four, not hex, an
// unpaired surrogate, or a control character (no operator name or message
// holds one). A name made only of hex digits, such as "1234", also decodes,
// so only a caller that knows the character set is UCS2 should call it.
func DecodeUCS2Hex(s string) (string, bool) {
	if len(s) < 4 || len(s)%4 != 0 {
		return "", false
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return "", false
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	for i := 0; i < len(u); i++ {
		switch {
		case u[i] < 0x20 || u[i] == 0x7F:
			return "", false
		case utf16.IsSurrogate(rune(u[i])):
			if u[i] >= 0xDC00 || i+1 == len(u) || u[i+1] < 0xDC00 || u[i+1] > 0xDFFF {
				return "", false
			}
			i++
		}
	}
	return string(utf16.Decode(u)), true
}
