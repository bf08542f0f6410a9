package gsm

import (
	"reflect"
	"strings"
	"testing"
)

func TestPLMN(t *testing.T) {
	tests := []struct {
		plmn string
		b    [3]byte
	}{
		{"26201", [3]byte{0x62, 0xF2, 0x10}},
		{"310260", [3]byte{0x13, 0x00, 0x62}},
		{"46000", [3]byte{0x64, 0xF0, 0x00}},
		{"00101", [3]byte{0x00, 0xF1, 0x10}},
		{"234150", [3]byte{0x32, 0x04, 0x51}},
	}
	for _, tt := range tests {
		b, err := EncodePLMN(tt.plmn)
		if err != nil || b != tt.b {
			t.Errorf("EncodePLMN(%q) = % X, %v; want % X", tt.plmn, b, err, tt.b)
		}
		s, ok := DecodePLMN(tt.b)
		if !ok || s != tt.plmn {
			t.Errorf("DecodePLMN(% X) = %q, %v", tt.b, s, ok)
		}
	}
	for _, bad := range []string{"", "2620", "2620123", "2620x", " 26201"} {
		if b, err := EncodePLMN(bad); err == nil {
			t.Errorf("EncodePLMN(%q) = % X", bad, b)
		}
	}
	for _, b := range [][3]byte{{0xFF, 0xFF, 0xFF}, {0x6A, 0xF2, 0x10}, {0x62, 0xFF, 0x10}, {0x62, 0xF2, 0x1F}} {
		if s, ok := DecodePLMN(b); ok {
			t.Errorf("DecodePLMN(% X) = %q", b, s)
		}
	}
}

func TestFPLMN(t *testing.T) {
	got, err := DecodeFPLMN("62F210130062FFFFFFFFFFFF")
	if err != nil || !reflect.DeepEqual(got, []string{"26201", "310260"}) {
		t.Errorf("DecodeFPLMN = %q, %v", got, err)
	}
	// A cleared list is empty, not nil; lower-case hex is fine.
	if got, err := DecodeFPLMN("ffffffffffffffffffffffff"); err != nil || got == nil || len(got) != 0 {
		t.Errorf("DecodeFPLMN(cleared) = %#v, %v", got, err)
	}
	// An entry in the middle of unused ones.
	if got, err := DecodeFPLMN("FFFFFF64F000"); err != nil || !reflect.DeepEqual(got, []string{"46000"}) {
		t.Errorf("DecodeFPLMN = %q, %v", got, err)
	}
	for _, bad := range []string{"62F21", "62F210FF", "62F2G0", "6AF210"} {
		if got, err := DecodeFPLMN(bad); err == nil {
			t.Errorf("DecodeFPLMN(%q) = %q", bad, got)
		}
	}
	for _, tt := range []struct {
		plmns []string
		size  int
		want  string
	}{
		{nil, 12, "FFFFFFFFFFFFFFFFFFFFFFFF"},
		{[]string{"26201", "310260"}, 12, "62F210130062FFFFFFFFFFFF"},
		{[]string{"26201"}, 3, "62F210"},
		{nil, 13, "FFFFFFFFFFFFFFFFFFFFFFFFFF"},
	} {
		got, err := EncodeFPLMN(tt.plmns, tt.size)
		if err != nil || got != tt.want {
			t.Errorf("EncodeFPLMN(%q, %d) = %q, %v; want %q", tt.plmns, tt.size, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		plmns []string
		size  int
	}{{[]string{"26201", "26202"}, 5}, {nil, 0}, {nil, 256}, {[]string{"2620"}, 12}} {
		if got, err := EncodeFPLMN(tt.plmns, tt.size); err == nil {
			t.Errorf("EncodeFPLMN(%q, %d) = %q", tt.plmns, tt.size, got)
		}
	}
	// Round trip.
	list := []string{"26201", "310260", "46000", "23415"}
	h, _ := EncodeFPLMN(list, 12)
	if got, _ := DecodeFPLMN(h); !reflect.DeepEqual(got, list) {
		t.Errorf("round trip %q -> %s -> %q", list, h, got)
	}
}

func TestParseCRSM(t *testing.T) {
	tests := []struct {
		line string
		want CRSM
		ok   bool
	}{
		// Huawei MU709 guide 11.2: UPDATE BINARY and UPDATE RECORD succeeded,
		// then the two failures of the troubleshooting table.
		{`+CRSM: 144,0,""`, CRSM{SW1: 144, SW2: 0}, true},
		{`+CRSM: 105,129,""`, CRSM{SW1: 105, SW2: 129}, false},
		{`+CRSM: 105,130,""`, CRSM{SW1: 105, SW2: 130}, false},
		// EF ICCID read as cellgate's simulator answers it.
		{`+CRSM: 144,0,"98940000000000000012"`, CRSM{SW1: 144, SW2: 0, Data: "98940000000000000012"}, true},
		{`+CRSM: 144,0,62f210ffffff`, CRSM{SW1: 144, SW2: 0, Data: "62F210FFFFFF"}, true},
		{`+CRSM: 144,0`, CRSM{SW1: 144, SW2: 0}, true},
		{`+CRSM: 145,16,""`, CRSM{SW1: 145, SW2: 16}, true},
		{`+CRSM: 106,130`, CRSM{SW1: 106, SW2: 130}, false},
	}
	for _, tt := range tests {
		got, err := ParseCRSM(tt.line)
		if err != nil || got != tt.want || got.OK() != tt.ok {
			t.Errorf("ParseCRSM(%q) = %+v (ok %v), %v; want %+v", tt.line, got, got.OK(), err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		// The guide's placeholder rows are not modem lines.
		{`+CRSM: 144,0," <record>" OK`, `text after a closing quote`},
		{`+CRSM: 144,0," <record>"`, `bad <response> "\" <record>\"" (want hex bytes)`},
		{`+CRSM: 144,0,"ABC"`, `want hex bytes`},
		{`+CRSM: 256,0`, `bad <sw1> "256"`},
		{`+CRSM: 144`, `too few parameters`},
	} {
		if _, err := ParseCRSM(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCRSM(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
	for sw, want := range map[[2]int]string{
		{0x90, 0}: "normal ending", {0x69, 0x82}: "security status not satisfied", {0x69, 0x81}: "incompatible with file structure",
		{0x6A, 0x82}: "not found", {0x63, 0xC2}: "2 retries left", {0x12, 0x34}: "status 12 34",
	} {
		if got := (CRSM{SW1: sw[0], SW2: sw[1]}).Meaning(); !strings.Contains(got, want) {
			t.Errorf("Meaning(%X) = %q, want %q", sw, got, want)
		}
	}
}
