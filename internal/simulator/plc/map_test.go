package plc

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestMapValues(t *testing.T) {
	t.Parallel()
	m := specMap(t)
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	m.SetClock(func() time.Time { return now })
	read := func(addr uint16, n int) []uint16 {
		t.Helper()
		v, err := m.Read(3, HoldingRegisters, addr, n)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	f := math.Float32bits(21.5)
	v := read(0, 10)
	want := []uint16{7, uint16(f), uint16(f >> 16), uint16(f >> 16), uint16(f), 0xFFFE, 150, 0, 0xFFFF, 0x0001}
	for i := range want {
		if v[i] != want[i] {
			t.Errorf("t=0 register %d = %#x, want %#x", i, v[i], want[i])
		}
	}
	now = now.Add(2500 * time.Millisecond) // counters +2, sine at 5/8 of its period, ramp at 25%
	v = read(0, 10)
	if v[0] != 9 {
		t.Errorf("counter = %d, want 9", v[0])
	}
	if want := uint16(math.Round(150 + 50*math.Sin(2*math.Pi*2.5/4))); v[6] != want {
		t.Errorf("sine = %d, want %d", v[6], want)
	}
	if v[7] != 25 {
		t.Errorf("ramp = %d, want 25", v[7])
	}
	if v[8] != 0x0001 || v[9] != 0x0002 { // 0x20001 in CDAB
		t.Errorf("uint32 counter = %#x %#x", v[8], v[9])
	}
	if _, err := m.Read(9, HoldingRegisters, 0, 1); !errors.Is(err, ErrUnknownUnit) {
		t.Errorf("unknown unit: %v", err)
	}
	if _, err := m.Read(3, HoldingRegisters, 9, 2); !errors.Is(err, ErrIllegalAddress) {
		t.Errorf("past the end: %v", err)
	}
	// A write overrides the generator.
	if err := m.Write(3, HoldingRegisters, 0, []uint16{42}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if v := read(0, 1); v[0] != 42 {
		t.Errorf("written counter = %d", v[0])
	}
}

func TestLoadMap(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "map.json")
	os.WriteFile(path, []byte(`{"units": [
	  {"id": 2, "name": "PLC2", "holding_registers": [
	    {"addr": 10, "values": [10, 11, 12, 0, 0]},
	    {"addr": 20, "type": "float32", "order": "abcd", "kind": "sine", "min": 1, "max": 2, "period": "30s"}]},
	  {"id": 5, "coils": [{"addr": 0, "count": 8, "value": 1}]}]}`), 0o644)
	m, err := LoadMap(path)
	if err != nil {
		t.Fatal(err)
	}
	if u := m.Units(); len(u) != 2 || u[0] != 2 || u[1] != 5 {
		t.Errorf("units %v", u)
	}
	if v, err := m.Read(2, HoldingRegisters, 10, 5); err != nil || v[2] != 12 {
		t.Errorf("PLC2: %v %v", v, err)
	}
	if _, err := m.Read(2, HoldingRegisters, 20, 2); err != nil {
		t.Error(err)
	}
	if v, err := m.Read(5, Coils, 0, 8); err != nil || v[7] != 1 {
		t.Errorf("coils: %v %v", v, err)
	}
	for _, bad := range []string{
		`{"units": [{"id": 0}]}`,
		`{"units": [{"id": 1}, {"id": 1}]}`,
		`{"units": [{"id": 1, "holding_registers": [{"addr": 0, "count": 2}, {"addr": 1}]}]}`,
		`{"units": [{"id": 1, "holding_registers": [{"addr": 0, "type": "float32", "count": 3}]}]}`,
		`{"units": [{"id": 1, "holding_registers": [{"addr": 0, "kind": "sine"}]}]}`,
		`{"units": [{"id": 1, "coils": [{"addr": 0, "type": "float32"}]}]}`,
		`{"units": [{"id": 1, "holding_registers": [{"addr": 65535, "count": 2}]}]}`,
		`{"units": [{"id": 1, "holding_registers": [{"addr": 0, "period": "soon"}]}]}`,
	} {
		if _, err := ParseMap([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

// AN32's PLC1 is read as eleven blocks; every block is defined and the
// addresses around them are not.
func TestAN32Map(t *testing.T) {
	t.Parallel()
	m := AN32Map()
	starts := []uint16{1, 10, 55, 69, 72, 100, 120, 130, 152, 160, 170}
	counts := []int{1, 3, 2, 2, 9, 10, 5, 4, 3, 7, 1}
	total := 0
	for i, a := range starts {
		if _, err := m.Read(1, HoldingRegisters, a, counts[i]); err != nil {
			t.Errorf("PLC1 %d+%d: %v", a, counts[i], err)
		}
		for _, out := range []uint16{a - 1, a + uint16(counts[i])} {
			if _, err := m.Read(1, HoldingRegisters, out, 1); !errors.Is(err, ErrIllegalAddress) {
				t.Errorf("PLC1 %d is defined", out)
			}
		}
		total += counts[i]
	}
	if total != 47 {
		t.Errorf("%d registers", total)
	}
	if _, err := m.Read(1, HoldingRegisters, 1, 12); err == nil {
		t.Error("PLC1 1..12 read in one go")
	}
	v, err := m.Read(2, HoldingRegisters, 10, 5)
	if err != nil || v[0] != 10 || v[2] != 12 {
		t.Errorf("PLC2 10..14: %v %v", v, err)
	}
	temp, _ := m.Read(1, HoldingRegisters, 55, 2)
	c := math.Float32frombits(uint32(temp[1])<<16 | uint32(temp[0]))
	if c < 18.5 || c > 24.5 {
		t.Errorf("PLC1 temperature %v", c)
	}
}
