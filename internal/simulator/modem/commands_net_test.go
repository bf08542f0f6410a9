package modem

import (
	"strings"
	"testing"
	"time"
)

func TestNetworkServiceTranscript(t *testing.T) {
	t.Parallel()
	// Guide 2.3.1, with the guide's operator.
	m, c := start(t, Config{Operator: Operator{PLMN: "46000", Long: "China Mobile Com", Short: "CMCC", RAT: GSM}})
	registered(t, m)
	c.want("AT+CFUN?", "OK", "+CFUN: 1")
	c.want("AT+CPIN?", "OK", "+CPIN: READY")
	c.want("AT+CREG?", "OK", "+CREG: 0,1")
	c.ok(`AT+COPS=1,0,"China Mobile Com"`)
	c.want("AT+COPS?", "OK", `+COPS: 1,0,"China Mobile Com",0`)
	c.ok("AT+COPS=0")
	c.ok("AT+CREG=1")
	m.SetSignalDBm(-91)
	m.SetRAT(WCDMA)
	c.want("AT^HCSQ?", "OK", `^HCSQ: "WCDMA",30,30,58`)
	c.want("AT+CSQ", "OK", "+CSQ: 11,99")
}

func TestSignalReports(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	for _, tc := range []struct {
		rat         RAT
		csq         int
		hcsq, cesq  string
		csqResponse string
	}{
		{WCDMA, 11, `^HCSQ: "WCDMA",30,30,58`, "+CESQ: 99,99,27,43,255,255", "+CSQ: 11,99"},
		{GSM, 20, `^HCSQ: "GSM",48`, "+CESQ: 38,0,255,255,255,255", "+CSQ: 20,0"},
		{LTE, 31, `^HCSQ: "LTE",70,61,201,21`, "+CESQ: 99,99,255,255,20,61", "+CSQ: 31,0"},
	} {
		m.SetRAT(tc.rat)
		m.SetSignal(tc.csq, 0)
		if tc.rat == WCDMA {
			m.SetSignal(tc.csq, 99)
		}
		c.want("AT^HCSQ?", "OK", tc.hcsq)
		c.want("AT+CESQ", "OK", tc.cesq)
		c.want("AT+CSQ", "OK", tc.csqResponse)
	}
	m.SetSignal(99, 99)
	c.want("AT+CSQ", "OK", "+CSQ: 99,99")
	c.want("AT^HCSQ?", "OK", `^HCSQ: "NOSERVICE"`)
	c.ok("AT+CFUN=4")
	c.want("AT+CFUN?", "OK", "+CFUN: 4")
	c.want("AT+CESQ", "OK", "+CESQ: 99,99,255,255,255,255")
}

func TestRegistrationIndications(t *testing.T) {
	t.Parallel()
	// 27.007 7.2, 10.1.19, 10.1.22: +CREG/+CGREG/+CEREG per mode.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CREG=1;+CGREG=2")
	c.want("AT+CGREG?", "OK", `+CGREG: 2,1,"D8C5","0E72A5F",2`)
	m.SetRegistration(3)
	c.expect("\r\n+CREG: 3\r\n")
	c.expect("\r\n+CGREG: 3\r\n")
	m.SetRegistration(5)
	c.expect("\r\n+CREG: 5\r\n")
	c.expect("\r\n+CGREG: 5,\"D8C5\",\"0E72A5F\",2\r\n")
	c.want("AT+CREG?", "OK", "+CREG: 1,5")
	c.ok("AT+CFUN=4")
	c.expect("\r\n+CREG: 0\r\n\r\n+CGREG: 0\r\n")
	c.ok("AT+CGREG=0")
	c.ok("AT+CFUN=1")
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 5\r\n")
	m.SetRegistration(1)
	c.expect("\r\n+CREG: 1\r\n")
	// a slow network: searching for longer
	m.DelayRegistration(150 * time.Millisecond)
	c.expect("\r\n+CREG: 2\r\n")
	c.want("AT+COPS?", "OK", "+COPS: 0")
	t0 := time.Now()
	c.expect("\r\n+CREG: 1\r\n")
	if d := time.Since(t0); d < 100*time.Millisecond {
		t.Errorf("registered after %v", d)
	}
	// mode 2 reports a change of RAT
	c.ok("AT+CREG=2")
	m.SetRAT(LTE)
	c.expect("\r\n+CREG: 1,\"D8C5\",\"0E72A5F\",7\r\n")
	c.ok("AT+COPS=2")
	c.expect("\r\n+CREG: 0\r\n")
	c.ok("AT+COPS=0")
	c.expect("\r\n+CREG: 2\r\n")
	c.expect("\r\n+CREG: 1,")
}

