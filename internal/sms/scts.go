package sms

import (
	"fmt"
	"time"
)

// sctsLen is the size of a service centre timestamp or absolute validity
// period: seven octets (TS 23.040 9.2.3.11).
const sctsLen = 7

// maxQuarterHours is the largest time zone offset the timestamp can carry:
// three bits of tens and four of units.
const maxQuarterHours = 79

// swapBCD encodes 0-99 as two swapped semi-octets: units in the high
// nibble, tens in the low one.
func swapBCD(v int) byte { return byte(v%10)<<4 | byte(v/10) }

// appendSCTS appends t as a timestamp (TS 23.040 9.2.3.11): year (2000-2099),
// month, day, hour, minute, second and time zone in quarter hours, each as
// swapped semi-octets, with the zone's sign in bit 3 of the last octet. The
// fields are t's local time in its own location. The zero time.Time is
// written as seven zero octets.
func appendSCTS(dst []byte, t time.Time, field string) ([]byte, error) {
	if t.IsZero() {
		return append(dst, make([]byte, sctsLen)...), nil
	}
	if y := t.Year(); y < 2000 || y > 2099 {
		return nil, fmt.Errorf("sms: %s: year %d is outside 2000-2099", field, y)
	}
	_, off := t.Zone()
	if off%(15*60) != 0 {
		return nil, fmt.Errorf("sms: %s: zone offset %v is not a whole number of quarter hours", field, time.Duration(off)*time.Second)
	}
	q := off / (15 * 60)
	neg := q < 0
	if neg {
		q = -q
	}
	if q > maxQuarterHours {
		return nil, fmt.Errorf("sms: %s: zone offset %v exceeds %d quarter hours", field, time.Duration(off)*time.Second, maxQuarterHours)
	}
	tz := swapBCD(q)
	if neg {
		tz |= 0x08
	}
	return append(dst,
		swapBCD(t.Year()%100), swapBCD(int(t.Month())), swapBCD(t.Day()),
		swapBCD(t.Hour()), swapBCD(t.Minute()), swapBCD(t.Second()), tz), nil
}

// decodeSCTS reads a timestamp written by appendSCTS. The time is in a
// time.FixedZone with the timestamp's offset. Seven zero octets give the zero
// time.Time; any other impossible date is an error.
func decodeSCTS(b []byte, field string) (time.Time, error) {
	if len(b) != sctsLen {
		return time.Time{}, fmt.Errorf("sms: truncated %s: want %d octets, have %d", field, sctsLen, len(b))
	}
	zero := true
	for _, o := range b {
		zero = zero && o == 0
	}
	if zero {
		return time.Time{}, nil
	}
	var f [6]int
	for i := range f {
		lo, hi := b[i]&0x0F, b[i]>>4
		if lo > 9 || hi > 9 {
			return time.Time{}, fmt.Errorf("sms: %s: octet %d (%#02x) is not two decimal digits", field, i+1, b[i])
		}
		f[i] = int(lo)*10 + int(hi)
	}
	units := int(b[6] >> 4)
	if units > 9 {
		return time.Time{}, fmt.Errorf("sms: %s: time zone octet %#02x is not decimal", field, b[6])
	}
	q := int(b[6]&0x07)*10 + units
	if b[6]&0x08 != 0 {
		q = -q
	}
	loc := time.FixedZone("", q*15*60)
	t := time.Date(2000+f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, loc)
	if int(t.Month()) != f[1] || t.Day() != f[2] || t.Hour() != f[3] || t.Minute() != f[4] || t.Second() != f[5] {
		return time.Time{}, fmt.Errorf("sms: %s: 20%02d-%02d-%02d %02d:%02d:%02d is not a valid time", field, f[0], f[1], f[2], f[3], f[4], f[5])
	}
	return t, nil
}
