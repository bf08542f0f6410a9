package simimport

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/iccid"
)

// CheckIMSI reports whether s is an IMSI: 6 to 15 decimal digits.
func CheckIMSI(s string) error {
	return digits(s, 6, 15, true)
}

// NormalizeMSISDN checks that s is a phone number in international format
// (E.164: 6 to 15 digits, the first not 0, with or without a leading '+')
// and returns it with the '+'.
func NormalizeMSISDN(s string) (string, error) {
	d := strings.TrimPrefix(s, "+")
	for i := len(s) - len(d); i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", fmt.Errorf("%q must be an international number of 6 to 15 digits, with or without a leading '+'; it has %q at position %d", shorten(s), s[i], i+1)
		}
	}
	if err := digits(d, 6, 15, true); err != nil {
		return "", err
	}
	if d[0] == '0' {
		return "", fmt.Errorf("%q starts with 0; write it in international format with the country code, such as +491701234567", s)
	}
	return "+" + d, nil
}

// CheckEID reports whether s is an eUICC identifier: 32 decimal digits
// that, read as one number, leave 1 when divided by 97 (GSMA SGP.29).
func CheckEID(s string) error {
	if err := digits(s, 32, 32, true); err != nil {
		return err
	}
	rem := 0
	for i := 0; i < len(s); i++ {
		rem = (rem*10 + int(s[i]-'0')) % 97
	}
	if rem != 1 {
		return fmt.Errorf("%q fails the EID check digits (the number mod 97 is %d, not 1)", s, rem)
	}
	return nil
}

// CheckPIN reports whether s is a SIM PIN: 4 to 8 digits. The error does
// not show the value.
func CheckPIN(s string) error {
	return digits(s, 4, 8, false)
}

// CheckPUK reports whether s is a SIM PUK: 8 digits. The error does not
// show the value.
func CheckPUK(s string) error {
	return digits(s, 8, 8, false)
}

// digits checks that s is min to max decimal digits. show says whether
// the value may appear in the error.
func digits(s string, min, max int, show bool) error {
	what := "the value"
	if show {
		what = fmt.Sprintf("%q", shorten(s))
	}
	want := fmt.Sprintf("%d to %d digits", min, max)
	if min == max {
		want = fmt.Sprintf("%d digits", min)
	}
	if s == "" {
		return errors.New("is empty")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			if looksScientific(s) {
				return fmt.Errorf("%s looks like a number a spreadsheet reformatted; format the column as text and export again", what)
			}
			if !show {
				return fmt.Errorf("must be %s; the value has a character that is not a digit", want)
			}
			return fmt.Errorf("%s must be %s; it has %q at position %d", what, want, s[i], i+1)
		}
	}
	if len(s) < min || len(s) > max {
		return fmt.Errorf("%s must be %s, not %d", what, want, len(s))
	}
	return nil
}

// checkICCID checks an ICCID, adding the spreadsheet hint.
func checkICCID(s string) error {
	if looksScientific(s) {
		return fmt.Errorf("%q looks like a number a spreadsheet reformatted; format the column as text and export again", shorten(s))
	}
	return iccid.Check(s)
}

// looksScientific reports whether s is like "8.98830E+18", the form a
// spreadsheet gives a long number.
func looksScientific(s string) bool {
	mant, exp, ok := strings.Cut(strings.ToUpper(s), "E+")
	if !ok || mant == "" || exp == "" {
		return false
	}
	// The decimal separator is '.' or ',' depending on the locale.
	intPart, frac, _ := strings.Cut(strings.ReplaceAll(mant, ",", "."), ".")
	if intPart == "" {
		return false
	}
	for _, part := range []string{intPart, frac, exp} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}

func shorten(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
