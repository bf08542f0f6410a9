package modem

import (
	"encoding/hex"
	"strings"
	"unicode/utf16"
)

// utf16Units gives s as UTF-16 code units, as UCS2 text travels.
func utf16Units(s string) []uint16 { return utf16.Encode([]rune(s)) }

// fromTE converts text the TE sent in character set cscs (AT+CSCS) to a
// string: UCS2 is hex UTF-16, the others are taken as they are.
func fromTE(cscs, s string) (string, bool) {
	if cscs != "UCS2" {
		return s, true
	}
	s = strings.TrimSpace(s)
	b, err := hex.DecodeString(s)
	if err != nil || len(b)%2 != 0 {
		return "", false
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u)), true
}
