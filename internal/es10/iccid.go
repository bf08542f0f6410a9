package es10

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// ICCIDLen is the length of an encoded ICCID (SGP.22 Iccid, OCTET STRING
// SIZE(10)).
const ICCIDLen = 10

// EIDLen is the length of an EID (SGP.22 Octet16).
const EIDLen = 16

// ICCIDToBytes encodes an ICCID of up to 20 decimal digits as ten octets of
// BCD with swapped nibbles, padding with F: "8944..." becomes 98 44 ...
func ICCIDToBytes(s string) ([]byte, error) {
	if s == "" {
		return nil, fmt.Errorf("empty ICCID")
	}
	if len(s) > 2*ICCIDLen {
		return nil, fmt.Errorf("ICCID %q has %d digits, more than %d", s, len(s), 2*ICCIDLen)
	}
	nib := make([]byte, 2*ICCIDLen)
	for i := range nib {
		nib[i] = 0xF
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("ICCID %q: character %d is not a decimal digit", s, i+1)
		}
		nib[i] = c - '0'
	}
	b := make([]byte, ICCIDLen)
	for i := range b {
		b[i] = nib[2*i] | nib[2*i+1]<<4
	}
	return b, nil
}

// ICCIDFromBytes decodes ten octets of swapped-nibble BCD into the ICCID's
// digits, dropping the F padding, which may only trail the digits.
func ICCIDFromBytes(b []byte) (string, error) {
	if len(b) != ICCIDLen {
		return "", fmt.Errorf("ICCID of %d octets, want %d", len(b), ICCIDLen)
	}
	var sb strings.Builder
	padded := false
	for i := 0; i < 2*ICCIDLen; i++ {
		n := b[i/2] & 0xF
		if i%2 == 1 {
			n = b[i/2] >> 4
		}
		switch {
		case n == 0xF:
			padded = true
		case n > 9:
			return "", fmt.Errorf("ICCID %X: nibble %d is %X, not a digit", b, i+1, n)
		case padded:
			return "", fmt.Errorf("ICCID %X: digit after F padding at nibble %d", b, i+1)
		default:
			sb.WriteByte('0' + n)
		}
	}
	if sb.Len() == 0 {
		return "", fmt.Errorf("ICCID %X holds no digits", b)
	}
	return sb.String(), nil
}

// EID is the 16-octet eUICC identifier; its String is the usual 32 hex
// digits.
type EID [EIDLen]byte

func (e EID) String() string { return strings.ToUpper(hex.EncodeToString(e[:])) }
