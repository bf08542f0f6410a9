package sms

import (
	"fmt"
	"time"
)

// Validity-period formats, the values of TP-VPF (TS 23.040 9.2.3.3).
const (
	ValidityNone     = 0 // no validity period
	ValidityEnhanced = 1 // seven octets, kept verbatim in Validity.Enhanced
	ValidityRelative = 2 // one octet, Validity.Relative
	ValidityAbsolute = 3 // a timestamp, Validity.Absolute
)

// maxRelativeVP is the longest relative validity period: 63 weeks.
const maxRelativeVP = 63 * 7 * 24 * time.Hour

// Validity is the validity period of an SMS-SUBMIT (TS 23.040 9.2.3.12).
// Format selects which other field applies. A Relative period is encoded as
// the shortest period the format can express that is not shorter (see
// EncodeRelativeVP); decoding gives that period exactly. An Absolute time
// is encoded like a service centre timestamp.
type Validity struct {
	Format   byte // ValidityNone, ValidityEnhanced, ValidityRelative or ValidityAbsolute
	Relative time.Duration
	Absolute time.Time
	Enhanced [7]byte // the enhanced format (TS 23.040 9.2.3.12.3), not interpreted
}

// EncodeRelativeVP gives the TP-VP octet of the relative format
// (TS 23.040 9.2.3.12.1) for the shortest period that is at least d:
// steps of 5 minutes up to 12 hours, of 30 minutes up to 24 hours, of a day
// from 2 to 30 days and of a week from 5 to 63 weeks. d must be positive and
// at most 63 weeks.
func EncodeRelativeVP(d time.Duration) (byte, error) {
	const day, week = 24 * time.Hour, 7 * 24 * time.Hour
	ceil := func(d, unit time.Duration) int { return int((d + unit - 1) / unit) }
	switch {
	case d <= 0:
		return 0, fmt.Errorf("sms: relative validity period %v is not positive", d)
	case d > maxRelativeVP:
		return 0, fmt.Errorf("sms: relative validity period %v exceeds 63 weeks", d)
	case d <= 12*time.Hour:
		return byte(ceil(d, 5*time.Minute) - 1), nil
	case d <= day:
		return byte(143 + ceil(d-12*time.Hour, 30*time.Minute)), nil
	case d <= 30*day:
		return byte(166 + max(2, ceil(d, day))), nil
	default:
		return byte(192 + max(5, ceil(d, week))), nil
	}
}

// DecodeRelativeVP gives the period a TP-VP octet of the relative format
// stands for (TS 23.040 9.2.3.12.1).
func DecodeRelativeVP(vp byte) time.Duration {
	v := time.Duration(vp)
	switch {
	case vp <= 143:
		return (v + 1) * 5 * time.Minute
	case vp <= 167:
		return 12*time.Hour + (v-143)*30*time.Minute
	case vp <= 196:
		return (v - 166) * 24 * time.Hour
	default:
		return (v - 192) * 7 * 24 * time.Hour
	}
}

// appendTo appends the TP-VP field of v; the format itself goes in the
// first octet.
func (v Validity) appendTo(dst []byte) ([]byte, error) {
	switch v.Format {
	case ValidityNone:
		return dst, nil
	case ValidityEnhanced:
		return append(dst, v.Enhanced[:]...), nil
	case ValidityRelative:
		vp, err := EncodeRelativeVP(v.Relative)
		if err != nil {
			return nil, err
		}
		return append(dst, vp), nil
	case ValidityAbsolute:
		return appendSCTS(dst, v.Absolute, "absolute validity period")
	default:
		return nil, fmt.Errorf("sms: validity format %d is not 0-3", v.Format)
	}
}

// decodeValidity reads the TP-VP field of the given format.
func decodeValidity(r *reader, format byte) (Validity, error) {
	v := Validity{Format: format}
	switch format {
	case ValidityEnhanced:
		b, err := r.bytes(len(v.Enhanced), "enhanced validity period")
		if err != nil {
			return Validity{}, err
		}
		copy(v.Enhanced[:], b)
	case ValidityRelative:
		vp, err := r.byte("relative validity period")
		if err != nil {
			return Validity{}, err
		}
		v.Relative = DecodeRelativeVP(vp)
	case ValidityAbsolute:
		b, err := r.bytes(sctsLen, "absolute validity period")
		if err != nil {
			return Validity{}, err
		}
		if v.Absolute, err = decodeSCTS(b, "absolute validity period"); err != nil {
			return Validity{}, err
		}
	}
	return v, nil
}
