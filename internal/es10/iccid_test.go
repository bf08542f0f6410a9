package es10

import (
	"bytes"
	"strings"
	"testing"
)

// The swapped-nibble form is that of SGP.22 Annex and ETSI TS 102 221
// EF.ICCID; 8944... becomes 98 44 ....
func TestICCID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s   string
		hex string
	}{
		{"89049032123451234512", "98400923214315325421"},
		{"8944476500001224158", "984474560000214251F8"},
		{"894400000000000000", "984400000000000000FF"},
	}
	for _, c := range cases {
		b, err := ICCIDToBytes(c.s)
		if err != nil {
			t.Fatalf("ICCIDToBytes(%q): %v", c.s, err)
		}
		if want := unhex(t, c.hex); !bytes.Equal(b, want) {
			t.Fatalf("ICCIDToBytes(%q) = %X, want %X", c.s, b, want)
		}
		s, err := ICCIDFromBytes(b)
		if err != nil || s != c.s {
			t.Fatalf("ICCIDFromBytes(%X) = %q, %v; want %q", b, s, err, c.s)
		}
	}
}

func TestICCIDBad(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "123456789012345678901", "8944A"} {
		if _, err := ICCIDToBytes(s); err == nil {
			t.Errorf("ICCIDToBytes(%q) accepted", s)
		}
	}
	for _, h := range []string{"98", "984474560000214251F8FF", "9844745600002142F1F8", "FFFFFFFFFFFFFFFFFFFF", "A8447456000021425118"} {
		if _, err := ICCIDFromBytes(unhex(t, h)); err == nil {
			t.Errorf("ICCIDFromBytes(%s) accepted", h)
		}
	}
	if _, err := ICCIDFromBytes(unhex(t, "98")); err == nil || !strings.Contains(err.Error(), "1 octets") {
		t.Errorf("short ICCID error = %v", err)
	}
}
