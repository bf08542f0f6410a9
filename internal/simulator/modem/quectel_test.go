package modem

import (
	"strings"
	"testing"
)

func TestQuectelBoot(t *testing.T) {
	t.Parallel()
	m := New(fast(Config{Vendor: Quectel}))
	defer m.Close()
	c := serve(t, m)
	got := c.expect("+QIND: PB DONE\r\n")
	want := "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n"
	if got != want {
		t.Fatalf("boot %q", got)
	}
}

func TestQuectelPersonality(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{Vendor: Quectel})
	registered(t, m)
	c.want("AT+CGMI", "OK", "Quectel")
	c.want("AT+CGMM", "OK", "EC21")
	c.want("AT+CGMR", "OK", "EC21EFAR06A01M4G")
	c.want("ATI", "OK", "Quectel", "EC21", "Revision: EC21EFAR06A01M4G")
	c.want("AT+QCSQ", "OK", `+QCSQ: "LTE",-52,-81,195,-10`)
	c.want("AT+CSQ", "OK", "+CSQ: 30,99")
	c.want("AT+COPS?", "OK", `+COPS: 0,0,"Telekom.de",7`)
	c.want("AT+CEREG=2;+CEREG?", "OK", `+CEREG: 2,1,"D8C5","0E72A5F",7`)
	c.want("AT^HCSQ?", "ERROR")
	c.want("AT^NDISDUP=1,1", "ERROR")
	c.ok(`AT+QICSGP=1,1,"em","user","secret",2`)
	c.want("AT+QICSGP=1", "OK", `+QICSGP: 1,"em","user","secret",2`)
	c.want("AT+CGDCONT?", "OK", `+CGDCONT: 1,"IP","em","0.0.0.0",0,0,0,0`)
	c.want(`AT+QCFG="nwscanmode"`, "OK", `+QCFG: "nwscanmode",0`)
	c.ok(`AT+QCFG="nwscanmode",3,1`)
	c.want(`AT+QCFG="nwscanmode"`, "OK", `+QCFG: "nwscanmode",3,1`)
	c.want(`AT+QCFG="roamservice"`, "OK", `+QCFG: "roamservice",2`)
	c.want(`AT+QCFG="nosuch"`, "ERROR")
	c.want("AT+QPINC?", "OK", `+QPINC: "SC",3,10`, `+QPINC: "P2",3,10`)
	c.want(`AT+QPINC="SC"`, "OK", `+QPINC: "SC",3,10`)
	if got := c.at(`AT+QENG="servingcell"`); !strings.HasPrefix(got, "\r\n+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",262,01,") {
		t.Errorf("QENG %q", got)
	}
	c.want("ATD*99#", "CONNECT 150000000")
}

func TestQuectelSIM(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{Vendor: Quectel, PIN: "1234"})
	c.want("AT+CPIN?", "OK", "+CPIN: SIM PIN")
	c.want(`AT+CPIN="1111"`, "+CME ERROR: 16")
	c.want(`AT+QPINC="SC"`, "OK", `+QPINC: "SC",2,10`)
	c.ok(`AT+CPIN="1234"`)
	c.expect("\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n")
	m.RemoveSIM()
	c.expect("\r\n+CPIN: NOT READY\r\n")
	c.want("AT+CPIN?", "+CME ERROR: 10")
	c.want("AT+CMEE=2;+CIMI", "+CME ERROR: SIM not inserted")
}
