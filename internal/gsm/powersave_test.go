package gsm

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseCPSMS(t *testing.T) {
	tests := []struct {
		line string
		want PSM
	}{
		// The read response with the emnify guide's timers.
		{`+CPSMS: 1,,,"01001110","00000101"`, PSM{Mode: 1, T3412: "01001110", T3324: "00000101", TAU: 140 * time.Hour, Active: 10 * time.Second}},
		// The emnify guide's command, verbatim (unquoted bits), and quoted.
		{`AT+CPSMS=1,,,01001110,00000101`, PSM{Mode: 1, T3412: "01001110", T3324: "00000101", TAU: 140 * time.Hour, Active: 10 * time.Second}},
		{`AT+CPSMS=1,,,"01001110","00000101"`, PSM{Mode: 1, T3412: "01001110", T3324: "00000101", TAU: 140 * time.Hour, Active: 10 * time.Second}},
		{`+CPSMS: 0`, PSM{Mode: 0}},
		{`+CPSMS: 0,,,,`, PSM{Mode: 0}},
		{`+CPSMS: 1,"00100100","00000011","11100000","11100000"`, PSM{Mode: 1, PeriodicRAU: "00100100", GPRSReadyTimer: "00000011",
			T3412: "11100000", T3324: "11100000", TAU: TimerDeactivated, Active: TimerDeactivated}},
		{`at+cpsms=1,,,"00111000"`, PSM{Mode: 1, T3412: "00111000", TAU: 24 * time.Hour}},
	}
	for _, tt := range tests {
		got, err := ParseCPSMS(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseCPSMS(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{`+CPSMS: 3`, `bad <mode> "3"`},
		{`+CPSMS: 1,,,"0100111","00000101"`, `bad <Requested_Periodic-TAU> "\"0100111\"" (want 8 binary digits)`},
		{`+CPSMS: 1,,,"01001110","0000010x"`, `bad <Requested_Active-Time>`},
		{`+CPSMS: 1,,,"01001110","00000101",1`, `too many parameters`},
		{`+CPSMS: (0-2),,,("00000000"-"11111111")`, `stray quote`},
		{`AT+CPSMS?`, `not a +CPSMS line`},
	} {
		if _, err := ParseCPSMS(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCPSMS(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
	b, _ := json.Marshal(tests[0].want)
	if want := `{"mode":1,"t3412":"01001110","tau":"140h0m0s","tau_s":504000,"t3324":"00000101","active":"10s","active_s":10}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	b, _ = json.Marshal(tests[5].want)
	if !strings.Contains(string(b), `"tau":"deactivated"`) || strings.Contains(string(b), "tau_s") {
		t.Errorf("JSON %s", b)
	}
}

func TestParseCEDRXS(t *testing.T) {
	m := time.Millisecond
	tests := []struct {
		text string
		want []EDRX
	}{
		// The emnify guide: the command, and the answer as the guide prints it.
		{`AT+CEDRXS=1,4,"1000"`, []EDRX{{AcT: EDRXLTEM, Mode: 1, Requested: "1000", Cycle: 143360 * m}}},
		{`+CEDRXS: [4,"1000","1000","0111"]`, []EDRX{{AcT: EDRXLTEM, Mode: -1, Requested: "1000", Provided: "1000", PTW: "0111",
			Cycle: 143360 * m, ProvidedCycle: 143360 * m, PagingWindow: 10240 * m}}},
		// 27.007 read response, one line per RAT.
		{"+CEDRXS: 4,\"0101\"\r\n+CEDRXS: 5,\"0010\"\r\n", []EDRX{
			{AcT: EDRXLTEM, Mode: -1, Requested: "0101", Cycle: 81920 * m},
			{AcT: EDRXNBIoT, Mode: -1, Requested: "0010", Cycle: 20480 * m}}},
		{`+CEDRXS: `, []EDRX{}},
		{`AT+CEDRXS=0`, []EDRX{{Mode: 0}}},
		{`AT+CEDRXS=3,5`, []EDRX{{Mode: 3, AcT: EDRXNBIoT}}},
		{`+CEDRXS: 2,"0011"`, []EDRX{{AcT: EDRXGSM, Mode: -1, Requested: "0011"}}},
	}
	for _, tt := range tests {
		got, err := ParseCEDRXS(tt.text)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseCEDRXS(%q) = %+v, %v; want %+v", tt.text, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{`+CEDRXS: (0-3),(4,5),("0000"-"1111")`, `stray quote`},
		{`+CEDRXS: (0-3),(4,5)`, `bad <AcT-type> "(0-3)"`},
		{`+CEDRXS: 6,"1000"`, `bad <AcT-type> "6"`},
		{`+CEDRXS: 4,"100"`, `bad <Requested_eDRX_value> "\"100\"" (want 4 binary digits)`},
		{`+CEDRXS: 4,"1000","1000","0111","1"`, `too many parameters`},
		{`AT+CEDRXS=4,4,"1000"`, `bad <mode> "4"`},
		{"+CEDRXS: 4,\"1000\"\n+CEDRXS: 5,\"10\"", `bad <Requested_eDRX_value> "\"10\""`},
	} {
		if _, err := ParseCEDRXS(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCEDRXS(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}

func TestParseCEDRXRDP(t *testing.T) {
	m := time.Millisecond
	tests := []struct {
		line string
		want EDRX
	}{
		{`+CEDRXRDP: 5,"0101","0101","0011"`, EDRX{AcT: EDRXNBIoT, Mode: -1, Requested: "0101", Provided: "0101", PTW: "0011",
			Cycle: 81920 * m, ProvidedCycle: 81920 * m, PagingWindow: 10240 * m}},
		{`+CEDRXRDP: 4,"1000","0101","0111"`, EDRX{AcT: EDRXLTEM, Mode: -1, Requested: "1000", Provided: "0101", PTW: "0111",
			Cycle: 143360 * m, ProvidedCycle: 81920 * m, PagingWindow: 10240 * m}},
		{`+CEDRXRDP: 0`, EDRX{Mode: -1}},
		{`+CEDRXP: 4,"1000","1000","0111"`, EDRX{AcT: EDRXLTEM, Mode: -1, Requested: "1000", Provided: "1000", PTW: "0111",
			Cycle: 143360 * m, ProvidedCycle: 143360 * m, PagingWindow: 10240 * m}},
	}
	for _, tt := range tests {
		got, err := ParseCEDRXRDP(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseCEDRXRDP(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{`+CEDRXRDP: 5,"0101","0101","0011",1`, `too many parameters`},
		{`+CEDRXRDP: 5,"0101","0101","011"`, `bad <Paging_time_window>`},
		{`+CEDRXRDP:`, `too few parameters`},
		{`+CEDRXS: 5,"0101"`, `not a +CEDRXRDP line`},
	} {
		if _, err := ParseCEDRXRDP(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCEDRXRDP(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
	b, _ := json.Marshal(tests[0].want)
	want := `{"act":5,"rat":"NB-IoT","requested":{"bits":"0101","value":"1m21.92s","s":81.92},"provided":{"bits":"0101","value":"1m21.92s","s":81.92},"ptw":{"bits":"0011","value":"10.24s","s":10.24}}`
	if string(b) != want {
		t.Errorf("JSON %s\nwant %s", b, want)
	}
}
