package gsm

import (
	"fmt"
	"strconv"
	"time"
)

// EDRXRAT is the +CEDRXS <AcT-type>: the access technology an eDRX setting
// is for.
type EDRXRAT int

// The <AcT-type> values of 27.007 7.40.
const (
	EDRXNone     EDRXRAT = 0 // access technology not using eDRX (indications only)
	EDRXECGSMIoT EDRXRAT = 1 // EC-GSM-IoT (A/Gb mode)
	EDRXGSM      EDRXRAT = 2 // GSM (A/Gb mode)
	EDRXUTRAN    EDRXRAT = 3 // UTRAN (Iu mode)
	EDRXLTEM     EDRXRAT = 4 // E-UTRAN (WB-S1 mode): LTE, LTE-M
	EDRXNBIoT    EDRXRAT = 5 // E-UTRAN (NB-S1 mode): NB-IoT
)

// String names the access technology.
func (r EDRXRAT) String() string {
	switch r {
	case EDRXNone:
		return "none"
	case EDRXECGSMIoT:
		return "EC-GSM-IoT"
	case EDRXGSM:
		return "GSM"
	case EDRXUTRAN:
		return "UTRAN"
	case EDRXLTEM:
		return "LTE-M"
	case EDRXNBIoT:
		return "NB-IoT"
	}
	return "EDRXRAT(" + strconv.Itoa(int(r)) + ")"
}

// edrxStep is the unit of the eDRX cycles: 10.24 s, 1024 radio frames.
const edrxStep = 10240 * time.Millisecond

// edrxWBS1 is the eDRX cycle for each 4-bit code in WB-S1 mode (24.008
// table 10.5.5.32): 5.12 s, then multiples of 10.24 s; 1110 and 1111 are
// interpreted as 1101.
var edrxWBS1 = [16]time.Duration{
	edrxStep / 2, edrxStep, 2 * edrxStep, 4 * edrxStep, 6 * edrxStep, 8 * edrxStep, 10 * edrxStep, 12 * edrxStep,
	14 * edrxStep, 16 * edrxStep, 32 * edrxStep, 64 * edrxStep, 128 * edrxStep, 256 * edrxStep, 256 * edrxStep, 256 * edrxStep,
}

// edrxNBS1 is the eDRX cycle for each code in NB-S1 mode: only 0010, 0011,
// 0101 and 1001 to 1111 are defined; the others are interpreted as 0010.
var edrxNBS1 = [16]time.Duration{
	2 * edrxStep, 2 * edrxStep, 2 * edrxStep, 4 * edrxStep, 2 * edrxStep, 8 * edrxStep, 2 * edrxStep, 2 * edrxStep,
	2 * edrxStep, 16 * edrxStep, 32 * edrxStep, 64 * edrxStep, 128 * edrxStep, 256 * edrxStep, 512 * edrxStep, 1024 * edrxStep,
}

// edrxCanonical lists, per RAT, the codes that mean what they say, in
// increasing order of cycle: the only ones the encoder produces.
var edrxCanonical = map[EDRXRAT][]int{
	EDRXLTEM:  {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
	EDRXNBIoT: {2, 3, 5, 9, 10, 11, 12, 13, 14, 15},
}

// ptwStep is the paging time window unit per RAT: the window is
// (value+1) × 1.28 s in WB-S1 mode and (value+1) × 2.56 s in NB-S1 mode.
var ptwStep = map[EDRXRAT]time.Duration{
	EDRXLTEM:  1280 * time.Millisecond,
	EDRXNBIoT: 2560 * time.Millisecond,
}

func edrxTable(rat EDRXRAT) (*[16]time.Duration, error) {
	switch rat {
	case EDRXLTEM:
		return &edrxWBS1, nil
	case EDRXNBIoT:
		return &edrxNBS1, nil
	}
	return nil, fmt.Errorf("gsm: eDRX: unsupported AcT-type %d (want 4 LTE-M or 5 NB-IoT)", int(rat))
}

// parseNibble reads a 4-bit string.
func parseNibble(what, bits string) (int, error) {
	if !isBits(bits, 4) {
		return 0, fmt.Errorf("gsm: %s: bad bits %q (want 4 binary digits)", what, bits)
	}
	n, _ := strconv.ParseUint(bits, 2, 4)
	return int(n), nil
}

// EncodeEDRX encodes an eDRX cycle as the 4-bit string of AT+CEDRXS: the
// shortest cycle the RAT defines that is not shorter than d, e.g. 143.36 s
// on LTE-M is "1000". LTE-M cycles run from 5.12 s to 2621.44 s, NB-IoT
// cycles from 20.48 s to 10485.76 s; a longer or negative d is an error.
func EncodeEDRX(rat EDRXRAT, d time.Duration) (string, error) {
	t, err := edrxTable(rat)
	if err != nil {
		return "", err
	}
	if d < 0 {
		return "", fmt.Errorf("gsm: eDRX: negative cycle %v", d)
	}
	for _, code := range edrxCanonical[rat] {
		if t[code] >= d {
			return fmt.Sprintf("%04b", code), nil
		}
	}
	codes := edrxCanonical[rat]
	return "", fmt.Errorf("gsm: eDRX: %v is longer than the longest %v cycle, %v", d, rat, t[codes[len(codes)-1]])
}

// DecodeEDRX decodes a 4-bit eDRX value (24.008 10.5.5.32, octet 3 bits
// 4-1) for LTE-M (WB-S1) or NB-IoT (NB-S1). The tables differ: "0000" is
// 5.12 s on LTE-M while NB-IoT interprets it, like every code it does not
// define, as "0010" (20.48 s); LTE-M interprets "1110" and "1111" as "1101"
// (2621.44 s).
func DecodeEDRX(rat EDRXRAT, bits string) (time.Duration, error) {
	t, err := edrxTable(rat)
	if err != nil {
		return 0, err
	}
	n, err := parseNibble("eDRX", bits)
	if err != nil {
		return 0, err
	}
	return t[n], nil
}

// EncodePTW encodes a paging time window as a 4-bit string: the shortest
// window not shorter than d, (value+1) × 1.28 s on LTE-M (1.28 s to
// 20.48 s) and (value+1) × 2.56 s on NB-IoT (2.56 s to 40.96 s); e.g.
// 10.24 s on LTE-M is "0111". A longer or negative d is an error.
func EncodePTW(rat EDRXRAT, d time.Duration) (string, error) {
	step, ok := ptwStep[rat]
	if !ok {
		return "", fmt.Errorf("gsm: PTW: unsupported AcT-type %d (want 4 LTE-M or 5 NB-IoT)", int(rat))
	}
	if d < 0 {
		return "", fmt.Errorf("gsm: PTW: negative window %v", d)
	}
	if d > 16*step {
		return "", fmt.Errorf("gsm: PTW: %v is longer than the longest %v window, %v", d, rat, 16*step)
	}
	n := (d + step - 1) / step // windows: 1..16 steps
	if n < 1 {
		n = 1
	}
	return fmt.Sprintf("%04b", n-1), nil
}

// DecodePTW decodes a 4-bit paging time window (24.008 10.5.5.32, octet 3
// bits 8-5) for LTE-M or NB-IoT.
func DecodePTW(rat EDRXRAT, bits string) (time.Duration, error) {
	step, ok := ptwStep[rat]
	if !ok {
		return 0, fmt.Errorf("gsm: PTW: unsupported AcT-type %d (want 4 LTE-M or 5 NB-IoT)", int(rat))
	}
	n, err := parseNibble("PTW", bits)
	if err != nil {
		return 0, err
	}
	return time.Duration(n+1) * step, nil
}
