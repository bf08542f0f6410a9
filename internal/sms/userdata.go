package sms

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits of TP-User-Data (TS 23.040 9.2.3.24).
const (
	maxUDOctets  = 140
	maxUDSeptets = 160
)

// appendUserData appends TP-UDL and TP-UD. With a GSM 7-bit DCS text is
// packed after the header on a septet boundary and UDL counts septets;
// otherwise UDL counts octets, text is UTF-16BE for UCS2, and data is
// copied for 8-bit and compressed user data.
func appendUserData(dst []byte, dcs DCS, udh UDH, text string, data []byte) ([]byte, error) {
	var hdr []byte
	if udh != nil {
		var err error
		if hdr, err = udh.marshal(); err != nil {
			return nil, err
		}
	}
	var body []byte
	switch {
	case dcs.Compressed() || dcs.Encoding() == Data8:
		if text != "" {
			return nil, fmt.Errorf("sms: DCS %#02x carries 8-bit data: put the payload in Data, not Text", byte(dcs))
		}
		body = data
	case len(data) != 0:
		return nil, fmt.Errorf("sms: DCS %#02x carries text: put the payload in Text, not Data", byte(dcs))
	case dcs.Encoding() == UCS2:
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("sms: text is not valid UTF-8")
		}
		body = appendUTF16BE(nil, text)
	default: // GSM 7-bit
		septets, bad := encodeGSM7(text)
		if bad >= 0 {
			r, _ := utf8.DecodeRuneInString(text[bad:])
			return nil, fmt.Errorf("sms: text has %q at byte %d, which the GSM 7-bit alphabet lacks: use UCS2", r, bad)
		}
		hdrSeptets := (8*len(hdr) + 6) / 7
		fill := 7*hdrSeptets - 8*len(hdr)
		udl := hdrSeptets + len(septets)
		if udl > maxUDSeptets {
			return nil, fmt.Errorf("sms: user data too long: %d septets, max %d", udl, maxUDSeptets)
		}
		dst = append(dst, byte(udl))
		dst = append(dst, hdr...)
		return append(dst, Pack7(septets, fill)...), nil
	}
	udl := len(hdr) + len(body)
	if udl > maxUDOctets {
		return nil, fmt.Errorf("sms: user data too long: %d octets, max %d", udl, maxUDOctets)
	}
	dst = append(dst, byte(udl))
	dst = append(dst, hdr...)
	return append(dst, body...), nil
}

// userData is what decodeUserData finds.
type userData struct {
	udh  UDH
	text string
	data []byte
}

// decodeUserData reads TP-UDL and TP-UD, which must end the PDU.
func decodeUserData(r *reader, dcs DCS, hasUDH bool) (userData, error) {
	var u userData
	b, err := r.byte("user data length")
	if err != nil {
		return u, err
	}
	udl := int(b)
	var n int
	if dcs.octets() {
		if udl > maxUDOctets {
			return u, fmt.Errorf("sms: user data length %d exceeds %d octets", udl, maxUDOctets)
		}
		if n = udl; r.remaining() < n {
			return u, fmt.Errorf("sms: truncated user data: want %d octets, have %d", udl, r.remaining())
		}
	} else {
		if udl > maxUDSeptets {
			return u, fmt.Errorf("sms: user data length %d exceeds %d septets", udl, maxUDSeptets)
		}
		if n = (7*udl + 7) / 8; r.remaining() < n {
			return u, fmt.Errorf("sms: truncated user data: want %d septets, have %d", udl, 8*r.remaining()/7)
		}
	}
	ud, _ := r.bytes(n, "user data")
	if extra := r.remaining(); extra > 0 {
		return u, fmt.Errorf("sms: %d unexpected octets after the user data", extra)
	}
	hdrLen := 0
	if hasUDH {
		if u.udh, hdrLen, err = decodeUDH(ud); err != nil {
			return userData{}, err
		}
	}
	if !dcs.octets() {
		hdrSeptets := (8*hdrLen + 6) / 7
		if hdrSeptets > udl {
			return userData{}, fmt.Errorf("sms: user data header (%d octets) exceeds the user data length of %d septets", hdrLen, udl)
		}
		count := udl - hdrSeptets
		septets := Unpack7(ud[hdrLen:], count, 7*hdrSeptets-8*hdrLen)
		if len(septets) != count {
			return userData{}, fmt.Errorf("sms: truncated user data: want %d septets, have %d", count, len(septets))
		}
		u.text = DecodeGSM7(septets)
		return u, nil
	}
	body := ud[hdrLen:]
	if dcs.Encoding() == UCS2 && !dcs.Compressed() {
		if len(body)%2 != 0 {
			return userData{}, fmt.Errorf("sms: UCS2 user data has an odd number of octets (%d)", len(body))
		}
		u.text = decodeUTF16BE(body)
		return u, nil
	}
	u.data = cloneBytes(body)
	return u, nil
}

// appendUTF16BE appends s as UTF-16 big-endian; characters outside the BMP
// become surrogate pairs.
func appendUTF16BE(dst []byte, s string) []byte {
	for _, r := range s {
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			dst = append(dst, byte(r1>>8), byte(r1), byte(r2>>8), byte(r2))
			continue
		}
		dst = append(dst, byte(r>>8), byte(r))
	}
	return dst
}

// decodeUTF16BE reads UTF-16 big-endian from an even number of octets;
// unpaired surrogates become U+FFFD.
func decodeUTF16BE(b []byte) string {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(units))
}

// cloneBytes copies b, giving nil for an empty b.
func cloneBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}
