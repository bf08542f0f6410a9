package sms

import "strings"

// Normalize puts a phone number in E.164 form ("+491701234567") so that
// the forms a sender number arrives in and the forms an operator types into
// the allowlist compare equal. Spaces, dashes, dots, slashes and
// parentheses are ignored, and so is a "(0)" trunk prefix
// ("+49 (0)170 ...").
//
//	"+491701234567"             → "+491701234567"
//	"00491701234567"            → "+491701234567"
//	"01701234567", country "49" → "+491701234567"
//	"491701234567"              → "+491701234567" (international number without '+',
//	                               as some modems show type-of-number 145)
//
// A national number with no default country, a short code (fewer than 7
// digits without a prefix) and anything that is not a number (an
// alphanumeric sender such as "Vodafone") come back cleaned up with ok
// false: they never match an allowlist entry.
func Normalize(number, defaultCountry string) (e164 string, ok bool) {
	n := clean(number)
	var digits string
	switch {
	case strings.HasPrefix(n, "+"):
		digits = n[1:]
	case strings.HasPrefix(n, "00"):
		digits = n[2:]
	case strings.HasPrefix(n, "0"):
		if !allDigits(defaultCountry) || defaultCountry == "" {
			return n, false
		}
		digits = defaultCountry + n[1:]
	default:
		if len(n) < 7 {
			return n, false
		}
		digits = n
	}
	if !allDigits(digits) || len(digits) < 3 || len(digits) > 15 || digits[0] == '0' {
		return n, false
	}
	return "+" + digits, true
}

// clean drops the spaces, dashes, dots, slashes and parentheses of a
// number, and a "(0)" trunk prefix.
func clean(number string) string {
	number = strings.Replace(number, "(0)", "", 1)
	var b strings.Builder
	for i := 0; i < len(number); i++ {
		switch c := number[i]; c {
		case ' ', '-', '.', '/', '(', ')', '\t':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// national is a number of the national type of number in E.164 form: TS
// 23.040 9.1.2.5 includes no prefix or escape digits in it, so it is the
// national significant number, after the default country code ("1701234567"
// is +491701234567 in Germany). A trunk '0' some networks leave in is
// dropped. Without a default country, or with an international prefix it
// may not have, it is not usable.
func national(number, defaultCountry string) (string, bool) {
	n := clean(number)
	if defaultCountry == "" || !allDigits(defaultCountry) || strings.HasPrefix(n, "+") {
		return n, false
	}
	if e, ok := Normalize("+"+defaultCountry+strings.TrimPrefix(n, "0"), ""); ok {
		return e, true
	}
	return n, false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// NormalizeAddress is Normalize for a sender address whose type of number
// (TS 23.040 9.1.2.5) is known, as the SMS layer receives it. A national
// number is the national significant number, without a trunk prefix, after
// the default country ("1701234567" → "+491701234567" with country "49";
// never "+1701234567"). Only an unknown, international or national type of
// number may be a phone number:
// an alphanumeric sender id (TON 5) is a name even when it is made of
// digits ("12345678" never equals +12345678), and network-specific,
// subscriber, abbreviated and reserved types are not E.164 numbers. Those
// come back as they are with ok false, so they never match an allowlist
// entry.
func NormalizeAddress(number string, ton byte, defaultCountry string) (e164 string, ok bool) {
	switch ton {
	case TONNational:
		return national(number, defaultCountry)
	case TONUnknown, TONInternational:
		return Normalize(number, defaultCountry)
	}
	return number, false
}
