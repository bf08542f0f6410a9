package gsm

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseCOPS(t *testing.T) {
	tests := []struct {
		line string
		want Operator
	}{
		// Huawei MU709 guide 2.3.1 and 6.x.
		{`+COPS: 1,0,"China Mobile Com",0`, Operator{Mode: 1, Format: 0, Name: "China Mobile Com", AcT: AcTGSM}},
		{`+COPS: 0,0,"Terminal MHA Net",2`, Operator{Mode: 0, Format: 0, Name: "Terminal MHA Net", AcT: AcTUTRAN}},
		// Not registered: the mode alone.
		{`+COPS: 0`, Operator{Mode: 0, Format: -1, AcT: NoAcT}},
		{`+COPS: 0,2,"26201",7`, Operator{Mode: 0, Format: 2, Name: "26201", AcT: AcTEUTRAN}},
		{`+COPS: 1,2,"310260"`, Operator{Mode: 1, Format: 2, Name: "310260", AcT: NoAcT}},
		{`+COPS: 0,0,"Foo, Bar & Co",9`, Operator{Mode: 0, Format: 0, Name: "Foo, Bar & Co", AcT: AcTNBIoT}},
		{`+COPS: 0,1,"O2 - DE",7`, Operator{Mode: 0, Format: 1, Name: "O2 - DE", AcT: AcTEUTRAN}},
		{`+COPS: 0,0,"004F0032",7`, Operator{Mode: 0, Format: 0, Name: "004F0032", AcT: AcTEUTRAN}},
		{" +COPS: 4 , 0 , \"Vodafone.de\" , 7\r\n", Operator{Mode: 4, Format: 0, Name: "Vodafone.de", AcT: AcTEUTRAN}},
	}
	for _, tt := range tests {
		got, err := ParseCOPS(tt.line)
		if err != nil {
			t.Errorf("ParseCOPS(%q): %v", tt.line, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseCOPS(%q) = %+v, want %+v", tt.line, got, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		// The Huawei guide's table placeholder is not a modem line.
		{`+COPS: "Network status information"`, `bad <mode>`},
		{`+COPS: 5,0,"X",7`, `bad <mode> "5"`},
		{`+COPS: 0,3,"X",7`, `bad <format> "3"`},
		{`+COPS: 0,2,"T-Mobile",7`, `bad <oper> "\"T-Mobile\"" (want 5 or 6 digits)`},
		{`+COPS: 0,0,"X",7,1`, `too many parameters`},
		{`+COPS: 0,0,"X,7`, `unterminated string`},
		{`+COPS: (2,"T-Mobile D","TMO D","26201",7),,(0-4),(0-2)`, `a network list`},
		{`+COPS:`, `too few parameters`},
	} {
		if _, err := ParseCOPS(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCOPS(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}

func TestParseCOPSList(t *testing.T) {
	tmo := Network{Stat: 2, Long: "T-Mobile D", Short: "TMO D", Numeric: "26201", AcT: AcTEUTRAN}
	voda := Network{Stat: 1, Long: "Vodafone.de", Short: "voda DE", Numeric: "26202", AcT: AcTUTRAN}
	tests := []struct {
		line string
		want []Network
	}{
		{`+COPS: (2,"T-Mobile D","TMO D","26201",7),(1,"Vodafone.de","voda DE","26202",2),,(0,1,2,3,4),(0,1,2)`, []Network{tmo, voda}},
		// No empty parameter before the supported lists.
		{`+COPS: (2,"T-Mobile D","TMO D","26201",7),(1,"Vodafone.de","voda DE","26202",2),(0-4),(0-2)`, []Network{tmo, voda}},
		// Blanks, no AcT, forbidden network, names with commas and parentheses.
		{`+COPS: ( 3 , "Foo, Inc (DE)" , "F,I" , "26203" ) , (0,"","","26204",9) ,,(0-4),(0-2)`, []Network{
			{Stat: 3, Long: "Foo, Inc (DE)", Short: "F,I", Numeric: "26203", AcT: NoAcT},
			{Stat: 0, Numeric: "26204", AcT: AcTNBIoT},
		}},
		{`+COPS: (1,"AT&T","AT&T","310410",7)`, []Network{{Stat: 1, Long: "AT&T", Short: "AT&T", Numeric: "310410", AcT: AcTEUTRAN}}},
		{`+COPS: ,,(0-4),(0-2)`, []Network{}},
		{`+COPS: ,,(0,1,2,3,4),(0,1,2)`, []Network{}},
	}
	for _, tt := range tests {
		got, err := ParseCOPSList(tt.line)
		if err != nil {
			t.Errorf("ParseCOPSList(%q): %v", tt.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseCOPSList(%q)\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{`+COPS: 0,0,"X",7`, `want a parenthesised group`},
		{`+COPS: (2,"T-Mobile D","TMO D","26201",7`, `unterminated group`},
		{`+COPS: (2,"T-Mobile D","TMO D","26201",7)x`, `want a comma after a group`},
		{`+COPS: (4,"T-Mobile D","TMO D","26201",7)`, `bad <stat> "4"`},
		{`+COPS: (2,"T-Mobile D","TMO D","2620X",7)`, `bad <numeric>`},
		{`+COPS: (2,"T-Mobile D","TMO D")`, `too few parameters`},
		{`+COPS: (2,"T-Mobile D","TMO D","26201",7,1)`, `too many parameters`},
		{`+COPS: (2,"T-Mobile D","TMO D","26201",x)`, `bad <AcT> "x"`},
		{`+COPS: ((2,"a","b","26201",7))`, `nested parenthesis`},
		{`+COPS:`, `not a network list`},
		{`+CSQ: (1)`, `not a +COPS line`},
	} {
		if _, err := ParseCOPSList(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCOPSList(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}

func TestDecodeUCS2Hex(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"004F0032", "O2", true},
		{"0054002D004D006F00620069006C0065", "T-Mobile", true},
		{"4E2D56FD79FB52A8", "中国移动", true},
		{"d83dde00", "😀", true}, // a surrogate pair
		{"0041", "A", true},
		{"", "", false},
		{"41", "", false},
		{"00410", "", false},
		{"004G", "", false},
		{"000A", "", false},     // control character
		{"D83D0041", "", false}, // unpaired high surrogate
		{"DE00", "", false},     // lone low surrogate
		{"Vodafone", "", false},
	}
	for _, tt := range tests {
		got, ok := DecodeUCS2Hex(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DecodeUCS2Hex(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseCOPSList(f *testing.F) {
	for _, s := range []string{
		`+COPS: (2,"T-Mobile D","TMO D","26201",7),(1,"Vodafone.de","voda DE","26202",2),,(0,1,2,3,4),(0,1,2)`,
		`+COPS: ( 3 , "Foo, Inc (DE)" , "F,I" , "26203" ) , (0,"","","26204",9) ,,(0-4),(0-2)`,
		`+COPS: ,,(0-4),(0-2)`, `+COPS: (`, `+COPS: (")",")")`, `+COPS: ,`, `+COPS: (1,"a","b","12345",),`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		nets, err := ParseCOPSList(line)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			return
		}
		if nets == nil {
			t.Fatal("nil list without an error")
		}
		for _, n := range nets {
			if n.Stat < 0 || n.Stat > 3 || n.Numeric != "" && !digits(n.Numeric, 5, 6) {
				t.Fatalf("bad network %+v", n)
			}
		}
		if s, ok := DecodeUCS2Hex(line); ok && s == "" {
			t.Fatal("empty decode reported ok")
		}
	})
}
