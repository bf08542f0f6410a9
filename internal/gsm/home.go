package gsm

import (
	"encoding/hex"
	"slices"
	"strings"
)

// MNCLengthFromAD reads the length of the MNC in the IMSI from the content
// of EF AD (31.102 4.2.18), as read with AT+CRSM=176,28589,0,0,4: the low
// nibble of byte 4, 2 or 3. It returns 0 when the file is too short or the
// value is neither.
func MNCLengthFromAD(hexData string) int {
	raw, err := hex.DecodeString(strings.TrimSpace(hexData))
	if err != nil || len(raw) < 4 {
		return 0
	}
	if n := int(raw[3] & 0x0F); n == 2 || n == 3 {
		return n
	}
	return 0
}

// HomePLMN gives the HPLMN of the subscriber: the MCC and MNC at the head of
// the IMSI (23.003 2.2), with an MNC of mncLen digits (2 or 3, from EF AD).
// It reports false when the IMSI is too short or mncLen is unknown.
func HomePLMN(imsi string, mncLen int) (string, bool) {
	if (mncLen != 2 && mncLen != 3) || !digits(imsi, 3+mncLen, 15) {
		return "", false
	}
	return imsi[:3+mncLen], true
}

// Home is what the SIM says about the subscriber's home: the IMSI, the MNC
// length (0 if unknown) and the equivalent HPLMNs of EF EHPLMN (31.102
// 4.2.84), which 23.122 treats as the HPLMN when present.
type Home struct {
	IMSI   string
	MNCLen int
	EHPLMN []string
}

// Known reports whether anything tells the home network.
func (h Home) Known() bool {
	_, ok := HomePLMN(h.IMSI, h.MNCLen)
	return ok || len(h.EHPLMN) > 0 || digits(h.IMSI, 6, 15)
}

// Contains reports whether plmn (5 or 6 digits) is a home network: one of
// the EHPLMNs, or the HPLMN of the IMSI. With the MNC length unknown, a
// PLMN is the HPLMN when the IMSI starts with it (the MNC is then taken
// to be as long as the PLMN's).
func (h Home) Contains(plmn string) bool {
	if !digits(plmn, 5, 6) {
		return false
	}
	if slices.Contains(h.EHPLMN, plmn) {
		return true
	}
	if hp, ok := HomePLMN(h.IMSI, h.MNCLen); ok {
		return hp == plmn
	}
	return h.MNCLen == 0 && digits(h.IMSI, 6, 15) && strings.HasPrefix(h.IMSI, plmn)
}
