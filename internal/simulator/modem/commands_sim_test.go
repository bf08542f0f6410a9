package modem

import (
	"strings"
	"testing"
	"time"
)

func TestPINAndPUK(t *testing.T) {
	t.Parallel()
	// Guide 11.1: three wrong PINs ask for the PUK; the PUK sets a new PIN.
	m, c := start(t, Config{PIN: "1234"})
	c.want("AT+CPIN?", "OK", "+CPIN: SIM PIN")
	c.want("AT^CPIN?", "OK", "^CPIN: SIM PIN,3,10,3,10,3")
	c.want("AT+COPS?", "+CME ERROR: SIM PIN required")
	c.want("AT+CPMS?", "+CME ERROR: SIM PIN required") // guide 9.1.2
	c.want("AT+CIMI", "+CME ERROR: SIM PIN required")
	c.want("AT+CSQ", "OK", "+CSQ: 11,99")
	c.want("AT+CREG?", "OK", "+CREG: 0,0")
	c.want(`AT+CPIN="0000"`, "+CME ERROR: incorrect password")
	c.want("AT^CPIN?", "OK", "^CPIN: SIM PIN,2,10,2,10,3")
	c.want(`AT+CPIN="0000"`, "+CME ERROR: incorrect password")
	c.want(`AT+CPIN="0000"`, "+CME ERROR: incorrect password")
	c.want("AT+CPIN?", "OK", "+CPIN: SIM PUK")
	c.want("AT^CPIN?", "OK", "^CPIN: SIM PUK,10,10,0,10,3")
	c.want(`AT+CPIN="1234"`, "+CME ERROR: SIM PUK required") // guide 11.1.2
	c.want(`AT+CPIN="87654321","4321"`, "+CME ERROR: incorrect password")
	c.want("AT^CPIN?", "OK", "^CPIN: SIM PUK,9,9,0,10,3")
	c.ok(`AT+CREG=1`)
	c.ok(`AT+CPIN="12345678","4321"`)
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 1\r\n")
	c.want("AT+CPIN?", "OK", "+CPIN: READY")
	c.want("AT^CPIN?", "OK", "^CPIN: READY,,10,3,10,3")
	c.want(`AT+CPIN="4321"`, "+CME ERROR: operation not allowed")
	if s := m.Status(); s.SIM != "READY" || s.PINLeft != 3 || s.PUKLeft != 10 {
		t.Errorf("status %+v", s)
	}
	// the new PIN is asked for after a power cycle
	m.Reset()
	c.expect("\r\n^SYSSTART\r\n")
	c.want("AT+CPIN?", "OK", "+CPIN: SIM PIN")
	c.ok(`AT+CPIN="4321"`)
}

func TestPUKBlocksTheSIM(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{PIN: "1111"})
	for range 3 {
		c.want(`AT+CPIN="0000"`, "+CME ERROR: incorrect password")
	}
	for range 10 {
		c.want(`AT+CPIN="00000000","1234"`, "+CME ERROR: incorrect password")
	}
	c.want("AT+CPIN?", "+CME ERROR: SIM failure")
	c.want(`AT+CPIN="12345678","1234"`, "+CME ERROR: SIM failure")
	c.want("AT+CMEE=1;+CIMI", "+CME ERROR: 13")
	if s := m.Status(); s.SIM != "BLOCKED" {
		t.Errorf("status %+v", s)
	}
}

func TestCLCKAndCPWD(t *testing.T) {
	t.Parallel()
	// Guide 11.1.1: AT+CLCK enables the PIN, which is asked for after the
	// restart; AT+CPWD changes it.
	m, c := start(t, Config{})
	c.want(`AT+CLCK="SC",2`, "OK", "+CLCK: 0")
	c.want(`AT+CLCK="SC",1,"9999"`, "+CME ERROR: incorrect password")
	c.ok(`AT+CLCK="SC",1,"1234"`)
	c.want(`AT+CLCK="SC",1,"1234"`, "+CME ERROR: operation not allowed") // guide 11.1.2
	c.want(`AT+CLCK="SC",2`, "OK", "+CLCK: 1")
	c.want("AT+CPIN?", "OK", "+CPIN: READY") // takes effect at restart
	c.want(`AT+CPWD="SC","0000","4321"`, "+CME ERROR: incorrect password")
	c.want("AT^CPIN?", "OK", "^CPIN: READY,,10,2,10,3")
	c.ok(`AT+CPWD="SC","1234","4321"`)
	c.want("AT^CPIN?", "OK", "^CPIN: READY,,10,3,10,3")
	c.ok("AT+CFUN=1,1")
	c.expect("\r\n^SYSSTART\r\n")
	c.want("AT+CPIN?", "OK", "+CPIN: SIM PIN")
	c.ok(`AT+CPIN="4321"`)
	c.ok(`AT+CLCK="SC",0,"4321"`)
	c.want(`AT+CLCK="PN",2`, "+CME ERROR: operation not supported")
	_ = m
}

