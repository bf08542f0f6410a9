package sms

import (
	"strings"
	"unicode/utf8"
)

// gsm7Escape is the septet that escapes to the extension table.
const gsm7Escape = 0x1B

// gsm7Default is the GSM 7-bit default alphabet (TS 23.038 6.2.1), indexed
// by septet. Position 0x1B is the escape to the extension table; on its own it
// is shown as a space, as the standard asks of receivers.
var gsm7Default = [128]rune{
	'@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
	'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', ' ', 'Æ', 'æ', 'ß', 'É',
	' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	'¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
	'¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
}

// gsm7Extension is the default alphabet extension table (TS 23.038 6.2.1.1):
// the septet that follows an escape, and its character.
var gsm7Extension = map[byte]rune{
	0x0A: '\f', // page break
	0x14: '^',
	0x28: '{',
	0x29: '}',
	0x2F: '\\',
	0x3C: '[',
	0x3D: '~',
	0x3E: ']',
	0x40: '|',
	0x65: '€',
}

// gsm7Reverse maps a character to its septets: one for the default alphabet,
// two (escape first) for the extension table.
var gsm7Reverse = buildGSM7Reverse()

func buildGSM7Reverse() map[rune][]byte {
	m := make(map[rune][]byte, len(gsm7Default)+len(gsm7Extension))
	for c, r := range gsm7Default {
		if c == gsm7Escape {
			continue // the escape is not a character; ' ' is 0x20
		}
		m[r] = []byte{byte(c)}
	}
	for c, r := range gsm7Extension {
		m[r] = []byte{gsm7Escape, c}
	}
	return m
}

// EncodeGSM7 converts s to unpacked septets of the GSM 7-bit default alphabet
// (one septet per byte, values 0-0x7F). The extension characters
// € [ ] { } | ~ ^ \ and the page break (form feed) become two septets, the
// escape 0x1B followed by their code. ok is false, and septets nil, when s
// holds a character with no mapping (or is not valid UTF-8).
func EncodeGSM7(s string) (septets []byte, ok bool) {
	septets, bad := encodeGSM7(s)
	return septets, bad < 0
}

// encodeGSM7 is EncodeGSM7 that reports the byte offset of the first
// character without a mapping, or -1.
func encodeGSM7(s string) ([]byte, int) {
	out := make([]byte, 0, len(s))
	for i, r := range s {
		sep, found := gsm7Reverse[r]
		if !found { // includes U+FFFD, which also stands for invalid UTF-8
			return nil, i
		}
		out = append(out, sep...)
	}
	return out, -1
}

// DecodeGSM7 converts unpacked septets of the GSM 7-bit default alphabet to
// text. As TS 23.038 asks of receivers: an escape followed by a code the
// extension table does not define yields the default alphabet's character
// for that code, and an escape at the end, or two escapes in a row (reserved
// for a further extension table), yield a space. Bytes above 0x7F are not
// septets and yield U+FFFD.
func DecodeGSM7(septets []byte) string {
	var sb strings.Builder
	sb.Grow(len(septets))
	for i := 0; i < len(septets); i++ {
		c := septets[i]
		switch {
		case c > 0x7F:
			sb.WriteRune(utf8.RuneError)
			continue
		case c != gsm7Escape:
			sb.WriteRune(gsm7Default[c])
			continue
		case i+1 == len(septets):
			sb.WriteByte(' ')
			continue
		}
		i++
		n := septets[i]
		if r, ok := gsm7Extension[n]; ok {
			sb.WriteRune(r)
		} else if n == gsm7Escape {
			sb.WriteByte(' ')
		} else if n > 0x7F {
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.WriteRune(gsm7Default[n])
		}
	}
	return sb.String()
}
