package iccid

import (
	"errors"
	"strings"
	"testing"
)

// Hand calculation for 898830300000001234 (expected check digit 6), rightmost
// payload digit first, every digit at an even position from the right doubled
// (digits over 9 lose 9):
//
//	doubled: 4→8, 2→4, 0, 0, 0, 0, 0, 8→16→7, 9→18→9   sum 28
//	kept:    3, 1, 0, 0, 0, 3, 3, 8, 8                 sum 26
//	total 54, check digit (10 - 54 mod 10) mod 10 = 6
//
// The other expected digits were computed independently with a separate
// Luhn implementation in Python.
func TestLuhnDigit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		payload string
		want    byte
	}{
		{"898830300000001234", '6'},
		{"894450010219830482", '6'},
		{"8901410321111851072", '0'},
		{"8931440301234567890", '5'},
		{"89100423481445593", '0'},
		{"8949226600000001000", '1'},
		{"7992739871", '3'}, // the classic Luhn example
		{"", '0'},
		{"12a4", 0},
	}
	for _, tt := range tests {
		if got := LuhnDigit(tt.payload); got != tt.want {
			t.Errorf("LuhnDigit(%q) = %q, want %q", tt.payload, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		kind    error // nil for valid
		message string
	}{
		{"8988303000000012346", nil, ""},
		{"89014103211118510720", nil, ""},
		{"894450010219830482" + "6", nil, ""},
		{"8949226600000001000" + "1", nil, ""},
		{"891004234814455930", nil, ""}, // 18 digits
		{"8988303000000012345", ErrCheckDigit, `"8988303000000012345" fails the Luhn check (expected last digit 6)`},
		{"89014103211118510721", ErrCheckDigit, "expected last digit 0"},
		{"", ErrFormat, `"" is empty`},
		{"89883030000000123", ErrFormat, "has 17 digits; an ICCID has 18 to 22"},
		{"89883030000000123460000", ErrFormat, "has 23 digits"},
		{"898830300000001234F", ErrFormat, `has 'F' at position 19`},
		{" 8988303000000012346", ErrFormat, "at position 1"},
		{"8988-3030-0000-0012-346", ErrFormat, `has '-' at position 5`},
		{strings.Repeat("9", 100), ErrFormat, `..." has 100 digits`},
	}
	for _, tt := range tests {
		err := Check(tt.in)
		if tt.kind == nil {
			if err != nil {
				t.Errorf("Check(%q) = %v, want nil", tt.in, err)
			}
			continue
		}
		if !errors.Is(err, tt.kind) {
			t.Errorf("Check(%q) = %v, want %v", tt.in, err, tt.kind)
			continue
		}
		if !strings.Contains(err.Error(), tt.message) {
			t.Errorf("Check(%q) = %q, want it to contain %q", tt.in, err, tt.message)
		}
	}
}

// Every single-digit change of a valid ICCID must be caught.
func TestCheckCatchesSingleDigitErrors(t *testing.T) {
	t.Parallel()
	const valid = "8988303000000012346"
	for i := 0; i < len(valid); i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == valid[i] {
				continue
			}
			s := valid[:i] + string(d) + valid[i+1:]
			if err := Check(s); !errors.Is(err, ErrCheckDigit) {
				t.Errorf("Check(%q) = %v, want ErrCheckDigit", s, err)
			}
		}
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("8988303000000012346")
	f.Add("898830300000001234F")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		err := Check(s)
		if err == nil {
			if len(s) < MinLen || len(s) > MaxLen || LuhnDigit(s[:len(s)-1]) != s[len(s)-1] {
				t.Fatalf("Check(%q) accepted an invalid ICCID", s)
			}
			return
		}
		if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrCheckDigit) {
			t.Fatalf("Check(%q) = %v, neither ErrFormat nor ErrCheckDigit", s, err)
		}
	})
}
