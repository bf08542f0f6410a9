package modem

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// sameShape checks that ours has the layout of the guide's line: the guide
// shows another network, so the values differ but the fields do not.
func sameShape(t *testing.T, re, guide string, ours ...string) {
	t.Helper()
	r := regexp.MustCompile("^" + re + "$")
	if !r.MatchString(guide) {
		t.Fatalf("%q does not describe the guide's %q", re, guide)
	}
	for _, l := range ours {
		if !r.MatchString(l) {
			t.Errorf("%q is not laid out like the guide's %q", l, guide)
		}
	}
}

func TestNETSCAN(t *testing.T) {
	t.Parallel()
	// Guide 22.1.
	m, c := start(t, Config{ScanDuration: 20 * time.Millisecond})
	registered(t, m)
	c.want("AT^NETSCAN=?", "OK", "^NETSCAN: (1-20),(-110-47),(0,1)")
	c.want("AT^NETSCAN=2,-110", "OK", "^NETSCAN: 15,,,d8c5,262,01,5,-91", "^NETSCAN: 31,,,d9c6,262,02,2,-98")
	gsm := `\^NETSCAN: \d+,,,[0-9a-f]+,\d{3},\d{2,3},\d+,-\d+`
	sameShape(t, gsm, "^NETSCAN: 15,,,4,460,09,5,-64", "^NETSCAN: 15,,,d8c5,262,01,5,-91")
	sameShape(t, gsm, "^NETSCAN: 31,,,6,460,09,2,-100", "^NETSCAN: 31,,,d9c6,262,02,2,-98")
	c.want("AT^NETSCAN=2,-110,1", "OK", "^NETSCAN: 10688,,,d8c5,262,01,0,-94,e72a5f,400000", "^NETSCAN: 10713,,,d9c6,262,02,0,-101,e82c62,400000")
	wcdma := `\^NETSCAN: \d+,,,[0-9a-f]+,\d{3},\d{2,3},0,-\d+,[0-9a-f]+,[0-9a-f]+`
	sameShape(t, wcdma, "^NETSCAN: 9675,,,2513,234,15,0,-64,100190,800000", "^NETSCAN: 10688,,,d8c5,262,01,0,-94,e72a5f,400000")
	sameShape(t, wcdma, "^NETSCAN: 10688,,,a530,460,01,0,-77,1614a4e,400000", "^NETSCAN: 10713,,,d9c6,262,02,0,-101,e82c62,400000")
	// the threshold and the count
	c.want("AT^NETSCAN=20,-100", "OK", "^NETSCAN: 15,,,d8c5,262,01,5,-91", "^NETSCAN: 31,,,d9c6,262,02,2,-98")
	c.want("AT^NETSCAN=1,-110", "OK", "^NETSCAN: 15,,,d8c5,262,01,5,-91")
	for _, bad := range []string{"AT^NETSCAN=0,-110", "AT^NETSCAN=21,-110", "AT^NETSCAN=2,-111", "AT^NETSCAN=2,-46", "AT^NETSCAN=2,-110,2", "AT^NETSCAN=2", `AT^NETSCAN=2,"-110"`} {
		c.want(bad, "ERROR")
	}
	// Guide 22.2: nothing found, or a data connection: operation not allowed.
	m.SetSignalDBm(-112)
	c.want("AT^NETSCAN=2,-110", "+CME ERROR: operation not allowed")
	m.SetSignalDBm(-91)
	c.ok(`AT^NDISDUP=1,1,"em"`)
	c.expect("\r\n^NDISSTAT: 1,,,IPV4\r\n")
	c.want("AT^NETSCAN=2,-110", "+CME ERROR: operation not allowed")
	c.ok("AT^NDISDUP=1,0")
	c.expect("\r\n^NDISSTAT: 0,0,,IPV4\r\n")
	m.Jam(true)
	c.want("AT^NETSCAN=2,-110", "+CME ERROR: operation not allowed")
	c.want("AT^NETSCAN=2,-110", "+CME ERROR: operation not allowed")
}

