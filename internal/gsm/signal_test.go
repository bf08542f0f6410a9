package gsm

import (
	"encoding/json"
	"strings"
	"testing"
)

// sig is a compact expectation: the JSON of the Signal.
func sigJSON(t *testing.T, s Signal) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type signalTest struct {
	line string
	want string // JSON
}

func runSignal(t *testing.T, name string, parse func(string) (Signal, error), tests []signalTest, bad []struct{ line, want string }) {
	t.Helper()
	for _, tt := range tests {
		got, err := parse(tt.line)
		if err != nil {
			t.Errorf("%s(%q): %v", name, tt.line, err)
			continue
		}
		if j := sigJSON(t, got); j != tt.want {
			t.Errorf("%s(%q)\n got %s\nwant %s", name, tt.line, j, tt.want)
		}
	}
	for _, tt := range bad {
		if _, err := parse(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s(%q) = %v, want an error with %s", name, tt.line, err, tt.want)
		}
	}
}

func TestParseCSQ(t *testing.T) {
	runSignal(t, "ParseCSQ", ParseCSQ, []signalTest{
		// Huawei MU709 guide 6.x: "Response: +CSQ: 28,99 31 is the strongest, 0 is the weakest, and 99 for none."
		{"+CSQ: 28,99", `{"rssi_dbm":-57,"bars":5}`},
		{"+CSQ: 0,0", `{"rssi_dbm":-113,"ber":0,"bars":0}`},
		{"+CSQ: 1,7", `{"rssi_dbm":-111,"ber":7,"bars":1}`},
		{"+CSQ: 11,99", `{"rssi_dbm":-91,"bars":3}`},
		{"+CSQ: 31,99", `{"rssi_dbm":-51,"bars":5}`},
		{"+CSQ: 99,99", `{"bars":0}`},
		{"+CSQ: 100,99", `{"rssi_dbm":-116,"bars":0}`},
		{"+CSQ: 191,99", `{"rssi_dbm":-25,"bars":5}`},
		{"+CSQ: 199,99", `{"bars":0}`},
		{"+CSQ:  15 , 2 ", `{"rssi_dbm":-83,"ber":2,"bars":4}`},
	}, []struct{ line, want string }{
		{"+CSQ: 32,99", `bad <rssi> "32" (out of range)`},
		{"+CSQ: -1,99", `bad <rssi> "-1"`},
		{"+CSQ: 20,8", `bad <ber> "8" (out of range)`},
		{"+CSQ: 20", `too few parameters`},
		{"+CSQ: 20,99,1", `too many parameters`},
		{"+CSQ: a,99", `bad <rssi> "a"`},
		{"+CSQ 20,99", `not a +CSQ line`},
		{"+CESQ: 20,99", `not a +CSQ line`},
	})
}

func TestParseCESQ(t *testing.T) {
	runSignal(t, "ParseCESQ", ParseCESQ, []signalTest{
		// What cellgate's simulator sends for GSM, UMTS and LTE serving cells.
		{"+CESQ: 30,0,255,255,255,255", `{"rat":"GSM","rssi_dbm":-81,"ber":0,"bars":4}`},
		{"+CESQ: 99,99,30,43,255,255", `{"rat":"WCDMA","rscp_dbm":-91,"ecio_db":-3,"bars":3}`},
		{"+CESQ: 99,99,255,255,20,43", `{"rat":"LTE","rsrp_dbm":-98,"rsrq_db":-10,"bars":3}`},
		{"+CESQ: 99,99,255,255,255,255", `{"bars":0}`},
		{"+CESQ: 99,99,255,255,34,97", `{"rat":"LTE","rsrp_dbm":-44,"rsrq_db":-3,"bars":5}`},
		{"+CESQ: 99,99,255,255,0,0", `{"rat":"LTE","rsrp_dbm":-141,"rsrq_db":-20,"bars":0}`},
		// The NR extension.
		{"+CESQ: 99,99,255,255,255,255,60,70,80", `{"rat":"NR","rsrp_dbm":-87,"rsrq_db":-13.5,"sinr_db":16.5,"bars":4}`},
		{"+CESQ: 99,99,255,255,20,43,60,70,80", `{"rat":"LTE","rsrp_dbm":-98,"rsrq_db":-10,"bars":3}`},
	}, []struct{ line, want string }{
		{"+CESQ: 64,99,255,255,255,255", `bad <rxlev> "64"`},
		{"+CESQ: 99,99,97,255,255,255", `bad <rscp> "97"`},
		{"+CESQ: 99,99,255,50,255,255", `bad <ecno> "50"`},
		{"+CESQ: 99,99,255,255,35,255", `bad <rsrq> "35"`},
		{"+CESQ: 99,99,255,255,255,98", `bad <rsrp> "98"`},
		{"+CESQ: 99,99,255,255,255,255,128,255,255", `bad <ss_rsrq> "128"`},
		{"+CESQ: 99,99,255,255,255", `want 6 or 9 parameters`},
		{"+CESQ: 99,9,255,255,255,255", `bad <ber> "9"`},
	})
}

