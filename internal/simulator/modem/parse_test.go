package modem

import (
	"reflect"
	"testing"
)

func TestParseLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body string
		want []parsed
		err  bool
	}{
		{"", nil, false},
		{"E0V1", []parsed{{"E", formExec, "0"}, {"V", formExec, "1"}}, false},
		{"&FE0&C1&D2", []parsed{{"&F", formExec, ""}, {"E", formExec, "0"}, {"&C", formExec, "1"}, {"&D", formExec, "2"}}, false},
		{"&CA", nil, true},
		{"+CMGF=1;+CSCS=\"A;B\";+CSQ", []parsed{{"+CMGF", formSet, "1"}, {"+CSCS", formSet, `"A;B"`}, {"+CSQ", formExec, ""}}, false},
		{"^HCSQ?", []parsed{{"^HCSQ", formRead, ""}}, false},
		{"+COPS=?", []parsed{{"+COPS", formTest, ""}}, false},
		{"D*99***1#", []parsed{{"D", formExec, "*99***1#"}}, false},
		{"S0=0 S7?", []parsed{{"S", formSet, "0=0"}, {"S", formRead, "7"}}, false},
		{"S", nil, true},
		{"+", nil, true},
		{"!", nil, true},
		{"+CSQ;E1", []parsed{{"+CSQ", formExec, ""}, {"E", formExec, "1"}}, false},
	} {
		got, err := parseLine(tc.body)
		if (err != nil) != tc.err || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %+v %v", tc.body, got, err)
		}
	}
}

func TestSplitArgs(t *testing.T) {
	t.Parallel()
	got := splitArgs(` 1 ,"a, b", ,"" ,x`)
	want := []arg{{"1", false}, {"a, b", true}, {"", false}, {"", true}, {"x", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%+v", got)
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"E0V1", `+CMGS="123";+CSQ`, "D*99#", "S7?", "&CA", `+CRSM=214,28539,0,0,3,"62F220"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmds, err := parseLine(s)
		if err != nil {
			return
		}
		for _, c := range cmds {
			splitArgs(c.raw)
		}
	})
}