func TestNETSCANIsAbortive(t *testing.T) {
	t.Parallel()
	// Guide 22.1: "This command can be interrupted."
	m, c := start(t, Config{ScanDuration: time.Minute})
	registered(t, m)
	c.send("AT^NETSCAN=2,-110\r")
	c.expect("AT^NETSCAN=2,-110\r")
	c.silent(200 * time.Millisecond)
	c.send("AT+CSQ\r")
	c.expect("\r\n+CME ERROR: command aborted by user\r\nAT+CSQ\r\r\n+CSQ: 11,99\r\n\r\nOK\r\n")
}

func TestMONSCAndMONNC(t *testing.T) {
	t.Parallel()
	// Guide 23.2 and 23.3.
	m, c := start(t, Config{})
	c.ok("AT+CFUN=4")
	c.want("AT^MONSC", "ERROR") // not camped on a cell
	c.want("AT^MONNC", "ERROR")
	c.ok("AT+CFUN=1")
	registered(t, m)
	c.want("AT^MONSC", "OK", "^MONSC: WCDMA,262,01,10688,287,E72A5F,D8C5,-94,-91,-5,6,0")
	c.want("AT^MONNC", "OK", "^MONNC: WCDMA,10688,288,-102,-8", "^MONNC: WCDMA,10688,289,-108,-9")
	m.SetRAT(GSM)
	c.want("AT^MONSC", "OK", "^MONSC: GSM,262,01,1,15,5,2A5F,D8C5,-91,99,0")
	sameShape(t, `\^MONSC: GSM,\d{3},\d{2,3},\d,\d+,\d+,[0-9A-F]+,[0-9A-F]+,-\d+,\d+,\d+`,
		"^MONSC: GSM,001,01,2,522,63,0,1,-66,99,0", "^MONSC: GSM,262,01,1,15,5,2A5F,D8C5,-91,99,0")
	c.want("AT^MONNC", "OK", "^MONNC: GSM,1,124,0,2A60,D8C5,-99", "^MONNC: GSM,1,108,1,2A61,D8C5,-105")
	sameShape(t, `\^MONNC: GSM,\d,\d+,\d+,[0-9A-F]+,[0-9A-F]+,-\d+`,
		"^MONNC: GSM,1,124,0,0,1,-79", "^MONNC: GSM,1,124,0,2A60,D8C5,-99")
	m.SetRAT(LTE)
	c.want("AT^MONSC", "OK", "^MONSC: LTE,262,01,1300,E72A5F,106,D8C5,-120,-10,-91")
	c.want("AT^MONNC", "OK", "^MONNC: LTE,1300,107,-128,-12,-99", "^MONNC: LTE,1300,108,-134,-13,-105")
	// at the edge of coverage: one neighbour, then none
	m.SetSignalDBm(-100)
	c.want("AT^MONNC", "OK", "^MONNC: LTE,1300,107,-137,-12,-108")
	m.SetSignalDBm(-105)
	c.want("AT^MONNC", "OK", "^MONNC: NONE")
	// denied: still camped
	m.Deny(13)
	c.want("AT^MONSC", "OK", "^MONSC: LTE,262,01,1300,E72A5F,106,D8C5,-134,-10,-105")
}

