package modem

import (
	"testing"
	"time"
)

func TestUBloxBoot(t *testing.T) {
	t.Parallel()
	// The SARA-R4 says nothing when it starts: the host polls with AT.
	m := New(fast(Config{Vendor: UBlox}))
	defer m.Close()
	c := serve(t, m)
	booted(t, m)
	c.silent(50 * time.Millisecond)
	c.ok("AT")
	m.Reset()
	booted(t, m)
	c.silent(50 * time.Millisecond)
}

func TestUBloxPersonality(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{Vendor: UBlox})
	registered(t, m)
	c.want("AT+CGMI", "OK", "u-blox")
	c.want("AT+CGMM", "OK", "SARA-R410M-02B")
	c.want("AT+CGMR", "OK", "L0.0.00.00.05.06 [Feb 03 2018 13:00:41]")
	c.want("ATI", "OK", "Manufacturer: u-blox", "Model: SARA-R410M-02B", "Revision: L0.0.00.00.05.06 [Feb 03 2018 13:00:41]", "SVN: 06", "IMEI: 352754090123452")
	c.want("AT+CCID", "OK", "+CCID: 89490200001234567892")
	c.want("AT+COPS?", "OK", `+COPS: 0,0,"Telekom.de",7`)
	c.want("AT+CEREG=2;+CEREG?", "OK", `+CEREG: 2,1,"D8C5","0E72A5F",7`)
	// errors are a plain ERROR until AT+CMEE says otherwise
	c.want("AT+CGACT=1,5", "ERROR")
	c.want("AT+CMEE=1;+CGACT=1,5", "+CME ERROR: 3")
	// no Huawei or Quectel commands
	for _, l := range []string{"AT^HCSQ?", "AT^NDISDUP=1,1", `AT+QICSGP=1,1,"em","","",1`, "AT+QCSQ", "AT+DMPCONFIG?"} {
		c.want(l, "ERROR")
	}
	c.want("ATD*99***1#", "CONNECT")
}

func TestUBloxAPNAndRoaming(t *testing.T) {
	t.Parallel()
	// emnify guide, u-blox cellular IoT modules.
	m, c := start(t, Config{Vendor: UBlox})
	registered(t, m)
	c.ok(`AT+CGDCONT=1,"IP","em",,`)
	c.want("AT+CGDCONT?", "OK", `+CGDCONT: 1,"IP","em","0.0.0.0",0,0,0,0`)
	c.want("AT+UCGDFLT?", "OK", `+UCGDFLT: "IP",""`)
	c.ok(`AT+UCGDFLT=1,"IP","em"`)
	c.want("AT+UCGDFLT?", "OK", `+UCGDFLT: "IP","em"`)
	c.want(`AT+UCGDFLT=1,"X25","em"`, "ERROR")
	c.want("AT+UDCONF=20", "OK", "+UDCONF: 20,0")
	c.ok("AT+UDCONF=20,2")
	c.want("AT+UDCONF=20", "OK", "+UDCONF: 20,2")
	c.want("AT+UDCONF=99", "ERROR")
	c.want("AT+UPSV?", "OK", "+UPSV: 0")
	c.ok("AT+UPSV=1,2000")
	c.want("AT+UPSV?", "OK", "+UPSV: 1")
	c.want("AT+UPSV=5", "ERROR")
	// the settings are kept in NV
	m.Reset()
	booted(t, m)
	c.want("AT+UCGDFLT?", "OK", `+UCGDFLT: "IP","em"`)
	c.want("AT+UDCONF=20", "OK", "+UDCONF: 20,2")
	c.ok("AT+UCGDFLT=0")
	c.want("AT+UCGDFLT?", "OK", `+UCGDFLT: "IP",""`)
}
