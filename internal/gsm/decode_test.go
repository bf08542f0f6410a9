package gsm

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// decodeSamples has a line for every parser Decode reaches, with the type
// it must give.
var decodeSamples = []struct {
	line string
	typ  string
}{
	{"+CREG: 0,1", "gsm.Registration"},
	{`+CGREG: 2,1,"00C3","0000A1B2",3,"01"`, "gsm.Registration"},
	{`+CEREG: 4,1,"0001","01A2D001",7,,,"00000101","01001110"`, "gsm.Registration"},
	{`+C5GREG: 1,"00A1B2","00000012F",11`, "gsm.Registration"},
	{`+COPS: 1,0,"China Mobile Com",0`, "gsm.Operator"},
	{`+COPS: (2,"T-Mobile D","TMO D","26201",7),(1,"Vodafone.de","voda DE","26202",2),,(0,1,2,3,4),(0,1,2)`, "[]gsm.Network"},
	{`+COPS: ,,(0-4),(0-2)`, "[]gsm.Network"},
	{"+CSQ: 28,99", "gsm.Signal"},
	{"+CESQ: 99,99,255,255,20,43", "gsm.Signal"},
	{`^HCSQ: "WCDMA",30,30,58`, "gsm.Signal"},
	{`+QCSQ: "LTE",-52,-81,195,-10`, "gsm.Signal"},
	{`^SYSINFOEX: 2,3,0,1,,3,"WCDMA",41,"HSPA+"`, "gsm.SysInfo"},
	{`^SYSINFO: 2,3,0,5,1`, "gsm.SysInfo"},
	{"+CPIN: READY", "gsm.SIMState"},
	{"^CPIN: SIM PIN,3,10,3,10,3", "gsm.PINStatus"},
	{`+QPINC: "SC",3,10`, "gsm.PINCount"},
	{`+CPSMS: 1,,,"01001110","00000101"`, "gsm.PSM"},
	{`AT+CPSMS=1,,,01001110,00000101`, "gsm.PSM"},
	{`+CEDRXS: [4,"1000","1000","0111"]`, "[]gsm.EDRX"},
	{`AT+CEDRXS=1,4,"1000"`, "[]gsm.EDRX"},
	{`+CEDRXRDP: 5,"0101","0101","0011"`, "gsm.EDRX"},
	{`+CEDRXP: 4,"1000","1000","0111"`, "gsm.EDRX"},
	{`+CRSM: 144,0,""`, "gsm.CRSM"},
	{"^NDISSTAT: 1,,,IPV4", "gsm.NDISStat"},
	{"^NDISSTATQRY: 0,0,,IPV4", "gsm.NDISStat"},
	{"^NDISEND:1,29", "gsm.NDISEnd"},
	{"^MONSC: GSM,001,01,2,522,63,0,1,-66,99,0", "gsm.ServingCell"},
	{"^MONNC: GSM,1,124,0,0,1,-79", "gsm.NeighbourCell"},
	{"^NETSCAN: 9675,,,2513,234,15,0,-64,100190,800000", "gsm.ScanCell"},
	{`^JDET: "JAMMED"`, "gsm.Jamming"},
	{"^JDETEX: 1,2,10,30", "gsm.JammingConfig"},
	{`^CELLLOCK: 1,0,"00C3","00000001"`, "gsm.CellLock"},
	{"+DMPCONFIG: 1,117.161.2.7,5683,420", "gsm.DMPConfig"},
	{"+CME ERROR: 10", "gsm.FinalResult"},
	{"+CMS ERROR: 500", "gsm.FinalResult"},
	{"OK", "gsm.FinalResult"},
	{"ERROR", "gsm.FinalResult"},
	{"NO CARRIER", "gsm.FinalResult"},
}

func TestDecode(t *testing.T) {
	for _, s := range decodeSamples {
		v, err := Decode(s.line)
		if err != nil {
			t.Errorf("Decode(%q): %v", s.line, err)
			continue
		}
		if got := fmt.Sprintf("%T", v); got != s.typ {
			t.Errorf("Decode(%q) is a %s, want %s", s.line, got, s.typ)
		}
		if _, err := json.Marshal(v); err != nil {
			t.Errorf("Decode(%q): JSON: %v", s.line, err)
		}
	}
	for _, line := range []string{"", "garbage", "+FOO: 1", "AT+CSQ", "ATD*99#", "AT^NDISDUP=1,1,\"1234\"", "RING"} {
		if v, err := Decode(line); !errors.Is(err, ErrUnknownLine) {
			t.Errorf("Decode(%q) = %v, %v; want ErrUnknownLine", line, v, err)
		}
	}
	// A known prefix with a bad line is the parser's error.
	_, err := Decode("+CREG: 2,x")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Field != "stat" || pe.Value != "x" || err.Error() != `gsm: +CREG: bad <stat> "x" in "+CREG: 2,x"` {
		t.Errorf("Decode(+CREG: 2,x) = %v", err)
	}
}

