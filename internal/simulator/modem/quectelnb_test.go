package modem

import (
	"testing"
	"time"
)

// bootText is what the Boudica firmware prints when it starts.
func bootText(cause string) string {
	return "\r\nBoot: Unsigned\r\nSecurity B.. Verified\r\nProtocol A.. Verified\r\nApps A...... Verified\r\n\r\n" +
		cause + "\r\nNeul \r\nOK\r\n"
}

func TestQuectelNBBoot(t *testing.T) {
	t.Parallel()
	m := New(fast(Config{Vendor: QuectelNB}))
	defer m.Close()
	c := serve(t, m)
	if got := c.expect("Neul \r\nOK\r\n"); got != bootText("REBOOT_CAUSE_SECURITY_PMU_POWER_ON_RESET") {
		t.Fatalf("boot %q", got)
	}
	// AT+NRB: REBOOTING without a final result, then the boot text.
	c.send("AT+NRB\r")
	got := c.expect("Neul \r\nOK\r\n")
	if want := "AT+NRB\r\r\nREBOOTING\r\n" + bootText("REBOOT_CAUSE_APPLICATION_AT"); got != want {
		t.Fatalf("AT+NRB %q", got)
	}
	registered(t, m)
	c.ok("AT")
}

func TestQuectelNBPersonality(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{Vendor: QuectelNB})
	registered(t, m)
	c.want("AT+CGMI", "OK", "Quectel")
	c.want("AT+CGMM", "OK", "BC95-G")
	c.want("ATI", "OK", "Quectel", "BC95-G", "Revision: BC95GJBR01A08_ONT")
	c.want("AT+CGSN=1", "OK", `+CGSN: "863703030822519"`)
	c.want("AT+NCCID", "OK", "+NCCID: 89490200001234567892")
	// NB-IoT: AcT 9
	c.want("AT+COPS?", "OK", `+COPS: 0,0,"Telekom.de",9`)
	c.want("AT+CEREG=2;+CEREG?", "OK", `+CEREG: 2,1,"D8C5","0E72A5F",9`)
	// no dial-up, no ^ commands, no Quectel LTE commands
	for _, l := range []string{"ATD*99#", `AT+CGDATA="PPP",1`, "AT^SYSINFOEX", "AT^NETSCAN=2,-110", `AT+QICSGP=1,1,"em","","",1`, `AT+QCFG="roamservice",2,1`, "AT+UPSV?"} {
		c.want(l, "ERROR")
	}
	// CMDMP note chapter 3: ERROR until AT+CMEE=1
	c.want("AT+CGACT=1,5", "ERROR")
	c.want("AT+CMEE=1;+CGACT=1,5", "+CME ERROR: 3")
	c.ok("AT+CGACT=1,1")
}