func TestParseHCSQ(t *testing.T) {
	runSignal(t, "ParseHCSQ", ParseHCSQ, []signalTest{
		// Huawei MU709 guide 2.3.1: the answer to AT^HCSQ?.
		{`^HCSQ: "WCDMA",30,30,58`, `{"rat":"WCDMA","rssi_dbm":-91,"rscp_dbm":-91,"ecio_db":-3.5,"bars":3}`},
		{`^HCSQ: "NOSERVICE"`, `{"rat":"NOSERVICE","bars":0}`},
		{`^HCSQ: "GSM",40`, `{"rat":"GSM","rssi_dbm":-81,"bars":4}`},
		// As cellgate's simulator sends it for LTE.
		{`^HCSQ: "LTE",50,83,201,21`, `{"rat":"LTE","rssi_dbm":-71,"rsrp_dbm":-58,"rsrq_db":-9.5,"sinr_db":20,"bars":5}`},
		{`^HCSQ: "LTE",255,255,255,255`, `{"rat":"LTE","bars":0}`},
		{`^HCSQ: "LTE",0,0,0,0`, `{"rat":"LTE","rssi_dbm":-121,"rsrp_dbm":-141,"rsrq_db":-20,"sinr_db":-20.2,"bars":0}`},
		{`^HCSQ:"TD-SCDMA",20,25,40`, `{"rat":"TD-SCDMA","rssi_dbm":-101,"rscp_dbm":-96,"ecio_db":-12.5,"bars":2}`},
	}, []struct{ line, want string }{
		{`^HCSQ: "WCDMA",30,30`, `too few parameters`},
		{`^HCSQ: "WCDMA",30,30,66`, `bad <ecio> "66"`},
		{`^HCSQ: "LTE",50,98,201,21`, `bad <rsrp> "98"`},
		{`^HCSQ: "LTE",50,83,252,21`, `bad <sinr> "252"`},
		{`^HCSQ: "NR",50,83,21`, `bad <sysmode> "\"NR\"" (unsupported)`},
		{`^HCSQ: "NOSERVICE",1`, `too many parameters`},
		{`^HCSQ:`, `no parameters`},
	})
}

func TestParseQCSQ(t *testing.T) {
	runSignal(t, "ParseQCSQ", ParseQCSQ, []signalTest{
		{`+QCSQ: "LTE",-52,-81,195,-10`, `{"rat":"LTE","rssi_dbm":-52,"rsrp_dbm":-81,"rsrq_db":-10,"sinr_db":19,"bars":5}`},
		{`+QCSQ: "NOSERVICE"`, `{"rat":"NOSERVICE","bars":0}`},
		{`+QCSQ: "GSM",-75`, `{"rat":"GSM","rssi_dbm":-75,"bars":4}`},
		{`+QCSQ: "WCDMA",-75,-78,-5`, `{"rat":"WCDMA","rssi_dbm":-75,"rscp_dbm":-78,"ecio_db":-5,"bars":4}`},
		{`+QCSQ: "eMTC",-90,-110,100,-12`, `{"rat":"eMTC","rssi_dbm":-90,"rsrp_dbm":-110,"rsrq_db":-12,"sinr_db":0,"bars":2}`},
		{`+QCSQ: "NBIoT",-90,-128,0,-12`, `{"rat":"NBIoT","rssi_dbm":-90,"rsrp_dbm":-128,"rsrq_db":-12,"sinr_db":-20,"bars":1}`},
		{`+QCSQ: "CAT-M1",-90,-100,250,-8`, `{"rat":"CAT-M1","rssi_dbm":-90,"rsrp_dbm":-100,"rsrq_db":-8,"sinr_db":30,"bars":3}`},
	}, []struct{ line, want string }{
		{`+QCSQ: "LTE",-52,-81,251,-10`, `bad <lte_sinr> "251"`},
		{`+QCSQ: "LTE",-52,-81,-1,-10`, `bad <lte_sinr> "-1"`},
		{`+QCSQ: "LTE",-52,-81,195`, `too few parameters`},
		{`+QCSQ: "CDMA",-52`, `unsupported`},
		{`+QCSQ: "GSM",10`, `bad <gsm_rssi> "10"`},
	})
}

func TestBars(t *testing.T) {
	f := fl
	tests := []struct {
		s    Signal
		want int
	}{
		{Signal{}, 0},
		{Signal{RSRP: f(-85)}, 5}, {Signal{RSRP: f(-85.5)}, 4}, {Signal{RSRP: f(-95)}, 4},
		{Signal{RSRP: f(-105)}, 3}, {Signal{RSRP: f(-115)}, 2}, {Signal{RSRP: f(-130)}, 1}, {Signal{RSRP: f(-131)}, 0},
		{Signal{RSCP: f(-75)}, 5}, {Signal{RSCP: f(-85)}, 4}, {Signal{RSCP: f(-95)}, 3}, {Signal{RSCP: f(-105)}, 2},
		{Signal{RSCP: f(-115)}, 1}, {Signal{RSCP: f(-116)}, 0},
		{Signal{RSSI: f(-73)}, 5}, {Signal{RSSI: f(-83)}, 4}, {Signal{RSSI: f(-93)}, 3}, {Signal{RSSI: f(-103)}, 2},
		{Signal{RSSI: f(-111)}, 1}, {Signal{RSSI: f(-113)}, 0},
		// RSRP wins over a strong LTE RSSI.
		{Signal{RSSI: f(-50), RSRP: f(-120)}, 1},
		{Signal{RSSI: f(-50), RSCP: f(-110)}, 1},
	}
	for _, tt := range tests {
		if got := Bars(tt.s); got != tt.want {
			t.Errorf("Bars(%s) = %d, want %d", sigJSON(t, tt.s), got, tt.want)
		}
	}
}
