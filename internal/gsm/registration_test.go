package gsm

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// reg builds the expected Registration with the "absent" defaults.
func reg(domain string, mode int, stat RegStat, f func(*Registration)) Registration {
	r := Registration{Domain: domain, Mode: mode, Stat: stat, AcT: NoAcT, CauseType: -1, RejectCause: -1}
	if f != nil {
		f(&r)
	}
	return r
}

func TestParseRegistration(t *testing.T) {
	tests := []struct {
		line string
		want Registration
	}{
		// Huawei MU709 guide 2.3.1, the read response after AT+CREG?.
		{"+CREG: 0,1", reg("CREG", 0, RegHome, nil)},
		// 27.007 7.2 read responses, n = 0..3.
		{"+CREG: 1,5", reg("CREG", 1, RegRoaming, nil)},
		{"+CREG: 1,1", reg("CREG", 1, RegHome, nil)},
		{`+CREG: 2,1,"00C3","1A2B",7`, reg("CREG", 2, RegHome, func(r *Registration) { r.LAC, r.CI, r.AcT = "00C3", "1A2B", AcTEUTRAN })},
		{`+CREG: 2,1,"00C3","1A2B"`, reg("CREG", 2, RegHome, func(r *Registration) { r.LAC, r.CI = "00C3", "1A2B" })},
		{`+CREG: 3,3,"00C3","1A2B",0,0,15`, reg("CREG", 3, RegDenied, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.CauseType, r.RejectCause = "00C3", "1A2B", AcTGSM, 0, 15
		})},
		{`+CREG: 2,0`, reg("CREG", 2, RegNotRegistered, nil)},
		{`+CREG: 2,11`, reg("CREG", 2, RegEmergencyBearer, nil)},
		// Unsolicited forms.
		{"+CREG: 1", reg("CREG", -1, RegHome, nil)},
		{"+CREG: 2", reg("CREG", -1, RegSearching, nil)},
		{`+CREG: 5,"00C3","1A2B",2`, reg("CREG", -1, RegRoaming, func(r *Registration) { r.LAC, r.CI, r.AcT = "00C3", "1A2B", AcTUTRAN })},
		{`+CREG: 1,00C3,1A2B,7`, reg("CREG", -1, RegHome, func(r *Registration) { r.LAC, r.CI, r.AcT = "00C3", "1A2B", AcTEUTRAN })},
		{`+CREG: 1,5f,1a2b,7`, reg("CREG", -1, RegHome, func(r *Registration) { r.LAC, r.CI, r.AcT = "5F", "1A2B", AcTEUTRAN })},
		{`+CREG: 1,,,7`, reg("CREG", -1, RegHome, func(r *Registration) { r.AcT = AcTEUTRAN })},
		// What cellgate's modem simulator sends (GSM, then UMTS serving cell).
		{`+CREG: 2,1,"0139","4E21",0`, reg("CREG", 2, RegHome, func(r *Registration) { r.LAC, r.CI, r.AcT = "0139", "4E21", AcTGSM })},
		{`+CGREG: 1,"0139","0A64E21",2`, reg("CGREG", -1, RegHome, func(r *Registration) { r.LAC, r.CI, r.AcT = "0139", "0A64E21", AcTUTRAN })},
		// Stray blanks, CR, lower-case hex, 0x prefix, lower-case prefix.
		{"  +CREG:  2 , 1 , \"00c3\" , \"1a2b\" , 7 \r", reg("CREG", 2, RegHome, func(r *Registration) { r.LAC, r.CI, r.AcT = "00C3", "1A2B", AcTEUTRAN })},
		{`+creg: 2,1,0x00C3,0x1A2B,7`, reg("CREG", 2, RegHome, func(r *Registration) { r.LAC, r.CI, r.AcT = "00C3", "1A2B", AcTEUTRAN })},
		// +CGREG with RAC (27.007 10.1.20), cause and PSM timers.
		{`+CGREG: 2,1,"00C3","0000A1B2",3,"01"`, reg("CGREG", 2, RegHome, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.RAC = "00C3", "0000A1B2", AcTEGPRS, "01"
		})},
		{`+CGREG: 4,1,"00C3","0000A1B2",3,"01",,,"00100100","01000111","00000011"`, reg("CGREG", 4, RegHome, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.RAC = "00C3", "0000A1B2", AcTEGPRS, "01"
			r.ActiveTime, r.PeriodicTAU, r.GPRSReadyTimer = "00100100", "01000111", "00000011"
		})},
		// +CEREG (27.007 10.1.22): n = 2, 3 (reject cause), 4 and 5 (PSM timers).
		{`+CEREG: 2,1,"1A2B","01A2D001",7`, reg("CEREG", 2, RegHome, func(r *Registration) { r.LAC, r.CI, r.AcT = "1A2B", "01A2D001", AcTEUTRAN })},
		{`+CEREG: 2,5,"1A2B","01A2D001",9`, reg("CEREG", 2, RegRoaming, func(r *Registration) { r.LAC, r.CI, r.AcT = "1A2B", "01A2D001", AcTNBIoT })},
		{`+CEREG: 3,3,"1A2B","01A2D001",7,0,15`, reg("CEREG", 3, RegDenied, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.CauseType, r.RejectCause = "1A2B", "01A2D001", AcTEUTRAN, 0, 15
		})},
		{`+CEREG: 4,1,"0001","01A2D001",7,,,"00000101","01001110"`, reg("CEREG", 4, RegHome, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.ActiveTime, r.PeriodicTAU = "0001", "01A2D001", AcTEUTRAN, "00000101", "01001110"
		})},
		{`+CEREG: 5,1,"0001","01A2D001",9,0,0,"00100001","00111000"`, reg("CEREG", 5, RegHome, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.CauseType, r.RejectCause = "0001", "01A2D001", AcTNBIoT, 0, 0
			r.ActiveTime, r.PeriodicTAU = "00100001", "00111000"
		})},
		{`+CEREG: 1,"0001","01A2D001",7,,,"00000101","01001110"`, reg("CEREG", -1, RegHome, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.ActiveTime, r.PeriodicTAU = "0001", "01A2D001", AcTEUTRAN, "00000101", "01001110"
		})},
		{`+CEREG: 0,"FFFE","FFFFFFFF",7`, reg("CEREG", -1, RegNotRegistered, func(r *Registration) { r.LAC, r.CI, r.AcT = "FFFE", "FFFFFFFF", AcTEUTRAN })},
		// +C5GREG (27.007 10.1.36) with an allowed NSSAI.
		{`+C5GREG: 2,1,"00A1B2","00000012F",11,1,"01"`, reg("C5GREG", 2, RegHome, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.AllowedNSSAI = "00A1B2", "00000012F", AcTNR5GCN, "01"
		})},
		{`+C5GREG: 1,"00A1B2","00000012F",11,,,0,7`, reg("C5GREG", -1, RegHome, func(r *Registration) {
			r.LAC, r.CI, r.AcT, r.CauseType, r.RejectCause = "00A1B2", "00000012F", AcTNR5GCN, 0, 7
		})},
	}
	for _, tt := range tests {
		got, err := ParseRegistration(tt.line)
		if err != nil {
			t.Errorf("ParseRegistration(%q): %v", tt.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseRegistration(%q)\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
	}
}

func TestParseRegistrationErrors(t *testing.T) {
	tests := []struct{ line, want string }{
		{"+CREG: 2,x", `gsm: +CREG: bad <stat> "x" in "+CREG: 2,x"`},
		{"+CREG: 1,12", `gsm: +CREG: bad <stat> "12" (out of range 0..11) in "+CREG: 1,12"`},
		{"+CREG: 9,1", `gsm: +CREG: bad <n> "9" (out of range 0..5) in "+CREG: 9,1"`},
		{"+CREG:", `gsm: +CREG: no parameters in "+CREG:"`},
		{"+CREG: ", `gsm: +CREG: no parameters in "+CREG:"`},
		{"+CREG", `gsm: +CREG: not a +CREG, +CGREG, +CEREG or +C5GREG line in "+CREG"`},
		{"+CSQ: 1,2", `not a +CREG`},
		{`+CREG: 2,1,"00G3","1A2B",7`, `bad <lac> "\"00G3\"" (not hexadecimal)`},
		{`+CREG: 2,1,"00C3","1A2B",x`, `bad <AcT> "x"`},
		{`+CREG: 2,1,"00C3","1A2B",7,0,15,1`, `too many parameters`},
		{`+CREG: 2,1,"00C3`, `unterminated string`},
		{`+CREG: 2,1,"00C3"x,"1A2B"`, `text after a closing quote`},
		{`+CEREG: 4,1,"0001","01A2D001",7,,,"0000010","01001110"`, `bad <Active-Time> "\"0000010\"" (want 8 binary digits)`},
		{`+CEREG: 4,1,"0001","01A2D001",7,,,"00000101","0100111x"`, `bad <Periodic-TAU>`},
		{`+CEREG: 2,1,"1234567","1"`, `bad <tac>`},
		{`+CREG: 2,1,"00C3","123456789",7`, `more than 8 hex digits`},
		{`+CREG: 2,1,"00C3","1A2B",7,2,15`, `bad <cause_type> "2"`},
		{`+CREG: -1`, `bad <stat> "-1"`},
	}
	for _, tt := range tests {
		_, err := ParseRegistration(tt.line)
		if err == nil {
			t.Errorf("ParseRegistration(%q): no error", tt.line)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseRegistration(%q): %v, want %s", tt.line, err, tt.want)
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseRegistration(%q): %T is not a *ParseError", tt.line, err)
		}
	}
}

func TestRegStat(t *testing.T) {
	registered := map[RegStat]bool{1: true, 5: true, 6: true, 7: true, 9: true, 10: true}
	roaming := map[RegStat]bool{5: true, 7: true, 10: true}
	for s := RegStat(0); s <= 11; s++ {
		if s.Registered() != registered[s] {
			t.Errorf("%d.Registered() = %v", s, s.Registered())
		}
		if s.Roaming() != roaming[s] {
			t.Errorf("%d.Roaming() = %v", s, s.Roaming())
		}
		if s.String() == "" || strings.HasPrefix(s.String(), "RegStat(") {
			t.Errorf("%d has no name", s)
		}
	}
	if got := RegStat(12).String(); got != "RegStat(12)" {
		t.Errorf("RegStat(12) = %q", got)
	}
	if RegHome.String() != "registered, home network" || RegRoaming.String() != "registered, roaming" {
		t.Errorf("names: %q, %q", RegHome, RegRoaming)
	}
}

func TestAcTString(t *testing.T) {
	want := map[AcT]string{
		NoAcT: "none", AcTGSM: "GSM", AcTGSMCompact: "GSM compact", AcTUTRAN: "UTRAN", AcTEGPRS: "GSM EGPRS",
		AcTHSDPA: "HSDPA", AcTHSUPA: "HSUPA", AcTHSPA: "HSPA", AcTEUTRAN: "E-UTRAN", AcTECGSMIoT: "EC-GSM-IoT",
		AcTNBIoT: "NB-IoT", AcTEUTRA5GCN: "E-UTRA-5GCN", AcTNR5GCN: "NR-5GCN", AcTNGRAN: "NG-RAN", AcTENDC: "EN-DC",
		AcT(14): "AcT(14)",
	}
	for a, w := range want {
		if a.String() != w {
			t.Errorf("AcT(%d) = %q, want %q", int(a), a.String(), w)
		}
	}
}

func FuzzParseRegistration(f *testing.F) {
	for _, s := range []string{
		"+CREG: 0,1", "+CREG: 1", `+CREG: 2,1,"00C3","1A2B",7`, `+CREG: 1,00C3,1A2B,7`,
		`+CGREG: 4,1,"00C3","0000A1B2",3,"01",,,"00100100","01000111","00000011"`,
		`+CEREG: 4,1,"0001","01A2D001",7,,,"00000101","01001110"`, `+C5GREG: 2,1,"00A1B2","00000012F",11,1,"01",0,7,1`,
		"+CREG: 2,x", `+CEREG: 1,"`, "+CGREG: ,,,,,,,,,,,,", "+C5GREG: 2,1,,,,,,,,,",
	} {
		f.Add(s)
	}
	for _, tt := range mmRegistrationLines {
		f.Add(tt.line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		r, err := ParseRegistration(line)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			return
		}
		if r.Stat < 0 || r.Stat > 11 || r.Mode < -1 || r.Mode > 5 {
			t.Fatalf("out of range: %+v", r)
		}
		if r.LAC != strings.ToUpper(r.LAC) || r.CI != strings.ToUpper(r.CI) {
			t.Fatalf("hex not upper case: %+v", r)
		}
		_ = r.Stat.String() + r.AcT.String()
	})
}
