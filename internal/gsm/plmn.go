package gsm

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// EncodePLMN encodes a PLMN, MCC and MNC as 5 or 6 digits ("26201",
// "310260"), in the 3-byte BCD of 24.008 10.5.1.13 used by the SIM files
// (31.102 EF FPLMN, EF OPLMNwACT): MCC digit 2 and 1 in byte 1, MNC digit 3
// (F for a two-digit MNC) and MCC digit 3 in byte 2, MNC digit 2 and 1 in
// byte 3; "26201" is 62 F2 10.
func EncodePLMN(plmn string) ([3]byte, error) {
	var b [3]byte
	if !digits(plmn, 5, 6) {
		return b, fmt.Errorf("gsm: PLMN %q: want 5 or 6 digits", plmn)
	}
	d := func(i int) byte { return plmn[i] - '0' }
	mnc3 := byte(0xF)
	if len(plmn) == 6 {
		mnc3 = d(5)
	}
	b[0] = d(1)<<4 | d(0)
	b[1] = mnc3<<4 | d(2)
	b[2] = d(4)<<4 | d(3)
	return b, nil
}

// DecodePLMN decodes the 3-byte BCD of a PLMN into its 5 or 6 digits. It
// reports false for FF FF FF, the unused entry of a SIM list, and for bytes
// that are not a PLMN (a nibble above 9 other than the F filler of MNC
// digit 3).
func DecodePLMN(b [3]byte) (string, bool) {
	s, err := decodePLMN(b)
	return s, err == nil
}

// errEmptyPLMN marks FF FF FF.
var errEmptyPLMN = fmt.Errorf("gsm: empty PLMN entry")

func decodePLMN(b [3]byte) (string, error) {
	if b == [3]byte{0xFF, 0xFF, 0xFF} {
		return "", errEmptyPLMN
	}
	nib := []byte{b[0] & 0xF, b[0] >> 4, b[1] & 0xF, b[2] & 0xF, b[2] >> 4, b[1] >> 4}
	n := 6
	if nib[5] == 0xF {
		n = 5
	}
	out := make([]byte, n)
	for i := range out {
		if nib[i] > 9 {
			return "", fmt.Errorf("gsm: PLMN %X: not BCD", b[:])
		}
		out[i] = '0' + nib[i]
	}
	return string(out), nil
}

// DecodeFPLMN decodes the content of EF FPLMN (31.102 4.2.16) as read with
// AT+CRSM=176,28539,...: hex, three bytes per PLMN; FF FF FF entries are
// skipped. The result is empty, not nil, for a cleared list.
func DecodeFPLMN(hexData string) ([]string, error) {
	h := strings.TrimSpace(hexData)
	if len(h)%6 != 0 {
		return nil, fmt.Errorf("gsm: EF FPLMN %q: length is not a multiple of 3 bytes", h)
	}
	raw, err := hex.DecodeString(h)
	if err != nil {
		return nil, fmt.Errorf("gsm: EF FPLMN %q: not hex", h)
	}
	out := []string{}
	for i := 0; i < len(raw); i += 3 {
		s, err := decodePLMN([3]byte(raw[i : i+3]))
		if err == errEmptyPLMN {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("gsm: EF FPLMN entry %d %X: not a PLMN", i/3+1, raw[i:i+3])
		}
		out = append(out, s)
	}
	return out, nil
}

// EncodeFPLMN encodes a forbidden PLMN list as the hex content of an EF
// FPLMN of size bytes, for AT+CRSM=214 (UPDATE BINARY): the PLMNs in order,
// then FF up to size. No PLMNs gives all FF, which clears the list. The
// PLMNs must fit (3 bytes each); size must be 1 to 255 bytes.
func EncodeFPLMN(plmns []string, size int) (string, error) {
	if size < 1 || size > 255 {
		return "", fmt.Errorf("gsm: EF FPLMN: size %d out of range 1..255", size)
	}
	if 3*len(plmns) > size {
		return "", fmt.Errorf("gsm: EF FPLMN: %d PLMNs do not fit in %d bytes", len(plmns), size)
	}
	b := make([]byte, size)
	for i := range b {
		b[i] = 0xFF
	}
	for i, p := range plmns {
		e, err := EncodePLMN(p)
		if err != nil {
			return "", err
		}
		copy(b[3*i:], e[:])
	}
	return strings.ToUpper(hex.EncodeToString(b)), nil
}
