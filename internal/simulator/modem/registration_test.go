package modem

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDeny(t *testing.T) {
	t.Parallel()
	// 27.007 10.1.22: +CEREG <n>=3 and 5 add <cause_type>,<reject_cause>
	// while registration is denied.
	m, c := start(t, Config{Vendor: Quectel})
	registered(t, m)
	c.ok("AT+CREG=1;+CGREG=1;+CEREG=3")
	m.Deny(15) // no suitable cells in tracking area
	c.expect("\r\n+CREG: 3\r\n\r\n+CGREG: 3\r\n\r\n+CEREG: 3,,,,0,15\r\n")
	c.want("AT+CEREG?", "OK", "+CEREG: 3,3,,,,0,15")
	c.want("AT+CEREG=5;+CEREG?", "OK", "+CEREG: 5,3,,,,0,15")
	c.want("AT+CEREG=4;+CEREG?", "OK", "+CEREG: 4,3")
	c.want("AT+CEREG=2;+CEREG?", "OK", "+CEREG: 2,3")
	c.want("AT+CREG?", "OK", "+CREG: 1,3")
	if s := m.Status(); s.RejectCause != 15 || s.Registration != 3 || len(s.FPLMN) != 0 {
		t.Errorf("status %+v", s)
	}
	// Another cause is reported as it changes.
	c.ok("AT+CEREG=3")
	m.Deny(13)
	c.expect("\r\n+CEREG: 3,,,,0,13\r\n")
	// The denial outlasts a new search.
	c.ok("AT+CFUN=4")
	c.expect("\r\n+CEREG: 0\r\n")
	c.ok("AT+CFUN=1")
	c.expect("\r\n+CEREG: 2\r\n")
	c.expect("\r\n+CEREG: 3,,,,0,13\r\n")
	// SetRegistration ends it, cause and all.
	m.SetRegistration(1)
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7\r\n")
	m.SetRegistration(3)
	c.expect("\r\n+CEREG: 3\r\n")
	if s := m.Status(); s.RejectCause != 0 {
		t.Errorf("status %+v", s)
	}
}

func TestDenyPLMNNotAllowed(t *testing.T) {
	t.Parallel()
	// Cause #11 puts the network in EF FPLMN (TS 24.301 5.5.1.2.5); with no
	// other network the module stays denied after the network relents,
	// until the list is cleared with all FF (guide 11.2: AT+CRSM=214).
	m, c := start(t, Config{Networks: []Operator{}})
	registered(t, m)
	c.ok("AT+CREG=1")
	m.Deny(11)
	c.expect("\r\n+CREG: 3\r\n")
	c.want("AT+CRSM=176,28539,0,0,12", "OK", `+CRSM: 144,0,"62F210FFFFFFFFFFFFFFFFFF"`)
	if s := m.Status(); !slices.Equal(s.FPLMN, []string{"26201"}) {
		t.Errorf("FPLMN %q", s.FPLMN)
	}
	m.SetRegistration(1)
	c.want("AT+CREG?", "OK", "+CREG: 1,3")
	c.want("AT+COPS=?", "OK", `+COPS: (3,"Telekom.de","TDG","26201",2),,(0,1,2,3,4),(0,1,2)`)
	c.ok("AT+COPS=0")
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 3\r\n")
	c.want(`AT+CRSM=214,28539,0,0,12,"FFFFFFFFFFFFFFFFFFFFFFFF"`, "OK", `+CRSM: 144,0,""`)
	c.want("AT+CRSM=176,28539,0,0,12", "OK", `+CRSM: 144,0,"FFFFFFFFFFFFFFFFFFFFFFFF"`)
	// a new automatic selection finds the home network allowed again
	c.ok("AT+COPS=0")
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 1\r\n")
	if s := m.Status(); len(s.FPLMN) != 0 || s.Registration != 1 {
		t.Errorf("status %+v", s)
	}
}

func TestFPLMNFull(t *testing.T) {
	t.Parallel()
	// A full EF FPLMN loses its oldest entry.
	m, c := start(t, Config{})
	registered(t, m)
	c.want(`AT+CRSM=214,28539,0,0,12,"13F01013F02013F03013F040"`, "OK", `+CRSM: 144,0,""`)
	m.Deny(11)
	c.want("AT+CRSM=176,28539,0,0,12", "OK", `+CRSM: 144,0,"13F02013F03013F04062F210"`)
	if s := m.Status(); !slices.Equal(s.FPLMN, []string{"31002", "31003", "31004", "26201"}) {
		t.Errorf("FPLMN %q", s.FPLMN)
	}
}

func TestAutomaticSelectionAvoidsFPLMN(t *testing.T) {
	t.Parallel()
	// A forbidden home network: automatic selection registers, roaming, on
	// the first network that is not forbidden (TS 23.122 4.4.3); manual
	// selection of a forbidden one fails.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CREG=1")
	c.want(`AT+CRSM=214,28539,0,0,6,"62F21062F220"`, "OK", `+CRSM: 144,0,""`) // 26201, 26202
	c.want("AT+COPS?", "OK", `+COPS: 0,0,"Telekom.de",2`)                     // no reselection of its own
	c.ok("AT+COPS=0")
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 5\r\n")
	c.want("AT+COPS?", "OK", `+COPS: 0,0,"o2 - de",2`)
	c.want(`AT+COPS=1,2,"26201"`, "+CME ERROR: network not allowed - emergency calls only")
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 3\r\n")
	// power cycle: the module selects again
	m.Reset()
	c.expect("\r\n^SYSSTART\r\n")
	registered(t, m)
	c.want("AT+COPS?", "OK", `+COPS: 0,0,"o2 - de",2`)
	c.want("AT+CREG?", "OK", "+CREG: 0,5")
	// all forbidden: denied on the home network
	c.want(`AT+CRSM=214,28539,0,0,9,"62F21062F22062F230"`, "OK", `+CRSM: 144,0,""`)
	c.ok("AT+CREG=1;+COPS=0")
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 3\r\n")
	got := c.at("AT+COPS=?")
	if strings.Count(got, "(3,") != 3 {
		t.Errorf("COPS=? %q", got)
	}
}

