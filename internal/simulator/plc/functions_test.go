package plc

import (
	"bytes"
	"testing"
)

// The examples of the Application Protocol, section 6.
func TestFunctionsSpecExamples(t *testing.T) {
	t.Parallel()
	m := specMap(t)
	for _, c := range []struct{ name, req, resp string }{
		{"01 read coils 20-38", "01 0013 0013", "01 03 CD 6B 05"},
		{"02 read discrete inputs 197-218", "02 00C4 0016", "02 03 AC DB 35"},
		{"03 read holding registers 108-110", "03 006B 0003", "03 06 022B 0000 0064"},
		{"04 read input register 9", "04 0008 0001", "04 02 000A"},
		{"05 write coil 173 on", "05 00AC FF00", "05 00AC FF00"},
		{"06 write register 2", "06 0001 0003", "06 0001 0003"},
		{"15 write coils 20-29", "0F 0013 000A 02 CD01", "0F 0013 000A"},
		{"16 write registers 2-3", "10 0001 0002 04 000A 0102", "10 0001 0002"},
		{"23 read/write registers", "17 0003 0006 000E 0003 06 00FF 00FF 00FF", "17 0C 00FE 0ACD 0001 0003 000D 00FF"},
		{"01 after 15", "01 0013 000A", "01 02 CD 01"},
		{"03 after 16", "03 0001 0002", "03 04 000A 0102"},
		{"03 after 23", "03 000E 0003", "03 06 00FF 00FF 00FF"},
		{"01 after 05", "01 00AC 0001", "01 01 01"},
		{"05 off", "05 00AC 0000", "05 00AC 0000"},
	} {
		got := m.execute(1, hx(t, c.req))
		if want := hx(t, c.resp); !bytes.Equal(got, want) {
			t.Errorf("%s: got % X, want % X", c.name, got, want)
		}
	}
}

func TestFunctionsExceptions(t *testing.T) {
	t.Parallel()
	m := specMap(t)
	for _, c := range []struct{ name, req, resp string }{
		{"unknown function 07", "07", "87 01"},
		{"unknown function 2B", "2B 0E 01 00", "AB 01"},
		{"read coils quantity 0", "01 0013 0000", "81 03"},
		{"read coils quantity 2001", "01 0013 07D1", "81 03"},
		{"read holding quantity 126", "03 006B 007E", "83 03"},
		{"read holding short", "03 006B 00", "83 03"},
		{"read holding undefined", "03 0000 0001", "83 02"},
		{"read holding across a hole", "03 0008 0010", "83 02"},
		{"read holding past the end", "03 006B 0004", "83 02"},
		{"read input undefined", "04 0009 0001", "84 02"},
		{"read discrete undefined", "02 0000 0001", "82 02"},
		{"write coil bad value", "05 00AC 1234", "85 03"},
		{"write coil undefined", "05 0000 FF00", "85 02"},
		{"write register undefined", "06 0000 0001", "86 02"},
		{"write coils byte count", "0F 0013 000A 01 CD", "8F 03"},
		{"write coils undefined", "0F 0000 0001 01 01", "8F 02"},
		{"write registers quantity 124", "10 0001 007C F8", "90 03"},
		{"write registers byte count", "10 0001 0002 02 000A", "90 03"},
		{"write registers undefined", "10 0008 0002 04 0001 0002", "90 02"},
		{"read/write write quantity 0", "17 0003 0001 000E 0000 00", "97 03"},
		{"read/write read undefined", "17 0000 0001 000E 0001 02 0001", "97 02"},
		{"read/write write undefined", "17 0003 0001 0000 0001 02 0001", "97 02"},
	} {
		got := m.execute(1, hx(t, c.req))
		if want := hx(t, c.resp); !bytes.Equal(got, want) {
			t.Errorf("%s: got % X, want % X", c.name, got, want)
		}
	}
	// A failed write writes nothing.
	if got := m.execute(1, hx(t, "03 0008 0001")); !bytes.Equal(got, hx(t, "03 02 00FF")) {
		t.Errorf("register 8 after the failed write: % X", got)
	}
}