func TestCLCKIsAbortive(t *testing.T) {
	t.Parallel()
	_, c := start(t, Config{})
	c.send(`AT+CLCK="SC",2` + "\r")
	time.Sleep(200 * time.Millisecond)
	c.send("\r")
	c.expect("\r\n+CME ERROR: command aborted by user\r\n\r") // the CR is echoed
	c.ok("AT")
}

func TestRequirePIN(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CREG=1")
	m.RequirePIN("2468")
	c.expect("\r\n+CREG: 0\r\n")
	c.want("AT+CPIN?", "OK", "+CPIN: SIM PIN")
	c.ok(`AT+CPIN="2468"`)
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 1\r\n")
}

func TestCRSM(t *testing.T) {
	t.Parallel()
	// Guide 11.2: EF ICCID in swapped BCD, EF FPLMN read and updated.
	_, c := start(t, Config{ICCID: "89860012345678901234"})
	c.want("AT+CRSM=176,12258,0,0,10", "OK", `+CRSM: 144,0,"98680021436587092143"`)
	c.want("AT+CRSM=178,12258,0,0,10", "OK", `+CRSM: 105,129,""`) // guide 11.2.2
	c.want("AT+CRSM=176,12345,0,0,10", "OK", `+CRSM: 106,130,""`)
	c.want("AT+CRSM=176,28539,0,0,12", "OK", `+CRSM: 144,0,"FFFFFFFFFFFFFFFFFFFFFFFF"`)
	c.want(`AT+CRSM=214,28539,0,0,6,"62F22062F230"`, "OK", `+CRSM: 144,0,""`)
	c.want("AT+CRSM=176,28539,0,0,12", "OK", `+CRSM: 144,0,"62F22062F230FFFFFFFFFFFF"`)
	c.want(`AT+CRSM=214,12258,0,0,1,"00"`, "OK", `+CRSM: 105,130,""`)
	c.want(`AT+CRSM=214,28539,0,0,4,"62F220"`, "OK", `+CRSM: 103,0,""`)
	c.want("AT+CRSM=176,28423,0,0,9", "OK", `+CRSM: 144,0,"082926102143658709"`) // EF IMSI
	if got := c.at("AT+CRSM=192,12258"); !strings.HasPrefix(got, "\r\n+CRSM: 144,0,\"62") {
		t.Errorf("GET RESPONSE %q", got)
	}
	c.want("AT+CRSM=99,12258", "ERROR")
	// the forbidden networks show in the scan and cannot be selected
	got := c.at("AT+COPS=?")
	if !strings.Contains(got, `(3,"Vodafone.de","Vodafone","26202",2)`) || !strings.Contains(got, `(3,"o2 - de"`) {
		t.Errorf("COPS=? %q", got)
	}
	c.want(`AT+COPS=1,2,"26202"`, "+CME ERROR: network not allowed - emergency calls only")
}

func TestCRSMNeedsPINForProtectedFiles(t *testing.T) {
	t.Parallel()
	_, c := start(t, Config{PIN: "1234"})
	c.want("AT+CRSM=176,12258,0,0,10", "OK", `+CRSM: 144,0,"98942000002143658729"`)
	c.want("AT+CRSM=176,28539,0,0,12", "OK", `+CRSM: 105,130,""`)
	c.want(`AT+CRSM=214,28539,0,0,3,"62F220"`, "OK", `+CRSM: 105,130,""`)
}

// AT+CPINR (27.007 8.65) on the u-blox personality: the PIN and PUK tries
// left follow wrong PINs, the PUK after the third, and a right PIN.
func TestCPINRCountsTries(t *testing.T) {
	t.Parallel()
	_, c := start(t, Config{Vendor: UBlox, PIN: "1234"})
	c.ok("AT+CMEE=2")
	c.want(`AT+CPINR="SIM PIN"`, "OK", "+CPINR: SIM PIN,3,3")
	c.want("AT+CPINR", "OK", "+CPINR: SIM PIN,3,3", "+CPINR: SIM PUK,10,10")
	c.want(`AT+CPINR="SIM*"`, "OK", "+CPINR: SIM PIN,3,3", "+CPINR: SIM PUK,10,10")
	c.want(`AT+CPIN="0000"`, "+CME ERROR: incorrect password")
	c.want(`AT+CPINR="SIM PIN"`, "OK", "+CPINR: SIM PIN,2,3")
	c.ok(`AT+CPIN="1234"`)
	c.want(`AT+CPINR="SIM PIN"`, "OK", "+CPINR: SIM PIN,3,3")
	// Wrong PINs to AT+CPWD count like wrong PINs to AT+CPIN; the third
	// asks for the PUK.
	for n := 2; n >= 0; n-- {
		c.want(`AT+CPWD="SC","0000","0000"`, "+CME ERROR: incorrect password")
		c.want(`AT+CPINR="SIM PIN"`, "OK", "+CPINR: SIM PIN,"+string(rune('0'+n))+",3")
	}
	c.want("AT+CPIN?", "OK", "+CPIN: SIM PUK")
	c.want(`AT+CPINR="SIM PUK"`, "OK", "+CPINR: SIM PUK,10,10")
}