func TestJammingDetection(t *testing.T) {
	t.Parallel()
	// Guide chapter 21: AT^JDETEX, and ^JDET as the jammer comes and goes.
	m, c := start(t, Config{})
	registered(t, m)
	c.want("AT^JDETEX=?", "OK", "^JDETEX: (0,1),(2),(0-70),(0-255)")
	c.want("AT^JDETEX?", "OK", "^JDETEX: 0,2,10,30")
	c.ok("AT^JDETEX=1,2,10,30")
	c.want("AT^JDETEX?", "OK", "^JDETEX: 1,2,10,30")
	c.ok("AT+CREG=1")
	m.Jam(true)
	c.expect("\r\n^JDET: \"JAMMED\"\r\n\r\n+CREG: 2\r\n")
	if s := m.Status(); !s.Jammed || s.Registration != 2 {
		t.Errorf("status %+v", s)
	}
	c.want("AT^SYSINFOEX", "OK", `^SYSINFOEX: 0,0,0,1,,0,"NO SERVICE",0,"NO SERVICE"`)
	c.want("AT+COPS=?", "OK", "+COPS: ,(0,1,2,3,4),(0,1,2)")
	c.want(`AT+COPS=1,2,"26202"`, "+CME ERROR: no network service")
	c.ok("AT+COPS=0")
	c.silent(100 * time.Millisecond) // the search does not end
	m.Jam(false)
	c.expect("\r\n^JDET: \"DETECTING\"\r\n")
	c.expect("\r\n+CREG: 1\r\n")
	// the settings survive a restart
	m.Reset()
	c.expect("\r\n^SYSSTART\r\n")
	c.want("AT^JDETEX?", "OK", "^JDETEX: 1,2,10,30")
	for _, bad := range []string{"AT^JDETEX=2", "AT^JDETEX=1,3,10,30", "AT^JDETEX=1,2,71,30", "AT^JDETEX=1,2,10,256", "AT^JDETEX=1,2,10,30,1"} {
		c.want(bad, "ERROR")
	}
	// off: the jammer goes unreported
	registered(t, m)
	c.ok("AT^JDETEX=0;+CREG=1")
	m.Jam(true)
	c.expect("\r\n+CREG: 2\r\n")
	c.silent(50 * time.Millisecond)
	// turned on while jammed: reported at once
	c.ok("AT^JDETEX=1")
	c.expect("\r\n^JDET: \"JAMMED\"\r\n")
	c.want("AT^JDETEX?", "OK", "^JDETEX: 1,2,10,30")
}

func TestJammingWithoutDetection(t *testing.T) {
	t.Parallel()
	// Other modules lose the network the same way, without ^JDET.
	m, c := start(t, Config{Vendor: Quectel})
	registered(t, m)
	c.ok("AT+CEREG=1")
	m.Jam(true)
	c.expect("\r\n+CEREG: 2\r\n")
	c.want("AT^JDETEX?", "ERROR")
	m.Jam(false)
	c.expect("\r\n+CEREG: 1\r\n")
}

