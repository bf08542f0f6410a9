package spool

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// v1Segment is a segment file as cellgate wrote it before entries had a
// topic (format version 1): records whose payload is the data, a routed
// entry wrapped as 0x1e topic 0x1e data. It is spelled out here, not
// built with the code under test, so that it stays the old format.
func v1Segment(first uint64, t time.Time, datas ...string) []byte {
	b := make([]byte, 16)
	copy(b, "CGSP")
	binary.LittleEndian.PutUint32(b[4:], 1)
	binary.LittleEndian.PutUint64(b[8:], first)
	tab := crc32.MakeTable(crc32.Castagnoli)
	for i, d := range datas {
		var h [24]byte
		binary.LittleEndian.PutUint32(h[0:], uint32(len(d)))
		binary.LittleEndian.PutUint64(h[8:], first+uint64(i))
		binary.LittleEndian.PutUint64(h[16:], uint64(t.UnixNano()))
		c := crc32.Update(0, tab, h[0:4])
		c = crc32.Update(c, tab, h[8:])
		c = crc32.Update(c, tab, []byte(d))
		binary.LittleEndian.PutUint32(h[4:], c)
		b = append(append(b, h[:]...), d...)
	}
	return b
}

// TestReadsVersion1 opens a spool written by the version before topics:
// its entries are read with the topic a routed one carried, new entries
// go to a new segment, and both survive a reopen.
func TestReadsVersion1(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	old := []string{
		"1;357299070082380;2026-03-01 12:00:00;1;40001;7",
		"\x1e[IMEI]/events\x1e{\"type\":\"event\"}",
		"\x1e[IMEI]/status/modem\x1e{\"type\":\"status\"}",
		"\x1eno second mark",
		"",
	}
	if err := os.WriteFile(filepath.Join(dir, segName(1)), v1Segment(1, at, old...), 0o600); err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{ID: 1, Data: []byte(old[0])},
		{ID: 2, Topic: "[IMEI]/events", Data: []byte(`{"type":"event"}`)},
		{ID: 3, Topic: "[IMEI]/status/modem", Data: []byte(`{"type":"status"}`)},
		{ID: 4, Data: []byte("\x1eno second mark")},
		{ID: 5, Data: []byte{}},
	}
	s := open(t, dir, Options{})
	check := func(got []Entry, want []Entry) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d entries, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			g := got[i]
			if g.ID != w.ID || g.Topic != w.Topic || string(g.Data) != string(w.Data) {
				t.Errorf("entry %d: %d %q %q, want %d %q %q", i, g.ID, g.Topic, g.Data, w.ID, w.Topic, w.Data)
			}
			if g.ID <= 5 && !g.Time.Equal(at) {
				t.Errorf("entry %d: time %v, want %v", i, g.Time, at)
			}
		}
	}
	check(readAll(t, s), want)
	if st := s.Stats(); st.Recovered != 5 || st.CorruptRecords != 0 || st.TornBytesCut != 0 {
		t.Fatalf("%+v", st)
	}
	// The old segment takes no more records.
	if id, err := s.AppendTo("[IMEI]/events", []byte("\x1e new")); err != nil || id != 6 {
		t.Fatalf("append: %d %v", id, err)
	}
	if id, err := s.Append([]byte("\x1elogger\x1e")); err != nil || id != 7 {
		t.Fatalf("append: %d %v", id, err)
	}
	want = append(want, Entry{ID: 6, Topic: "[IMEI]/events", Data: []byte("\x1e new")}, Entry{ID: 7, Data: []byte("\x1elogger\x1e")})
	check(readAll(t, s), want)
	if got := segFiles(t, dir); len(got) != 2 || filepath.Base(got[1]) != segName(6) {
		t.Fatalf("segments %v", got)
	}
	s.Close()
	s = open(t, dir, Options{})
	check(readAll(t, s), want)
	for id := uint64(1); id <= 5; id++ {
		if err := s.Ack(id); err != nil {
			t.Fatal(err)
		}
	}
	if got := segFiles(t, dir); len(got) != 1 || filepath.Base(got[0]) != segName(6) {
		t.Fatalf("after the old entries' acks: segments %v", got)
	}
	s.Close()
}

// TestUpgradesEmptyVersion1: an active segment of version 1 without
// records, as a rotation leaves it, is taken over in place.
func TestUpgradesEmptyVersion1(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	at := time.Now()
	os.WriteFile(filepath.Join(dir, segName(1)), v1Segment(1, at, "a", "\x1et\x1eb"), 0o600)
	os.WriteFile(filepath.Join(dir, segName(3)), v1Segment(3, at), 0o600)
	s := open(t, dir, Options{})
	if id, err := s.AppendTo("t", []byte("c")); err != nil || id != 3 {
		t.Fatalf("append: %d %v", id, err)
	}
	s.Close()
	b, _ := os.ReadFile(filepath.Join(dir, segName(3)))
	if v := binary.LittleEndian.Uint32(b[4:]); v != segVersion {
		t.Fatalf("version %d", v)
	}
	s = open(t, dir, Options{})
	defer s.Close()
	got := readAll(t, s)
	if len(got) != 3 || got[1].Topic != "t" || string(got[1].Data) != "b" || got[2].Topic != "t" || string(got[2].Data) != "c" {
		t.Fatalf("%+v", got)
	}
	if n := len(segFiles(t, dir)); n != 2 {
		t.Fatalf("%d segments", n)
	}
}

// TestTopicRoundTrip: the topic is the entry's own, whatever its bytes or
// the data's.
func TestTopicRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := open(t, dir, Options{})
	topics := []string{"", "[IMEI]/events", "\x1e", string(make([]byte, 300))}
	for i, tp := range topics {
		if _, err := s.AppendTo(tp, []byte{0x1e, byte(i), 0x1e}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AppendTo(string(make([]byte, maxTopicSize+1)), nil); err != ErrTooLarge {
		t.Fatalf("long topic: %v", err)
	}
	s.Close()
	s = open(t, dir, Options{})
	defer s.Close()
	got := readAll(t, s)
	if len(got) != len(topics) {
		t.Fatalf("%d entries", len(got))
	}
	for i, e := range got {
		if e.Topic != topics[i] || string(e.Data) != string([]byte{0x1e, byte(i), 0x1e}) {
			t.Errorf("entry %d: %q %q", i, e.Topic, e.Data)
		}
	}
}

// TestLegacyEntry: a version 1 payload is split as it was written.
func TestLegacyEntry(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, topic, data string }{
		{"{TYPE:MODB}", "", "{TYPE:MODB}"},
		{"", "", ""},
		{"\x1e[IMEI]/events\x1e{}", "[IMEI]/events", "{}"},
		{"\x1e\x1e", "", ""},
		{"\x1eno end", "", "\x1eno end"},
		{"\x1ea/b\x1ex\x1ey", "a/b", "x\x1ey"},
	} {
		topic, data := legacyEntry([]byte(c.in))
		if topic != c.topic || string(data) != c.data {
			t.Errorf("legacyEntry(%q) = %q %q", c.in, topic, data)
		}
	}
}
