package gsm

import (
	"fmt"
	"time"
)

// TimerDeactivated is the duration the GPRS timer decoders return, with
// ErrTimerDeactivated, for a timer whose unit bits are 111; EncodeT3412 and
// EncodeT3324 encode it as "11100000".
const TimerDeactivated time.Duration = -1

// timerUnit is one value of the 3-bit unit of a GPRS timer.
type timerUnit struct {
	code uint8
	unit time.Duration
}

// t3412Units is GPRS timer 3 (24.008 10.5.7.4a), finest unit first; 111 is
// deactivated.
var t3412Units = []timerUnit{
	{0b011, 2 * time.Second},
	{0b100, 30 * time.Second},
	{0b101, time.Minute},
	{0b000, 10 * time.Minute},
	{0b001, time.Hour},
	{0b010, 10 * time.Hour},
	{0b110, 320 * time.Hour},
}

// t3324Units is GPRS timer 2 (24.008 10.5.7.4, coded as GPRS timer
// 10.5.7.3), finest unit first; 111 is deactivated.
var t3324Units = []timerUnit{
	{0b000, 2 * time.Second},
	{0b001, time.Minute},
	{0b010, 6 * time.Minute}, // decihours
}

// encodeTimer finds the shortest value not shorter than d; at equal values
// the finer unit wins.
func encodeTimer(name string, units []timerUnit, d time.Duration) (string, error) {
	if d == TimerDeactivated {
		return "11100000", nil
	}
	if d < 0 {
		return "", fmt.Errorf("gsm: %s: negative duration %v", name, d)
	}
	if max := units[len(units)-1].unit * 31; d > max {
		return "", fmt.Errorf("gsm: %s: %v is longer than the longest value, %v", name, d, max)
	}
	best, bits := time.Duration(-1), ""
	for _, u := range units {
		v := (d + u.unit - 1) / u.unit // ceil
		if v > 31 {
			continue
		}
		if got := v * u.unit; best < 0 || got < best {
			best, bits = got, fmt.Sprintf("%03b%05b", u.code, v)
		}
	}
	return bits, nil
}

// decodeTimer decodes an 8-bit string; other maps unit codes the table does
// not hold (nil: such codes are an error).
func decodeTimer(name string, units []timerUnit, other time.Duration, bits string) (time.Duration, error) {
	if !isBits(bits, 8) {
		return 0, fmt.Errorf("gsm: %s: bad bits %q (want 8 binary digits)", name, bits)
	}
	var b uint8
	for i := 0; i < 8; i++ {
		b = b<<1 | (bits[i] - '0')
	}
	code, v := b>>5, time.Duration(b&0x1F)
	if code == 0b111 {
		return TimerDeactivated, fmt.Errorf("gsm: %s %s: %w", name, bits, ErrTimerDeactivated)
	}
	for _, u := range units {
		if u.code == code {
			return v * u.unit, nil
		}
	}
	return v * other, nil
}

// EncodeT3412 encodes a periodic TAU (T3412 extended, GPRS timer 3) as the
// 8-bit string of AT+CPSMS: the nearest value not shorter than d, e.g. 140 h
// is "01001110" (unit 10 h, value 14). The longest value is 31 × 320 h =
// 9920 h; longer or negative durations are an error. TimerDeactivated
// encodes as "11100000".
func EncodeT3412(d time.Duration) (string, error) {
	return encodeTimer("T3412", t3412Units, d)
}

// DecodeT3412 decodes the 8-bit string of a periodic TAU (T3412 extended,
// GPRS timer 3: bits 8-6 unit 10 min, 1 h, 10 h, 2 s, 30 s, 1 min, 320 h,
// deactivated; bits 5-1 value). For the unit 111 it returns
// TimerDeactivated and an error wrapping ErrTimerDeactivated.
func DecodeT3412(bits string) (time.Duration, error) {
	return decodeTimer("T3412", t3412Units, 0, bits)
}

// EncodeT3324 encodes an active time (T3324, GPRS timer 2) as the 8-bit
// string of AT+CPSMS: the nearest value not shorter than d, e.g. 10 s is
// "00000101" (unit 2 s, value 5). The longest value is 31 × 6 min = 3 h 6
// min; longer or negative durations are an error. TimerDeactivated encodes
// as "11100000".
func EncodeT3324(d time.Duration) (string, error) {
	return encodeTimer("T3324", t3324Units, d)
}

// DecodeT3324 decodes the 8-bit string of an active time (T3324, GPRS timer
// 2: bits 8-6 unit 2 s, 1 min, 6 min, deactivated; bits 5-1 value). As
// 24.008 says, the unused unit codes 011 to 110 count as minutes. For the
// unit 111 it returns TimerDeactivated and an error wrapping
// ErrTimerDeactivated.
func DecodeT3324(bits string) (time.Duration, error) {
	return decodeTimer("T3324", t3324Units, time.Minute, bits)
}