func TestDecodeFinalResult(t *testing.T) {
	for _, tt := range []struct {
		line string
		want FinalResult
	}{
		{"+CME ERROR: 10", FinalResult{Result: "+CME ERROR", Code: 10, Text: "SIM not inserted"}},
		{"+CME ERROR: SIM failure", FinalResult{Result: "+CME ERROR", Code: 13, Text: "SIM failure"}},
		{"+CME ERROR: The link has not been established yet", FinalResult{Result: "+CME ERROR", Code: -1, Text: "The link has not been established yet"}},
		{"+CMS ERROR: 330", FinalResult{Result: "+CMS ERROR", Code: 330, Text: "SMSC address unknown"}},
		{"OK", FinalResult{Result: "OK", OK: true}},
		{"CONNECT 150000000", FinalResult{Result: "CONNECT", OK: true, Text: "150000000"}},
		{"NO CARRIER", FinalResult{Result: "NO CARRIER"}},
	} {
		got, err := ParseFinalResult(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseFinalResult(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	if _, err := ParseFinalResult("+CSQ: 1,2"); err == nil {
		t.Error("ParseFinalResult(+CSQ) accepted")
	}
}

func TestLinePrefix(t *testing.T) {
	for line, want := range map[string]string{
		"+CSQ: 11,99": "+CSQ", "^hcsq: \"GSM\",1": "^HCSQ", " +CME ERROR: 10": "+CME ERROR",
		`AT+CPSMS=1,,,"01001110","00000101"`: "+CPSMS", "OK": "OK", "ERROR": "ERROR", "garbage": "",
		"+": "", "AT+CSQ": "", "^NDISSTAT:0,0,,IPV4": "^NDISSTAT",
	} {
		if got := LinePrefix(line); got != want {
			t.Errorf("LinePrefix(%q) = %q, want %q", line, got, want)
		}
	}
	if !Decodable("+csq") || !Decodable("^NDISEND") || Decodable("+FOO") {
		t.Error("Decodable")
	}
}

func TestParseErrorText(t *testing.T) {
	long := "+CSQ: " + strings.Repeat("9", 300)
	_, err := ParseCSQ(long)
	if err == nil || len(err.Error()) > 2*maxErrLine+50 || !strings.Contains(err.Error(), "...") {
		t.Errorf("long line error: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range decodeSamples {
		f.Add(s.line)
	}
	for _, s := range []string{
		`+CREG: 1,00C3,1A2B,7`, `+COPS: ( 3 , "Foo, Inc (DE)" , "F,I" , "26203" )`, "+CSQ: 199,99",
		"+CESQ: 99,99,255,255,255,255,60,70,80", `^HCSQ: "LTE",0,0,0,0`, `+QCSQ: "NOSERVICE"`,
		"^CPIN: READY,,,,,", `+CPSMS: 1,"00100100","00000011","11100000","11100000"`,
		"+CEDRXS: 4,\"0101\"\r\n+CEDRXS: 5,\"0010\"", `+CRSM: 144,0,62f210ffffff`,
		`^NDISSTAT: 0,,,"IPV4",1,,,"IPV6"`, "^NDISSTATQry:1", "^MONSC: LTE,262,01,1300,1C36403,246,BFF,-93,-11,-61",
		"^MONSC: WCDMA,460,01,10700,5,a3b4c5,2530,-81,-70,-5,6,0", "^MONNC: LTE,1300,155,-99,-13,-70", "^MONNC: NONE",
		"^NETSCAN: 15,,,4,460,09,5,–64", "^CELLLOCK: 0", "+DMPCONFIG: 3,46005,46008,46009", "+DMPCONFIG: 2,M1,95Go****,1,863703030822519",
		"+CME ERROR: SIM failure", `+CREG: "`, "+COPS: (((", "^SYSINFOEX: ,,,,,,,,", "+CEDRXS: [", "AT+CEDRXS=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		v, err := Decode(line)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) && !errors.Is(err, ErrUnknownLine) {
				t.Fatalf("Decode(%q): error %T %v", line, err, err)
			}
			if v != nil {
				t.Fatalf("Decode(%q): value %v with error", line, v)
			}
			_ = LinePrefix(line)
			return
		}
		if v == nil {
			t.Fatalf("Decode(%q): nil value", line)
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("Decode(%q): JSON: %v", line, err)
		}
	})
}
