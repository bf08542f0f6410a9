package serial

import (
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]struct {
		f    Format
		bits int
	}{
		"8N1": {Format{8, 'N', 1}, 10}, "8e1": {Format{8, 'E', 1}, 11}, "7E1": {Format{7, 'E', 1}, 10}, "8N2": {Format{8, 'N', 2}, 11},
	} {
		f, err := ParseFormat(s)
		if err != nil || f != want.f || f.Bits() != want.bits || !strings.EqualFold(f.String(), s) {
			t.Errorf("%q: %+v %d %v", s, f, f.Bits(), err)
		}
	}
	for _, s := range []string{"", "8X1", "9N1", "8N3", "8M1", "8N1 "} {
		if _, err := ParseFormat(s); err == nil || !strings.Contains(err.Error(), "is not a character format") {
			t.Errorf("%q: %v", s, err)
		}
	}
	if got := (Format{}).Line(9600); got != (Config{Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}) {
		t.Errorf("zero format: %+v", got)
	}
}
