package record

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

// The two records of the AN32 application note, verbatim: the blanks and
// the wrapped numbers ("1 7", "10 2") are the note's line breaks.
const (
	seedPLC2 = `{TYPE:MODB,ID:2,TS:17/06/2017 17:01:05,IMEI:357044060009633, P:12345678,A:2,ST:10,N:5,V:[10,11,12,0,0]}`
	seedPLC1 = `{TYPE:MODB,ID:1,TS:17/06/2017 17:01:04,IMEI:357044060009633,P:12345678,A:1,STX: [1,10,55,69,72,100,120,130,152,160,170],NX:[1,3,2,2,9,10,5,4,3,7,1], PX:[0,1,4,6,8,1 7,27,32,36,39,46], V:[1,10,11,12,55,56,69,70,72,73,74,75,76,77,78,79,80,100,101,10 2,103,104,105,106,107,108,109,120,121,122,123,124,130,131,132,133,152,153,154, 160,161,162,163,164,165,166,170]}`
)

func an32Records() (plc1, plc2 Titan) {
	plc2 = Titan{Type: TypeModbus, ID: 2, TS: time.Date(2017, 6, 17, 17, 1, 5, 0, time.UTC), IMEI: "357044060009633", P: "12345678", A: 2,
		Blocks: []Block{{10, 5}}, V: []int{10, 11, 12, 0, 0}}
	plc1 = Titan{Type: TypeModbus, ID: 1, TS: time.Date(2017, 6, 17, 17, 1, 4, 0, time.UTC), IMEI: "357044060009633", P: "12345678", A: 1}
	starts := []int{1, 10, 55, 69, 72, 100, 120, 130, 152, 160, 170}
	counts := []int{1, 3, 2, 2, 9, 10, 5, 4, 3, 7, 1}
	for i := range starts {
		plc1.Blocks = append(plc1.Blocks, Block{starts[i], counts[i]})
		for a := starts[i]; a < starts[i]+counts[i]; a++ {
			plc1.V = append(plc1.V, a) // the note's PLC holds its addresses
		}
	}
	return plc1, plc2
}

// compact is the seed's text with the blanks that the note's layout added
// removed (the one blank inside TS stays).
func compact(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Replace(s, "2017", "2017 ", 1)
}

func TestFormatTitanSeed(t *testing.T) {
	plc1, plc2 := an32Records()
	for _, tc := range []struct {
		name string
		rec  Titan
		seed string
	}{{"PLC2", plc2, seedPLC2}, {"PLC1", plc1, seedPLC1}} {
		got, err := FormatTitan(tc.rec)
		if err != nil {
			t.Fatal(err)
		}
		if want := compact(tc.seed); got != want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, want)
		}
		parsed, err := ParseTitan(tc.seed)
		if err != nil {
			t.Fatalf("%s: parsing the seed: %v", tc.name, err)
		}
		if !equalTitan(parsed, tc.rec) {
			t.Errorf("%s: parsed %+v\nwant %+v", tc.name, parsed, tc.rec)
		}
	}
	want := `{TYPE:MODB,ID:2,TS:17/06/2017 17:01:05,IMEI:357044060009633,P:12345678,A:2,ST:10,N:5,V:[10,11,12,0,0]}`
	if got, _ := FormatTitan(plc2); got != want {
		t.Errorf("PLC2: %s", got)
	}
}

func TestTitanSeq(t *testing.T) {
	_, plc2 := an32Records()
	plc2.Seq, plc2.HasSeq = 42, true
	got, _ := FormatTitan(plc2)
	if !strings.HasSuffix(got, ",V:[10,11,12,0,0],SEQ:42}") {
		t.Errorf("SEQ: %s", got)
	}
	back, err := ParseTitan(got)
	if err != nil || !equalTitan(back, plc2) {
		t.Errorf("round trip: %+v %v", back, err)
	}
}

