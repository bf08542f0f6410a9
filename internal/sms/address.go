package sms

import (
	"fmt"
	"strings"
)

// Type-of-number values of an address (TS 23.040 9.1.2.5).
const (
	TONUnknown       = 0
	TONInternational = 1
	TONNational      = 2
	TONNetwork       = 3
	TONSubscriber    = 4
	TONAlphanumeric  = 5 // GSM 7-bit text, packed; NPI is 0
	TONAbbreviated   = 6
)

// Numbering-plan values of an address (TS 23.040 9.1.2.5).
const (
	NPIUnknown  = 0
	NPIISDN     = 1 // E.164/E.163
	NPIData     = 3 // X.121
	NPITelex    = 4
	NPINational = 8
	NPIPrivate  = 9
	NPIERMES    = 10
)

// maxAddressDigits is the most semi-octets an address value holds: 10
// octets (TS 23.040 9.1.2.5).
const maxAddressDigits = 20

// Address is an originating, destination or SMSC address.
//
// Number holds the digits, with a leading '+' when TON is
// TONInternational. Besides 0-9 the digits may be '*', '#', 'a', 'b' and 'c'
// (TS 23.040 9.1.2.3). When TON is TONAlphanumeric, Number is text in the GSM
// 7-bit default alphabet, at most 11 septets. TON is 0-7 and NPI 0-15; the
// zero Address is an empty address.
type Address struct {
	Number string
	TON    byte
	NPI    byte
}

// ParseAddress makes an Address from the way people write one: "+" followed
// by digits is an international ISDN number, digits (with '*' and '#') are an
// ISDN number of unknown type, anything else is alphanumeric. The empty string
// gives the zero Address.
func ParseAddress(s string) Address {
	switch {
	case s == "":
		return Address{}
	case len(s) > 1 && s[0] == '+' && strings.Trim(s[1:], "0123456789") == "":
		return Address{Number: s, TON: TONInternational, NPI: NPIISDN}
	case strings.Trim(s, "0123456789*#") == "":
		return Address{Number: s, TON: TONUnknown, NPI: NPIISDN}
	default:
		return Address{Number: s, TON: TONAlphanumeric, NPI: NPIUnknown}
	}
}

// typeOctet is the type-of-address octet: bit 7 set, TON, NPI.
func (a Address) typeOctet(field string) (byte, error) {
	if a.TON > 7 || a.NPI > 15 {
		return 0, fmt.Errorf("sms: %s: type of number %d / numbering plan %d out of range", field, a.TON, a.NPI)
	}
	return 0x80 | a.TON<<4 | a.NPI, nil
}

// digitNibbles returns the semi-octet values of a's digits.
func (a Address) digitNibbles(field string) ([]byte, error) {
	num := a.Number
	if a.TON == TONInternational {
		num = strings.TrimPrefix(num, "+")
	}
	out := make([]byte, 0, len(num))
	for i := 0; i < len(num); i++ {
		c := num[i]
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c == '*':
			v = 0xA
		case c == '#':
			v = 0xB
		case c >= 'a' && c <= 'c':
			v = 0xC + c - 'a'
		default:
			return nil, fmt.Errorf("sms: %s %q: %q is not an address digit", field, a.Number, c)
		}
		out = append(out, v)
	}
	if len(out) > maxAddressDigits {
		return nil, fmt.Errorf("sms: %s %q too long: %d digits, max %d", field, a.Number, len(out), maxAddressDigits)
	}
	return out, nil
}

// appendNibbles appends semi-octets low nibble first, padding an odd count
// with 0xF.
func appendNibbles(dst, nibbles []byte) []byte {
	for i := 0; i < len(nibbles); i += 2 {
		hi := byte(0xF)
		if i+1 < len(nibbles) {
			hi = nibbles[i+1]
		}
		dst = append(dst, hi<<4|nibbles[i])
	}
	return dst
}

// nibbleDigit is the character of a semi-octet value below 0xF.
const nibbleDigit = "0123456789*#abc"

// numberFrom formats digits as Number for the given type of number.
func numberFrom(digits string, ton byte) string {
	if ton == TONInternational && digits != "" {
		return "+" + digits
	}
	return digits
}

