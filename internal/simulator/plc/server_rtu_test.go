package plc

import (
	"bytes"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// The Serial Line spec's example frame and its answer.
func TestRTUSpecExample(t *testing.T) {
	t.Parallel()
	s := New(specMap(t), Config{Baud: 9600})
	c := rtuPipe(t, s)
	req := hx(t, "01 03 00 6B 00 03 74 17")
	got := exchange(t, c, req, 11)
	if want := modbus.AppendRTU(nil, 1, hx(t, "03 06 022B 0000 0064")); !bytes.Equal(got, want) {
		t.Fatalf("got % X, want % X", got, want)
	}
	if got, want := got[9:], hx(t, "05 7A"); !bytes.Equal(got, want) {
		t.Errorf("CRC % X, want % X", got, want)
	}
	r := s.Requests()
	if len(r) != 1 || r[0].Unit != 1 || r[0].Function != 3 || r[0].Addr != 0x6B || r[0].Count != 3 ||
		r[0].In != 8 || r[0].Out != 11 || !r[0].Replied || r[0].Transport != "rtu" {
		t.Errorf("log %+v", r)
	}
	if t35, _ := modbus.Silence(9600); r[0].Duration < t35 {
		t.Errorf("answered in %v, before t3.5 %v", r[0].Duration, t35)
	}
}

func TestRTUEachFunction(t *testing.T) {
	t.Parallel()
	s := New(specMap(t), Config{})
	c := rtuPipe(t, s)
	for _, x := range []struct{ req, resp string }{
		{"01 0013 0013", "01 03 CD 6B 05"},
		{"02 00C4 0016", "02 03 AC DB 35"},
		{"03 006B 0003", "03 06 022B 0000 0064"},
		{"04 0008 0001", "04 02 000A"},
		{"05 00AC FF00", "05 00AC FF00"},
		{"06 0001 0003", "06 0001 0003"},
		{"0F 0013 000A 02 CD01", "0F 0013 000A"},
		{"10 0001 0002 04 000A 0102", "10 0001 0002"},
		{"17 0003 0006 000E 0003 06 00FF 00FF 00FF", "17 0C 00FE 0ACD 0001 0003 000D 00FF"},
		{"03 0000 0001", "83 02"},
		{"03 006B 007E", "83 03"},
		{"07", "87 01"},
	} {
		want := rtu(t, 1, x.resp)
		if got := exchange(t, c, rtu(t, 1, x.req), len(want)); !bytes.Equal(got, want) {
			t.Errorf("%s: got % X, want % X", x.req, got, want)
		}
	}
	if st := s.Stats(); st.Requests != 12 || st.Replies != 12 || st.Exceptions != 3 {
		t.Errorf("stats %+v", st)
	}
}

// Frames for other units, with a bad CRC or too short are ignored; the bus
// then carries on.
func TestRTUIgnores(t *testing.T) {
	t.Parallel()
	s := New(specMap(t), Config{})
	c := rtuPipe(t, s)
	c.Write(rtu(t, 9, "03 000A 0005"))
	silent(t, c, 50*time.Millisecond)
	bad := rtu(t, 2, "03 000A 0005")
	bad[len(bad)-1] ^= 1
	c.Write(bad)
	silent(t, c, 50*time.Millisecond)
	c.Write([]byte{2, 3})
	silent(t, c, 50*time.Millisecond)
	want := rtu(t, 2, "03 0A 000A 000B 000C 0000 0000")
	if got := exchange(t, c, rtu(t, 2, "03 000A 0005"), len(want)); !bytes.Equal(got, want) {
		t.Errorf("got % X", got)
	}
	st := s.Stats()
	if st.Foreign != 1 || st.Dropped != 2 || st.Requests != 1 || st.BytesIn != 8+8+2+8 {
		t.Errorf("stats %+v", st)
	}
}

// A request split across writes is one frame as long as the gaps are
// shorter than t3.5; a gap longer than t3.5 cuts it in two bad frames.
func TestRTUFraming(t *testing.T) {
	s := New(specMap(t), Config{Baud: 1200}) // t3.5 = 32 ms
	c := rtuPipe(t, s)
	req := rtu(t, 2, "03 000A 0001")
	c.Write(req[:3])
	time.Sleep(5 * time.Millisecond)
	c.Write(req[3:])
	want := rtu(t, 2, "03 02 000A")
	if got := exchange(t, c, nil, len(want)); !bytes.Equal(got, want) {
		t.Errorf("got % X", got)
	}
	c.Write(req[:3])
	time.Sleep(100 * time.Millisecond)
	c.Write(req[3:])
	silent(t, c, 100*time.Millisecond)
	if st := s.Stats(); st.Dropped != 2 {
		t.Errorf("stats %+v", st)
	}
}

// Broadcast writes reach every unit and get no answer; broadcast reads are
// not executed.
func TestRTUBroadcast(t *testing.T) {
	t.Parallel()
	m, err := NewMap(MapSpec{Units: []UnitSpec{
		{ID: 1, HoldingRegisters: []Block{{Addr: 0, Count: 2}}},
		{ID: 2, HoldingRegisters: []Block{{Addr: 0, Count: 2}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	s := New(m, Config{})
	c := rtuPipe(t, s)
	c.Write(rtu(t, 0, "10 0000 0002 04 1234 5678"))
	silent(t, c, 50*time.Millisecond)
	c.Write(rtu(t, 0, "03 0000 0002"))
	silent(t, c, 50*time.Millisecond)
	for _, u := range []byte{1, 2} {
		want := rtu(t, u, "03 04 1234 5678")
		if got := exchange(t, c, rtu(t, u, "03 0000 0002"), len(want)); !bytes.Equal(got, want) {
			t.Errorf("unit %d: % X", u, got)
		}
	}
	r := s.Requests()
	if len(r) != 4 || !r[0].Broadcast || r[0].Replied || r[0].Out != 0 || !r[1].Broadcast {
		t.Errorf("log %+v", r)
	}
}

func TestRTULatency(t *testing.T) {
	t.Parallel()
	s := New(specMap(t), Config{Latency: 60 * time.Millisecond})
	c := rtuPipe(t, s)
	start := time.Now()
	exchange(t, c, rtu(t, 2, "03 000A 0001"), 7)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("answered after %v", d)
	}
}
