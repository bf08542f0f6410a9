package serial

import (
	"fmt"
	"strings"
)

// Format is a character format: data bits, parity and stop bits, written
// "8N1", "8E1", "7E1" or "8N2". The zero Format is 8N1.
type Format struct {
	DataBits int  // 5 to 8; 8 when zero
	Parity   byte // 'N', 'E' or 'O'; 'N' when zero
	StopBits int  // 1 or 2; 1 when zero
}

// ParseFormat reads a character format such as "8N1" or "8e1".
func ParseFormat(s string) (Format, error) {
	if len(s) != 3 || s[0] < '5' || s[0] > '8' || !strings.ContainsRune("NEOneo", rune(s[1])) || (s[2] != '1' && s[2] != '2') {
		return Format{}, fmt.Errorf("%q is not a character format; expected data bits, parity and stop bits, such as 8N1, 8E1, 7E1 or 8N2", s)
	}
	return Format{DataBits: int(s[0] - '0'), Parity: strings.ToUpper(s[1:2])[0], StopBits: int(s[2] - '0')}, nil
}

// UnmarshalText reads a format as ParseFormat does.
func (f *Format) UnmarshalText(text []byte) error {
	x, err := ParseFormat(string(text))
	if err != nil {
		return err
	}
	*f = x
	return nil
}

// MarshalText writes f as String does.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// normalize fills in the defaults of zero fields.
func (f Format) normalize() Format {
	if f.DataBits == 0 {
		f.DataBits = 8
	}
	if f.Parity == 0 {
		f.Parity = 'N'
	}
	if f.StopBits == 0 {
		f.StopBits = 1
	}
	return f
}

// String writes f as "8N1".
func (f Format) String() string {
	f = f.normalize()
	return fmt.Sprintf("%d%c%d", f.DataBits, f.Parity, f.StopBits)
}

// Bits is the length of a character on the line: a start bit, the data
// bits, a parity bit unless the parity is none, and the stop bits (10 for
// 8N1, 11 for 8E1).
func (f Format) Bits() int {
	f = f.normalize()
	n := 1 + f.DataBits + f.StopBits
	if f.Parity != 'N' {
		n++
	}
	return n
}

// Line is the settings of a line at baud with characters of format f.
func (f Format) Line(baud int) Config {
	f = f.normalize()
	return Config{Baud: baud, DataBits: f.DataBits, Parity: f.Parity, StopBits: f.StopBits}
}