func TestCOPS(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	c.want("AT+COPS?", "OK", `+COPS: 0,0,"Telekom.de",2`)
	c.ok("AT+COPS=3,2")
	c.want("AT+COPS?", "OK", `+COPS: 0,2,"26201",2`)
	c.ok("AT+COPS=3,1")
	c.want("AT+COPS?", "OK", `+COPS: 0,1,"TDG",2`)
	c.want("AT+COPS=?", "OK", `+COPS: (2,"Telekom.de","TDG","26201",2),(1,"Vodafone.de","Vodafone","26202",2),(1,"o2 - de","o2 - de","26203",2),,(0,1,2,3,4),(0,1,2)`)
	// a manual choice of another network roams
	c.ok(`AT+COPS=1,2,"26203"`)
	c.want("AT+COPS?", "OK", `+COPS: 1,2,"26203",2`)
	c.want("AT+CREG?", "OK", "+CREG: 0,5")
	c.want(`AT+COPS=1,2,"99999"`, "+CME ERROR: no network service")
	c.ok(`AT+COPS=4,2,"99999"`)
	registered(t, m)
	c.want("AT+COPS?", "OK", `+COPS: 0,2,"26201",2`)
	c.want("AT+COPS=5", "ERROR")
}

func TestCOPSScanIsAbortive(t *testing.T) {
	t.Parallel()
	// Guide 1.2.2: AT+COPS=? is aborted by any character.
	_, c := start(t, Config{ScanDuration: 10 * time.Second})
	c.send("AT+COPS=?\r")
	time.Sleep(200 * time.Millisecond)
	// a new command aborts the scan (guide 1.2.2) and runs
	t0 := time.Now()
	c.send("AT+CSQ\r")
	c.expect("AT+COPS=?\r\r\n+CME ERROR: command aborted by user\r\nAT+CSQ\r\r\n+CSQ: 11,99\r\n\r\nOK\r\n")
	if d := time.Since(t0); d > time.Second {
		t.Errorf("aborted after %v", d)
	}
	// a character within 125 ms of the command does not abort it
	_, c2 := start(t, Config{ScanDuration: 300 * time.Millisecond})
	c2.send("ATE0\r")
	c2.expect("\r\nOK\r\n")
	c2.send("AT+COPS=?\r")
	c2.send("\n")
	if got := c2.expect("\r\nOK\r\n"); !strings.Contains(got, "+COPS: (2,") {
		t.Errorf("scan %q", got)
	}
}

func TestCFUNReset(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	c.ok("ATE0")
	c.send("AT+CFUN=1,1\r")
	c.expect("\r\nOK\r\n")
	c.expect("\r\n^SYSSTART\r\n")
	c.ok("AT") // echo is on again
	if !m.Status().Booted {
		t.Fatal("not booted")
	}
	c.want("AT+CFUN=2", "ERROR")
	c.want("AT+CFUN=0,1", "ERROR")
	c.want("AT+CFUN=?", "OK", "+CFUN: (0,1,4,5,6,7,8),(0-1)")
}

func TestRegistrationNeedsSIM(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CREG=1")
	m.RemoveSIM()
	c.expect("\r\n^SIMST: 255\r\n")
	c.expect("\r\n+CREG: 0\r\n")
	m.InsertSIM()
	c.expect("\r\n^SIMST: 1\r\n")
	got := c.expect("\r\n+CREG: 1\r\n")
	if !strings.Contains(got, "+CREG: 2") {
		t.Errorf("no search before registration: %q", got)
	}
}