func TestDMPCONFIG(t *testing.T) {
	t.Parallel()
	// The examples of the CMDMP application note, 2.1, on a BC95 (R2.0
	// OneNET firmware: default update period 900 s, server address and
	// port required with the period).
	m, c := start(t, Config{Vendor: QuectelNB})
	registered(t, m)
	c.want("AT+DMPCONFIG=?", "OK", "+DMPCONFIG: (0-6)")
	c.want("AT+DMPCONFIG?", "OK", "+DMPCONFIG: 0,0", "+DMPCONFIG: 1,117.161.2.41,5683,900", "+DMPCONFIG: 2,,,0,")
	c.want("AT+DMPCONFIG=6", "OK", "6,0")

	// "//Disable accessing to CMDMP."
	c.ok("AT+DMPCONFIG=0,0")
	// "//Query saved CMDMP accessing state."
	c.want("AT+DMPCONFIG=4,0", "OK", "0,0")
	// "//Set CMDMP server IP address, port and the update period."
	c.ok("AT+DMPCONFIG=1,117.161.2.7,5683,420")
	c.want("AT+DMPCONFIG=4,1", "OK", "1,117.161.2.7,5683,420")
	// "//Set the update period without CMDMP server IP address or port
	// (Only applies to BC35-G and BC28)"
	c.want("AT+DMPCONFIG=1, , ,300", "ERROR")
	c.want("AT+DMPCONFIG=4,1", "OK", "1,117.161.2.7,5683,420")
	// "//Set the app key, private key, interface type and terminal IMEI."
	c.ok(`AT+DMPCONFIG=2,"M100000089","77GaaTUi33nUK05ha528888QFbk0Y38M",1,863703030822519`)
	c.want("AT+DMPCONFIG=4,2", "OK", "2,M100000089,77Ga****,1,863703030822519")
	// "//Add one PLMN."
	c.ok("AT+DMPCONFIG=3,46004")
	c.want("AT+DMPCONFIG=4,3", "OK", "3,46004")
	// "//Add three PLMN."
	c.ok("AT+DMPCONFIG=3,46005,46008,46009")
	c.want("AT+DMPCONFIG=4,3", "OK", "3,46005,46008,46009")
	// "//Erase saved PLMN."
	c.ok("AT+DMPCONFIG=5,3")
	c.want("AT+DMPCONFIG=4,3", "OK", "3")
	// "//Erase all saved information."
	c.ok("AT+DMPCONFIG=5,4")
	c.want("AT+DMPCONFIG=4,1", "OK", "1,117.161.2.41,5683,900")
	c.want("AT+DMPCONFIG=4,2", "OK", "2,,,0,")

	// What is saved takes effect after a reboot: the note's "//Query
	// current configure information."
	c.ok("AT+DMPCONFIG=0,1")
	c.ok("AT+DMPCONFIG=1,117.161.2.7,5683,420")
	c.ok(`AT+DMPCONFIG=2,"M100000089","95GoTUi33nUK05ha528888QFbk0Y38M",1,863703030822519`)
	c.want("AT+DMPCONFIG?", "OK", "+DMPCONFIG: 0,0", "+DMPCONFIG: 1,117.161.2.41,5683,900", "+DMPCONFIG: 2,,,0,")
	c.send("AT+NRB\r")
	c.expect("Neul \r\nOK\r\n")
	registered(t, m)
	c.want("AT+DMPCONFIG?", "OK", "+DMPCONFIG: 0,1", "+DMPCONFIG: 1,117.161.2.7,5683,420", "+DMPCONFIG: 2,M100000089,95Go****,1,863703030822519")
	// "//Query CMDMP accessing state" ... "6,6 //Registered successfully."
	c.want("AT+DMPCONFIG=6", "OK", "6,6")
	m.SetRegistration(2)
	c.want("AT+DMPCONFIG=6", "OK", "6,0")

	// errors: ERROR, or +CME ERROR: 50 with AT+CMEE=1
	for _, bad := range []string{"AT+DMPCONFIG=7,0", "AT+DMPCONFIG=0,2", "AT+DMPCONFIG=1,117.161.2.7,5683,299", "AT+DMPCONFIG=1,117.161.2.7,5683,4294967",
		"AT+DMPCONFIG=1,117.161.2,5683,420", `AT+DMPCONFIG=2,M100000089,"x",1,863703030822519`, `AT+DMPCONFIG=2,"M1","x",3,863703030822519`,
		`AT+DMPCONFIG=2,"M1","x",1,86370303082`, "AT+DMPCONFIG=3,4600", "AT+DMPCONFIG=3,46001,46002,46003,46004", "AT+DMPCONFIG=4,4", "AT+DMPCONFIG=5,5", "AT+DMPCONFIG=6,1"} {
		c.want(bad, "ERROR")
	}
	c.want("AT+CMEE=1;+DMPCONFIG=0,2", "+CME ERROR: 50")
}

func TestDMPCONFIGOnBC35(t *testing.T) {
	t.Parallel()
	// The BC35-G and BC28 take the update period alone and default to
	// 86400 s.
	m, c := start(t, Config{Vendor: QuectelNB, Model: "BC35-G"})
	registered(t, m)
	c.want("AT+CGMM", "OK", "BC35-G")
	c.want("ATI", "OK", "Quectel", "BC35-G", "Revision: BC35GJBR01A08_ONT")
	c.want("AT+DMPCONFIG=4,1", "OK", "1,117.161.2.41,5683,86400")
	// "AT+DMPCONFIG=1, , ,300" then "AT+DMPCONFIG=4,1" gives "1, , ,300".
	c.ok("AT+DMPCONFIG=1, , ,300")
	c.want("AT+DMPCONFIG=4,1", "OK", "1, , ,300")
	c.want("AT+DMPCONFIG=1,117.161.2.7, ,300", "ERROR")
}

func TestDMPState(t *testing.T) {
	t.Parallel()
	// "6,11 //Updated successfully.": once an update period has passed.
	st := newState(&Config{Model: "BC95-G"}, quectelNBProfile)
	now := time.Now()
	st.dmp.current.mode = 1
	st.regStat, st.regSince = 1, now.Add(-899*time.Second)
	if s := st.dmpState(now); s != dmpRegSuccess {
		t.Errorf("state %d before the period", s)
	}
	st.regSince = now.Add(-900 * time.Second)
	if s := st.dmpState(now); s != dmpUpdateSuccess {
		t.Errorf("state %d after the period", s)
	}
	st.dmp.current.mode = 0
	if s := st.dmpState(now); s != dmpInitial {
		t.Errorf("state %d when off", s)
	}
}