func TestScanDuration(t *testing.T) {
	t.Parallel()
	// AT+COPS=? longer than a host waits: the host gives up and sends a new
	// command, which aborts the scan (guide 1.2.2) and runs.
	m, c := start(t, Config{ScanDuration: 20 * time.Millisecond})
	registered(t, m)
	if got := c.at("AT+COPS=?"); !strings.Contains(got, "+COPS: (2,") {
		t.Fatalf("scan %q", got)
	}
	m.SetScanDuration(time.Minute)
	c.send("AT+COPS=?\r")
	c.expect("AT+COPS=?\r")
	c.silent(300 * time.Millisecond) // the host's timeout passes: nothing
	t0 := time.Now()
	c.send("AT\r")
	c.expect("\r\n+CME ERROR: command aborted by user\r\nAT\r\r\nOK\r\n")
	if d := time.Since(t0); d > time.Second {
		t.Errorf("aborted after %v", d)
	}
	m.SetScanDuration(0)
	if got := c.at("AT+COPS=?"); !strings.Contains(got, "+COPS: (2,") {
		t.Fatalf("scan %q", got)
	}
}

func TestMU709HasNoCEREG(t *testing.T) {
	t.Parallel()
	// The MU709 is a WCDMA/HSPA+ module: it has no E-UTRAN and no +CEREG
	// (the guide lists +CREG only), so the command is unknown to it.
	m, c := start(t, Config{})
	registered(t, m)
	for _, l := range []string{"AT+CEREG?", "AT+CEREG=?", "AT+CEREG=3"} {
		c.want(l, "ERROR")
	}
	c.want("AT+CGREG=2;+CGREG?", "OK", `+CGREG: 2,1,"D8C5","0E72A5F",2`)
}

func TestCEREGNotRegisteredOffEUTRAN(t *testing.T) {
	t.Parallel()
	// An LTE module camped on UTRAN or GERAN is not registered in EPS: its
	// +CEREG says so while +CREG and +CGREG say where it is.
	m, c := start(t, Config{Vendor: Quectel})
	registered(t, m)
	c.want("AT+CEREG=2;+CEREG?", "OK", `+CEREG: 2,1,"D8C5","0E72A5F",7`)
	m.SetRAT(WCDMA)
	c.expect("\r\n+CEREG: 0\r\n")
	c.want("AT+CEREG?", "OK", "+CEREG: 2,0")
	c.want("AT+CGREG=2;+CGREG?", "OK", `+CGREG: 2,1,"D8C5","0E72A5F",2`)
	m.SetRAT(LTE)
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7\r\n")
}

func TestRoamingSwitchKeepsAutomaticSelectionHome(t *testing.T) {
	t.Parallel()
	// With roaming off (Huawei ^SYSCFG <roam> 0, Quectel
	// AT+QCFG="roamservice",1) automatic selection does not turn to a
	// visited network when the home network is forbidden: the module stays
	// denied on it. With roaming on it registers, roaming, elsewhere.
	for _, tc := range []struct {
		vendor   Vendor
		off, on  string
		read     string
		readWant string
	}{
		{Huawei, "AT^SYSCFG=16,3,40000000,0,4", "AT^SYSCFG=16,3,40000000,1,4", "AT^SYSCFG?", "^SYSCFG: 2,0,3FFFFFFF,0,2"},
		{Quectel, `AT+QCFG="roamservice",1,1`, `AT+QCFG="roamservice",2,1`, `AT+QCFG="roamservice"`, `+QCFG: "roamservice",1,1`},
	} {
		t.Run(string(tc.vendor), func(t *testing.T) {
			m, c := start(t, Config{Vendor: tc.vendor})
			registered(t, m)
			c.ok(tc.off)
			c.want(tc.read, "OK", tc.readWant)
			c.ok("AT+CREG=1")
			m.Deny(11) // PLMN not allowed: the home network goes into EF FPLMN
			c.expect("\r\n+CREG: 3\r\n")
			m.SetRegistration(1)
			c.ok("AT+COPS=0")
			c.expect("\r\n+CREG: 2\r\n")
			c.expect("\r\n+CREG: 3\r\n")
			c.want("AT+COPS=3,2;+COPS?", "OK", "+COPS: 0")
			// a visited network chosen by hand is refused too
			c.want(`AT+COPS=1,2,"26202"`, "+CME ERROR: "+map[Vendor]string{Huawei: "network not allowed - emergency calls only", Quectel: "32"}[tc.vendor])
			c.expect("\r\n+CREG: 2\r\n")
			c.expect("\r\n+CREG: 3\r\n")
			c.ok(tc.on)
			c.ok("AT+COPS=0")
			c.expect("\r\n+CREG: 2\r\n")
			c.expect("\r\n+CREG: 5\r\n")
		})
	}
}