func TestCELLLOCK(t *testing.T) {
	t.Parallel()
	// Guide chapter 24, the module's serving cell being 00B3/00000001.
	m, c := start(t, Config{Operator: Operator{PLMN: "26201", Long: "Telekom.de", Short: "TDG", LAC: 0x00B3, CellID: 1}})
	registered(t, m)
	c.want("AT^CELLLOCK=?", "OK", `^CELLLOCK: (0-1),(0-1),("0000"-"FFFF"),("00000000"-"FFFFFFF"),("00000000"-"FFFFFFFF"),("00000000"-"FFFFFFFF")`)
	c.want("AT^CELLLOCK?", "OK", "^CELLLOCK: 0")
	c.ok(`AT^CELLLOCK=1,0,"00C3","00000001"`)
	c.ok(`AT^CELLLOCK=1,1,"00B3","00000001"`)
	c.want("AT^CELLLOCK?", "OK", `^CELLLOCK: 1,0,"00C3","00000001"`, `^CELLLOCK: 1,1,"00B3","00000001"`)
	// inside the WCDMA region: services work
	c.ok(`AT^NDISDUP=1,1,"em"`)
	c.expect("\r\n^NDISSTAT: 1,,,IPV4\r\n")
	// on GSM the module is outside the locked area 00C3: the connection
	// ends and no new one starts (guide 24.2 notes)
	m.SetRAT(GSM)
	c.expect("\r\n^NDISSTAT: 0,36,,IPV4\r\n")
	c.want(`AT^NDISDUP=1,1,"em"`, "+CME ERROR: operation not allowed")
	c.want("AT+CGACT=1,1", "+CME ERROR: operation not allowed")
	c.want("ATD*99#", "NO CARRIER")
	c.ok("AT+CMGF=1")
	c.send("AT+CMGS=\"+491701234567\"\r")
	c.expect("> ")
	c.send("hi\x1a")
	c.expect("\r\n+CMS ERROR: 302\r\n")
	// unlocking GSM frees the services
	c.ok("AT^CELLLOCK=0,0")
	c.want("AT^CELLLOCK?", "OK", `^CELLLOCK: 1,1,"00B3","00000001"`)
	c.ok("AT+CGACT=1,1")
	c.ok("AT^CELLLOCK=0")
	c.want("AT^CELLLOCK?", "OK", "^CELLLOCK: 0")
	for _, bad := range []string{`AT^CELLLOCK=1,2,"00C3","00000001"`, `AT^CELLLOCK=1,0,"0C3","00000001"`, `AT^CELLLOCK=1,0,"00C3","0000001"`, `AT^CELLLOCK=1,0,"00C3"`, `AT^CELLLOCK=1,0,00C3,00000001`, `AT^CELLLOCK=1,0,"00C3","1","2","3","4"`} {
		c.want(bad, "ERROR")
	}
	// kept across a restart
	c.ok(`AT^CELLLOCK=1,1,"00B3","00000002","00000001"`)
	m.Reset()
	c.expect("\r\n^SYSSTART\r\n")
	c.want("AT^CELLLOCK?", "OK", `^CELLLOCK: 1,1,"00B3","00000002","00000001"`)
}

func TestSYSINFOEX(t *testing.T) {
	t.Parallel()
	// ModemManager's parser reads ^SYSINFOEX:2,3,0,1,,3,"WCDMA",41,"HSPA+".
	m, c := start(t, Config{PIN: "1234"})
	c.want("AT^SYSINFOEX", "OK", `^SYSINFOEX: 0,0,0,255,,0,"NO SERVICE",0,"NO SERVICE"`)
	c.ok(`AT+CPIN="1234"`)
	registered(t, m)
	c.want("AT^SYSINFOEX", "OK", `^SYSINFOEX: 2,3,0,1,,3,"WCDMA",45,"HSPA+"`)
	sameShape(t, `\^SYSINFOEX: ?\d+,\d+,\d+,\d+,\d*,\d+,"[^"]*",\d+,"[^"]*"`,
		`^SYSINFOEX:2,3,0,1,,3,"WCDMA",41,"HSPA+"`, `^SYSINFOEX: 2,3,0,1,,3,"WCDMA",45,"HSPA+"`)
	m.SetRegistration(5)
	m.SetRAT(GSM)
	c.want("AT^SYSINFOEX", "OK", `^SYSINFOEX: 2,3,1,1,,1,"GSM",3,"EDGE"`)
	m.SetRAT(LTE)
	c.ok("AT+CGATT=0")
	c.want("AT^SYSINFOEX", "OK", `^SYSINFOEX: 2,1,1,1,,6,"LTE",101,"LTE"`)
	m.Deny(15)
	c.want("AT^SYSINFOEX", "OK", `^SYSINFOEX: 1,0,0,1,,6,"LTE",101,"LTE"`)
	c.ok("AT+CFUN=4")
	c.want("AT^SYSINFOEX", "OK", `^SYSINFOEX: 0,0,0,1,,0,"NO SERVICE",0,"NO SERVICE"`)
	m.RemoveSIM()
	c.expect("\r\n^SIMST: 255\r\n")
	got := c.at("AT^SYSINFOEX")
	if !strings.Contains(got, `^SYSINFOEX: 0,0,0,255,,0,`) {
		t.Errorf("no SIM: %q", got)
	}
}
