package iccid

import (
	"errors"
	"fmt"
)

// Length limits of an ICCID, check digit included.
const (
	MinLen = 18
	MaxLen = 22
)

var (
	// ErrFormat marks an ICCID of the wrong length or with a character
	// that is not a decimal digit.
	ErrFormat = errors.New("not an ICCID")
	// ErrCheckDigit marks an ICCID whose last digit is not its Luhn check
	// digit.
	ErrCheckDigit = errors.New("wrong Luhn check digit")
)

// Error describes why a string is not a valid ICCID. It matches ErrFormat
// or ErrCheckDigit with errors.Is. ICCIDs are not secret, so the message
// quotes the value (shortened when very long).
type Error struct {
	Value  string
	Reason string
	kind   error
}

func (e *Error) Error() string {
	return fmt.Sprintf("%q %s", shorten(e.Value), e.Reason)
}

// Unwrap returns ErrFormat or ErrCheckDigit.
func (e *Error) Unwrap() error { return e.kind }

// Check reports whether s is a valid ICCID: MinLen to MaxLen decimal
// digits, the last being the Luhn check digit of the others. It returns
// nil or an *Error.
func Check(s string) error {
	if s == "" {
		return &Error{Value: s, Reason: "is empty", kind: ErrFormat}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return &Error{Value: s, Reason: fmt.Sprintf("has %q at position %d; an ICCID is decimal digits only", s[i], i+1), kind: ErrFormat}
		}
	}
	if len(s) < MinLen || len(s) > MaxLen {
		return &Error{Value: s, Reason: fmt.Sprintf("has %d digits; an ICCID has %d to %d", len(s), MinLen, MaxLen), kind: ErrFormat}
	}
	want := LuhnDigit(s[:len(s)-1])
	if s[len(s)-1] != want {
		return &Error{Value: s, Reason: fmt.Sprintf("fails the Luhn check (expected last digit %c)", want), kind: ErrCheckDigit}
	}
	return nil
}

// LuhnDigit returns the Luhn check digit ('0' to '9') to append to
// payload, a string of decimal digits. It returns 0 if payload holds
// anything but decimal digits.
func LuhnDigit(payload string) byte {
	sum := 0
	// The rightmost payload digit is doubled, as it sits next to the check
	// digit; then every second digit going left.
	for i := 0; i < len(payload); i++ {
		c := payload[len(payload)-1-i]
		if c < '0' || c > '9' {
			return 0
		}
		d := int(c - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

func shorten(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
