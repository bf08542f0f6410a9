package gsm

import (
	"reflect"
	"strings"
	"testing"
)

// splitJoined cuts a guide line that the PDF flattened from two responses
// into one ("^NETSCAN: ... ^NETSCAN: ...") into the modem's lines.
func splitJoined(line, prefix string) []string {
	var out []string
	for _, part := range strings.SplitAfter(line, " "+prefix) {
		part = strings.TrimSuffix(part, " "+prefix)
		if len(out) > 0 {
			part = prefix + part
		}
		out = append(out, strings.TrimSpace(part))
	}
	return out
}

func TestParseNDISSTAT(t *testing.T) {
	v4 := func(stat, err int) NDISConn { return NDISConn{Stat: stat, Err: err, WxState: -1, PDPType: "IPV4"} }
	tests := []struct {
		line string
		want NDISStat
	}{
		// Huawei MU709 guide 7.1, 7.2, 7.3.
		{"^NDISSTAT: 1,,,IPV4", NDISStat{Conns: []NDISConn{v4(1, -1)}, Up: true}},
		{"^NDISSTAT: 0,33,,IPV4", NDISStat{Conns: []NDISConn{v4(0, 33)}, Cause: 33}},
		{"^NDISSTAT:0,0,,IPV4", NDISStat{Conns: []NDISConn{v4(0, 0)}}},
		{"^NDISSTATQRY: 0,0,,IPV4", NDISStat{Query: true, Conns: []NDISConn{v4(0, 0)}}},
		{"^NDISSTATQRY: 1,,,IPV4", NDISStat{Query: true, Conns: []NDISConn{v4(1, -1)}, Up: true}},
		// One group per PDP type on one line, quoted types.
		{`^NDISSTATQRY: 1,,,"IPV4",0,,,"IPV6"`, NDISStat{Query: true, Up: true, Conns: []NDISConn{v4(1, -1), {Stat: 0, Err: -1, WxState: -1, PDPType: "IPV6"}}}},
		{`^NDISSTAT: 0,,,"IPV4",1,,,"IPV6"`, NDISStat{Up: true, Conns: []NDISConn{v4(0, -1), {Stat: 1, Err: -1, WxState: -1, PDPType: "IPV6"}}}},
		{`^NDISSTAT: 0,29,0,"IPV4V6"`, NDISStat{Cause: 29, Conns: []NDISConn{{Stat: 0, Err: 29, WxState: 0, PDPType: "IPV4V6"}}}},
		// The bare state some firmware answers.
		{"^NDISSTATQry:1", NDISStat{Query: true, Up: true, Conns: []NDISConn{{Stat: 1, Err: -1, WxState: -1}}}},
	}
	for _, tt := range tests {
		got, err := ParseNDISSTAT(tt.line)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseNDISSTAT(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{"^NDISSTAT: 1,,IPV4", `want groups of`},
		{"^NDISSTAT: 4,,,IPV4", `bad <stat> "4"`},
		{"^NDISSTAT: 1,,,IPX", `bad <PDP_type> "IPX"`},
		{"^NDISSTAT: 1,x,,IPV4", `bad <err> "x"`},
		{"^NDISSTAT:", `no parameters`},
		{"^NDISEND:1,29", `not a ^NDISSTAT line`},
		{"^NDISDUP: (1–11),(0–1)", `not a ^NDISSTAT line`},
	} {
		if _, err := ParseNDISSTAT(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseNDISSTAT(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}

func TestParseNDISEND(t *testing.T) {
	for _, tt := range []struct {
		line string
		want NDISEnd
	}{
		// Huawei MU709 guide 7.1.2.
		{"^NDISEND:1,29", NDISEnd{CID: 1, Cause: 29, Text: "user authentication failed"}},
		{"^NDISEND:1,33", NDISEnd{CID: 1, Cause: 33, Text: "requested service option not subscribed"}},
		{"^NDISEND: 2, 999", NDISEnd{CID: 2, Cause: 999}},
	} {
		got, err := ParseNDISEND(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseNDISEND(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	for _, line := range []string{"^NDISEND:1", "^NDISEND:1,29,3", "^NDISEND:x,29", "^NDISEND:1,-1"} {
		if _, err := ParseNDISEND(line); err == nil {
			t.Errorf("ParseNDISEND(%q) accepted", line)
		}
	}
}

func TestParseMONSC(t *testing.T) {
	f := fl
	tests := []struct {
		line string
		want ServingCell
	}{
		// Huawei MU709 guide 23.2.
		{"^MONSC: GSM,001,01,2,522,63,0,1,-66,99,0", ServingCell{RAT: "GSM", MCC: "001", MNC: "01", Band: 2, ARFCN: 522, BSIC: 63,
			PSC: -1, PCI: -1, CellID: "0", LAC: "1", RxQual: -1, TA: 0, DRX: -1, URA: -1,
			Signal: Signal{RAT: "GSM", RSSI: f(-66), Bars: 5}}},
		{"^MONSC: WCDMA,460,01,10700,5,a3b4c5,2530,-81,-70,-5,6,0", ServingCell{RAT: "WCDMA", MCC: "460", MNC: "01", Band: -1, ARFCN: 10700, BSIC: -1,
			PSC: 5, PCI: -1, CellID: "A3B4C5", LAC: "2530", RxQual: -1, TA: -1, DRX: 6, URA: 0,
			Signal: Signal{RAT: "WCDMA", RSSI: f(-70), RSCP: f(-81), EcIo: f(-5), Bars: 4}}},
		{"^MONSC: LTE,262,01,1300,1C36403,246,BFF,-93,-11,-61", ServingCell{RAT: "LTE", MCC: "262", MNC: "01", Band: -1, ARFCN: 1300, BSIC: -1,
			PSC: -1, PCI: 246, CellID: "1C36403", LAC: "BFF", RxQual: -1, TA: -1, DRX: -1, URA: -1,
			Signal: Signal{RAT: "LTE", RSSI: f(-61), RSRP: f(-93), RSRQ: f(-11), Bars: 4}}},
		{"^MONSC: NONE", ServingCell{RAT: "NONE", Band: -1, ARFCN: -1, BSIC: -1, PSC: -1, PCI: -1, RxQual: -1, TA: -1, DRX: -1, URA: -1}},
	}
	for _, tt := range tests {
		got, err := ParseMONSC(tt.line)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseMONSC(%q)\n got %+v, %v\nwant %+v", tt.line, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{"^MONSC: GSM,001,01,2,522,63,0,1,-66,99", `too few parameters`},
		{"^MONSC: GSM,01,01,2,522,63,0,1,-66,99,0", `bad <MCC> "01"`},
		{"^MONSC: GSM,001,01,2,522,64,0,1,-66,99,0", `bad <BSIC> "64"`},
		{"^MONSC: GSM,001,01,2,522,63,XYZ,1,-66,99,0", `bad <Cell_ID> "XYZ"`},
		{"^MONSC: CDMA,1", `bad <RAT> "CDMA"`},
		{"^MONSC: NONE,1", `too many parameters`},
		{"^MONSC:", `no parameters`},
	} {
		if _, err := ParseMONSC(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseMONSC(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}

func TestParseMONNC(t *testing.T) {
	f := fl
	tests := []struct {
		line string
		want NeighbourCell
	}{
		// Huawei MU709 guide 23.2 and 23.3.
		{"^MONNC: GSM,1,124,0,0,1,-79", NeighbourCell{RAT: "GSM", Band: 1, ARFCN: 124, BSIC: 0, PSC: -1, PCI: -1, CellID: "0", LAC: "1",
			Signal: Signal{RAT: "GSM", RSSI: f(-79), Bars: 4}}},
		{"^MONNC: NONE", NeighbourCell{RAT: "NONE", Band: -1, ARFCN: -1, BSIC: -1, PSC: -1, PCI: -1}},
		{"^MONNC: WCDMA,10700,33,-95,-12", NeighbourCell{RAT: "WCDMA", Band: -1, ARFCN: 10700, BSIC: -1, PSC: 33, PCI: -1,
			Signal: Signal{RAT: "WCDMA", RSCP: f(-95), EcIo: f(-12), Bars: 3}}},
		{"^MONNC: LTE,1300,155,-99,-13,-70", NeighbourCell{RAT: "LTE", Band: -1, ARFCN: 1300, BSIC: -1, PSC: -1, PCI: 155,
			Signal: Signal{RAT: "LTE", RSSI: f(-70), RSRP: f(-99), RSRQ: f(-13), Bars: 3}}},
	}
	for _, tt := range tests {
		got, err := ParseMONNC(tt.line)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseMONNC(%q)\n got %+v, %v\nwant %+v", tt.line, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{"^MONNC: LTE,1300,155,-99,-13,0,8", `too many parameters`},
		{"^MONNC: GSM,1,124,0,0,1,-200", `bad <RXLEV> "-200"`},
		{"^MONNC: WCDMA,10700,512,-95,-12", `bad <PSC> "512"`},
		{"^MONNC: UMTS,1", `bad <RAT>`},
	} {
		if _, err := ParseMONNC(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseMONNC(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}

func TestParseNETSCAN(t *testing.T) {
	// Huawei MU709 guide 22.1, verbatim: two answers per printed line, and
	// the GSM levels with an en dash for the minus sign.
	gsm := splitJoined("^NETSCAN: 15,,,4,460,09,5,–64 ^NETSCAN: 31,,,6,460,09,2,–100", "^NETSCAN:")
	umts := splitJoined("^NETSCAN: 9675,,,2513,234,15,0,-64,100190,800000 ^NETSCAN: 10688,,,a530,460,01,0,-77,1614a4e,400000", "^NETSCAN:")
	base := ScanCell{C1: -1, C2: -1, PSC: -1, PCI: -1}
	with := func(f func(*ScanCell)) ScanCell { c := base; f(&c); return c }
	tests := []struct {
		line string
		want ScanCell
	}{
		{gsm[0], with(func(c *ScanCell) { c.ARFCN, c.LAC, c.MCC, c.MNC, c.BSIC, c.RxLev = 15, "4", "460", "09", 5, -64 })},
		{gsm[1], with(func(c *ScanCell) { c.ARFCN, c.LAC, c.MCC, c.MNC, c.BSIC, c.RxLev = 31, "6", "460", "09", 2, -100 })},
		{umts[0], with(func(c *ScanCell) {
			c.ARFCN, c.LAC, c.MCC, c.MNC, c.BSIC, c.RxLev, c.CellID, c.Band = 9675, "2513", "234", "15", 0, -64, "100190", "800000"
		})},
		{umts[1], with(func(c *ScanCell) {
			c.ARFCN, c.LAC, c.MCC, c.MNC, c.BSIC, c.RxLev, c.CellID, c.Band = 10688, "A530", "460", "01", 0, -77, "1614A4E", "400000"
		})},
		{"^NETSCAN: 100,20,25,1A2B,262,01,7,-80,ABCD,80,,", with(func(c *ScanCell) {
			c.ARFCN, c.C1, c.C2, c.LAC, c.MCC, c.MNC, c.BSIC, c.RxLev, c.CellID, c.Band = 100, 20, 25, "1A2B", "262", "01", 7, -80, "ABCD", "80"
		})},
	}
	if len(gsm) != 2 || len(umts) != 2 {
		t.Fatalf("split: %q %q", gsm, umts)
	}
	for _, tt := range tests {
		got, err := ParseNETSCAN(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseNETSCAN(%q)\n got %+v, %v\nwant %+v", tt.line, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		// The guide's test-command answer.
		{"^NETSCAN: (1-20),(-110-47),(0,1)", `want 8, 10 or 12 parameters`},
		{"^NETSCAN: 15,,,4,460,09,5,-64,1", `want 8, 10 or 12 parameters`},
		{"^NETSCAN: 15,,,4,46,09,5,-64", `bad <mcc> "46"`},
		{"^NETSCAN: 15,,,4,460,09,5,--64", `bad <rxlev> "--64"`},
		{"^NETSCAN: 15,,,4,460,09,5,64", `bad <rxlev> "64"`},
		{"^NETSCAN: 15,,,G,460,09,5,-64", `bad <lac> "G"`},
	} {
		if _, err := ParseNETSCAN(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseNETSCAN(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}

func TestParseJDET(t *testing.T) {
	// The MU709 guide (21.1) prints the indications garbled, as
	// "AJDET: "JAMMED" and "JDET: "DETECTING"; the module sends these:
	for _, tt := range []struct {
		line string
		want Jamming
	}{
		{`^JDET: "JAMMED"`, Jamming{State: "JAMMED", Jammed: true}},
		{`^JDET: "DETECTING"`, Jamming{State: "DETECTING"}},
		{`^JDET: JAMMED`, Jamming{State: "JAMMED", Jammed: true}},
	} {
		got, err := ParseJDET(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseJDET(%q) = %+v, %v", tt.line, got, err)
		}
	}
	for _, line := range []string{`"AJDET: "JAMMED"`, `^JDET: "JAMMING"`, `^JDET:`, `^JDET: "JAMMED",1`, `^JDETEX: 1,2,10,30`} {
		if _, err := ParseJDET(line); err == nil {
			t.Errorf("ParseJDET(%q) accepted", line)
		}
	}
}

func TestParseJDETEX(t *testing.T) {
	for _, tt := range []struct {
		line string
		want JammingConfig
	}{
		// Huawei MU709 guide 21.1.
		{"^JDETEX: 1,2,10,30", JammingConfig{Enabled: true, Method: 2, NoisePower: 10, Channels: 30}},
		{"^JDETEX: 0", JammingConfig{Method: -1, NoisePower: -1, Channels: -1}},
	} {
		got, err := ParseJDETEX(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseJDETEX(%q) = %+v, %v", tt.line, got, err)
		}
	}
	for _, line := range []string{"^JDETEX: (0,1),(2),(0-70),(0-255)", "^JDETEX: 1,2,10", "^JDETEX: 2,2,10,30", "^JDETEX: 1,2,10,256"} {
		if _, err := ParseJDETEX(line); err == nil {
			t.Errorf("ParseJDETEX(%q) accepted", line)
		}
	}
}

func TestParseCELLLOCK(t *testing.T) {
	// Huawei MU709 guide 24.2; the locked answer prints two lines as one.
	locked := splitJoined(`^CELLLOCK: 1,0,"00C3","00000001" ^CELLLOCK: 1,1,"00B3","00000001"`, "^CELLLOCK:")
	for _, tt := range []struct {
		line string
		want CellLock
	}{
		{"^CELLLOCK: 0", CellLock{RAT: -1}},
		{locked[0], CellLock{Enabled: true, RAT: 0, LAC: "00C3", CellID: "00000001"}},
		{locked[1], CellLock{Enabled: true, RAT: 1, LAC: "00B3", CellID: "00000001"}},
	} {
		got, err := ParseCELLLOCK(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseCELLLOCK(%q) = %+v, %v", tt.line, got, err)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{`^CELLLOCK: (0-1),(0-1),("0000"-"FFFF"),("00000000"-"FFFFFFF"),("00000000"-"FFFFFFFF"),("00000000"-"FFFFFFFF")`, `stray quote`},
		{`^CELLLOCK: 1,0,"00C3"`, `want 1 or 4 parameters`},
		{`^CELLLOCK: 2`, `bad <enable> "2"`},
		{`^CELLLOCK: 1,0,"00C3G","00000001"`, `bad <lac>`},
	} {
		if _, err := ParseCELLLOCK(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCELLLOCK(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}
