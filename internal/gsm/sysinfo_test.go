package gsm

import (
	"strings"
	"testing"
)

func TestParseSYSINFOEX(t *testing.T) {
	tests := []struct {
		line string
		want SysInfo
	}{
		{`^SYSINFOEX: 2,3,0,1,,3,"WCDMA",41,"HSPA+"`, SysInfo{Extended: true, SrvStatus: 2, SrvDomain: 3, SIMState: 1, LockState: -1, SysMode: 3, SysModeName: "WCDMA", SubMode: 41, SubModeName: "HSPA+"}},
		{`^SYSINFOEX:2,3,1,1,0,6,LTE,101,LTE`, SysInfo{Extended: true, SrvStatus: 2, SrvDomain: 3, RoamStatus: 1, SIMState: 1, SysMode: 6, SysModeName: "LTE", SubMode: 101, SubModeName: "LTE"}},
		{`^SYSINFOEX: 1,0,0,255,,0,"",,""`, SysInfo{Extended: true, SrvStatus: 1, SIMState: 255, LockState: -1, SubMode: -1}},
	}
	for _, tt := range tests {
		got, err := ParseSYSINFOEX(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseSYSINFOEX(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	if s, _ := ParseSYSINFOEX(tests[1].line); !s.InService() || !s.Roaming() {
		t.Errorf("%+v: want in service, roaming", s)
	}
	for _, tt := range []struct{ line, want string }{
		{`^SYSINFOEX: 5,3,0,1,,3,"WCDMA",41,"HSPA+"`, `bad <srv_status> "5"`},
		{`^SYSINFOEX: 2,3,0,1,,3,"WCDMA",41`, `too few parameters`},
		{`^SYSINFOEX: 2,3,2,1,,3,"WCDMA",41,"HSPA+"`, `bad <roam_status> "2"`},
		{`^SYSINFOEX: 2,3,0,1,,x,"WCDMA",41,"HSPA+"`, `bad <sysmode> "x"`},
		{`^SYSINFO: 2,3,0,5,1`, `not a ^SYSINFOEX line`},
	} {
		if _, err := ParseSYSINFOEX(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseSYSINFOEX(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}

func TestParseSYSINFO(t *testing.T) {
	tests := []struct {
		line string
		want SysInfo
	}{
		{`^SYSINFO: 2,3,0,5,1`, SysInfo{SrvStatus: 2, SrvDomain: 3, SysMode: 5, SIMState: 1, LockState: -1, SubMode: -1}},
		{`^SYSINFO:2,3,0,5,1,,`, SysInfo{SrvStatus: 2, SrvDomain: 3, SysMode: 5, SIMState: 1, LockState: -1, SubMode: -1}},
		{`^SYSINFO: 2,3,0,5,1,0,9`, SysInfo{SrvStatus: 2, SrvDomain: 3, SysMode: 5, SIMState: 1, LockState: 0, SubMode: 9}},
	}
	for _, tt := range tests {
		got, err := ParseSYSINFO(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("ParseSYSINFO(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	if _, err := ParseSYSINFO(`^SYSINFO: 2,3,0,5`); err == nil {
		t.Error("ParseSYSINFO accepted 4 parameters")
	}
}