func TestFormatTitanJSON(t *testing.T) {
	plc1, plc2 := an32Records()
	got, err := FormatTitanJSON(plc2)
	want := `{"TYPE":"MODB","ID":2,"TS":"17/06/2017 17:01:05","IMEI":"357044060009633","P":"12345678","A":2,"ST":10,"N":5,"V":[10,11,12,0,0]}`
	if err != nil || got != want {
		t.Errorf("got %s %v\nwant %s", got, err, want)
	}
	plc1.Seq, plc1.HasSeq = 7, true
	for _, rec := range []Titan{plc1, plc2} {
		s, err := FormatTitanJSON(rec)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseTitanJSON(s)
		if err != nil || !equalTitan(back, rec) {
			t.Errorf("round trip of %s: %+v %v", s, back, err)
		}
	}
	s, _ := FormatTitanJSON(plc1)
	if !strings.Contains(s, `"PX":[0,1,4,6,8,17,27,32,36,39,46]`) || !strings.HasSuffix(s, `,"SEQ":7}`) {
		t.Errorf("PLC1: %s", s)
	}
}

func TestTitanErrors(t *testing.T) {
	_, plc2 := an32Records()
	bad := plc2
	bad.V = bad.V[:3]
	if _, err := FormatTitan(bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("short V formatted: %v", err)
	}
	for _, s := range []string{
		"", "{}", "TYPE:MODB", "{TYPE:MODB}",
		`{TYPE:MODB,ID:x,TS:17/06/2017 17:01:05,IMEI:1,ST:10,N:1,V:[1]}`,
		`{TYPE:MODB,ID:1,TS:2017-06-17,IMEI:1,ST:10,N:1,V:[1]}`,
		`{TYPE:MODB,ID:1,TS:17/06/2017 17:01:05,IMEI:1,ST:10,N:2,V:[1]}`,
		`{TYPE:MODB,ID:1,TS:17/06/2017 17:01:05,IMEI:1,STX:[1,5],NX:[1],V:[1]}`,
		`{TYPE:MODB,ID:1,TS:17/06/2017 17:01:05,IMEI:1,STX:[1,5],NX:[1,1],PX:[0,2],V:[1,2]}`,
		`{TYPE:MODB,ID:1,TS:17/06/2017 17:01:05,IMEI:1,ST:1,N:1,V:[1,}`,
		`{TYPE:MODB,ID:1,ID:1,TS:17/06/2017 17:01:05,IMEI:1,ST:1,N:1,V:[1]}`,
		`{TYPE:MODB,,ID:1,TS:17/06/2017 17:01:05,IMEI:1,ST:1,N:1,V:[1]}`,
	} {
		if _, err := ParseTitan(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: got %v", s, err)
		}
	}
	if _, err := ParseTitanJSON(`{"TYPE":"MODB"`); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad JSON: %v", err)
	}
}

func equalTitan(a, b Titan) bool {
	return a.Type == b.Type && a.ID == b.ID && a.TS.Equal(b.TS) && a.IMEI == b.IMEI && a.P == b.P && a.A == b.A &&
		slices.Equal(a.Blocks, b.Blocks) && slices.Equal(a.V, b.V) && a.HasSeq == b.HasSeq && a.Seq == b.Seq
}

// FuzzParseTitan: no panic, and what parses formats and parses back the
// same.
func FuzzParseTitan(f *testing.F) {
	f.Add(seedPLC1)
	f.Add(seedPLC2)
	f.Add(`{TYPE:MODB,ID:1,TS:01/01/2020 00:00:00,IMEI:1,ST:1,N:0,V:[],SEQ:3}`)
	f.Fuzz(func(t *testing.T, s string) {
		rec, err := ParseTitan(s)
		if err != nil {
			return
		}
		out, err := FormatTitan(rec)
		if err != nil {
			return // e.g. a P holding a comma cannot be written back
		}
		back, err := ParseTitan(out)
		if err != nil {
			t.Fatalf("%q formatted as %q, which does not parse: %v", s, out, err)
		}
		if !equalTitan(back, rec) {
			t.Fatalf("round trip of %q:\n%+v\n%+v", out, rec, back)
		}
	})
}