// appendTPAddress appends a in the TP-OA/TP-DA layout (TS 23.040 9.1.2.5):
// the count of useful semi-octets, the type of address, the value.
func appendTPAddress(dst []byte, a Address, field string) ([]byte, error) {
	toa, err := a.typeOctet(field)
	if err != nil {
		return nil, err
	}
	if a.TON == TONAlphanumeric {
		septets, bad := encodeGSM7(a.Number)
		if bad >= 0 {
			return nil, fmt.Errorf("sms: %s %q: character at byte %d is not in the GSM 7-bit alphabet", field, a.Number, bad)
		}
		n := (7*len(septets) + 3) / 4
		if n > maxAddressDigits {
			return nil, fmt.Errorf("sms: %s %q too long: %d septets, max 11", field, a.Number, len(septets))
		}
		dst = append(dst, byte(n), toa)
		return append(dst, Pack7(septets, 0)...), nil
	}
	nibbles, err := a.digitNibbles(field)
	if err != nil {
		return nil, err
	}
	dst = append(dst, byte(len(nibbles)), toa)
	return appendNibbles(dst, nibbles), nil
}

// decodeTPAddress reads an address in the TP-OA/TP-DA layout.
func decodeTPAddress(r *reader, field string) (Address, error) {
	n, err := r.byte(field + " length")
	if err != nil {
		return Address{}, err
	}
	toa, err := r.byte(field + " type")
	if err != nil {
		return Address{}, err
	}
	if n > maxAddressDigits {
		return Address{}, fmt.Errorf("sms: %s length %d exceeds %d semi-octets", field, n, maxAddressDigits)
	}
	val, err := r.bytes((int(n)+1)/2, field)
	if err != nil {
		return Address{}, err
	}
	a := Address{TON: toa >> 4 & 7, NPI: toa & 0x0F}
	if a.TON == TONAlphanumeric {
		a.Number = DecodeGSM7(Unpack7(val, int(n)*4/7, 0))
		return a, nil
	}
	var sb strings.Builder
	for i := 0; i < int(n); i++ {
		v := val[i/2] >> (4 * uint(i%2)) & 0x0F
		if v == 0xF {
			return Address{}, fmt.Errorf("sms: %s has a filler semi-octet at digit %d of %d", field, i+1, n)
		}
		sb.WriteByte(nibbleDigit[v])
	}
	a.Number = numberFrom(sb.String(), a.TON)
	return a, nil
}

// appendSMSC appends a as the SMSC address of PDU mode (TS 27.005 3.1, the
// RP address of TS 24.011 8.2.5.1): an octet count, then, unless a is the
// zero Address, the type of address and semi-octet digits. The zero Address
// is the single octet 00, which tells the modem to use its stored SMSC.
func appendSMSC(dst []byte, a Address) ([]byte, error) {
	const field = "SMSC address"
	if a == (Address{}) {
		return append(dst, 0), nil
	}
	toa, err := a.typeOctet(field)
	if err != nil {
		return nil, err
	}
	nibbles, err := a.digitNibbles(field)
	if err != nil {
		return nil, err
	}
	dst = append(dst, byte(1+(len(nibbles)+1)/2), toa)
	return appendNibbles(dst, nibbles), nil
}

// decodeSMSC reads the SMSC address of PDU mode. The digits end at the
// first 0xF filler; only fillers may follow it.
func decodeSMSC(r *reader) (Address, error) {
	const field = "SMSC address"
	n, err := r.byte(field + " length")
	if err != nil {
		return Address{}, err
	}
	if n == 0 {
		return Address{}, nil
	}
	if n > 1+maxAddressDigits/2 {
		return Address{}, fmt.Errorf("sms: %s length %d exceeds %d octets", field, n, 1+maxAddressDigits/2)
	}
	b, err := r.bytes(int(n), field)
	if err != nil {
		return Address{}, err
	}
	a := Address{TON: b[0] >> 4 & 7, NPI: b[0] & 0x0F}
	var sb strings.Builder
	end := false
	for i := 0; i < 2*(len(b)-1); i++ {
		v := b[1+i/2] >> (4 * uint(i%2)) & 0x0F
		switch {
		case v == 0xF:
			end = true
		case end:
			return Address{}, fmt.Errorf("sms: %s has digits after a filler semi-octet", field)
		default:
			sb.WriteByte(nibbleDigit[v])
		}
	}
	a.Number = numberFrom(sb.String(), a.TON)
	return a, nil
}
