package modem

import (
	"strings"
	"testing"
	"time"
)

func TestPDPContexts(t *testing.T) {
	t.Parallel()
	// Guide 4.1.1.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok(`AT+CGDCONT=1,"IP","1234"`)
	c.ok(`AT+CGDCONT=3,"IPV4V6","internet.v6"`)
	c.want("AT+CGDCONT?", "OK", `+CGDCONT: 1,"IP","1234","",0,0`, `+CGDCONT: 3,"IPV4V6","internet.v6","",0,0`)
	c.want("AT+CGDCONT=?", "OK", `+CGDCONT: (1-11),"IP",,,(0-2),(0-3)`, `+CGDCONT: (1-11),"IPV6",,,(0-2),(0-3)`, `+CGDCONT: (1-11),"IPV4V6",,,(0-2),(0-3)`)
	c.want(`AT+CGDCONT=12,"IP","x"`, "ERROR")
	c.want(`AT+CGDCONT=2,"X25","x"`, "ERROR")
	c.ok("AT+CGDCONT=3")
	c.want("AT+CGATT?", "OK", "+CGATT: 1")
	c.want("AT+CGPADDR=1", "OK", "+CGPADDR: 1")
	c.ok("AT+CGACT=1,1")
	c.want("AT+CGACT?", "OK", "+CGACT: 1,1")
	got := c.at("AT+CGPADDR")
	if !strings.HasPrefix(got, "\r\n+CGPADDR: 1,\"100.64.") {
		t.Errorf("CGPADDR %q", got)
	}
	c.ok("AT+CGACT=0,1") // guide 4.5.1 process 2
	c.want("AT+CGACT?", "OK", "+CGACT: 1,0")
	c.ok("AT+CGREG=1")
	c.ok("AT+CGATT=0")
	c.expect("\r\n+CGREG: 0\r\n")
	c.want("AT+CGATT?", "OK", "+CGATT: 0") // guide 4.1.2
	c.want("AT+CGACT=1,1", "+CME ERROR: no network service")
	c.ok("AT+CGATT=1")
	c.expect("\r\n+CGREG: 1\r\n")
}

func TestDialUpDataMode(t *testing.T) {
	t.Parallel()
	// Guide 4.2, 4.4 and 4.5: ATD*99#, +++, ATO, ATH.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("ATS12=5") // 100 ms guard time
	c.want("ATD*99#", "CONNECT 21600000")
	if !m.Status().Data {
		t.Fatal("no data call")
	}
	// data mode: commands are data, indications wait
	c.send("AT\r~\x7e\xff\x03")
	m.Unsolicited("+TEST: held")
	c.silent(150 * time.Millisecond)
	c.send("+++")
	if got := c.expect("\r\nOK\r\n"); got != "\r\nOK\r\n" {
		t.Fatalf("escape %q", got)
	}
	c.expect("\r\n+TEST: held\r\n")
	c.want("AT+CSQ", "OK", "+CSQ: 11,99") // online command state
	c.want("ATO", "CONNECT")
	time.Sleep(150 * time.Millisecond)
	c.send("+++")
	c.expect("\r\nOK\r\n")
	c.ok("ATH")
	if m.Status().Data {
		t.Fatal("data call after ATH")
	}
	c.want("ATO", "NO CARRIER")
	// "+++" inside data is data
	c.want("ATD*99***1#", "CONNECT 21600000")
	c.send("x+++y")
	c.silent(200 * time.Millisecond)
	// the network ends the call: NO CARRIER
	m.DropData()
	c.expect("\r\nNO CARRIER\r\n")
	c.ok("AT")
	// not registered: NO CARRIER
	m.SetRegistration(3)
	c.want("ATD*99#", "NO CARRIER")
	c.want("ATD+4917012345;", "NO CARRIER")
}

func TestDialIsAbortive(t *testing.T) {
	t.Parallel()
	_, c := start(t, Config{})
	c.send("ATD*99#\r")
	time.Sleep(200 * time.Millisecond)
	c.send("AT\r")
	c.expect("ATD*99#\r\r\nNO CARRIER\r\nAT\r\r\nOK\r\n")
}

func TestRegistrationLossDropsCall(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	c.want("AT+CGDATA=\"PPP\",1", "CONNECT")
	m.SetRegistration(2)
	c.expect("\r\nNO CARRIER\r\n")
	c.ok("AT")
}

func TestECM(t *testing.T) {
	t.Parallel()
	// Guide chapter 7: ^NDISDUP, ^NDISSTAT, ^NDISSTATQRY.
	m, c := start(t, Config{APNs: []string{"1234", "4321"}})
	registered(t, m)
	c.want("AT^NDISDUP=?", "OK", "^NDISDUP: (1-11),(0-1)")
	c.want("AT^NDISSTATQRY?", "OK", "^NDISSTATQRY: 0,0,,IPV4")
	c.ok(`AT^NDISDUP=1,1,"1234"`)
	c.expect("\r\n^NDISSTAT: 1,,,IPV4\r\n")
	c.want("AT^NDISSTATQRY?", "OK", "^NDISSTATQRY: 1,,,IPV4")
	if got := c.at("AT+CGPADDR=1"); !strings.HasPrefix(got, "\r\n+CGPADDR: 1,\"100.64.") {
		t.Errorf("address %q", got)
	}
	c.ok("AT^NDISDUP=1,0")
	c.expect("\r\n^NDISSTAT: 0,0,,IPV4\r\n")
	c.want("AT^NDISSTATQRY?", "OK", "^NDISSTATQRY: 0,0,,IPV4")
	c.ok(`AT^NDISDUP=1,1,"4321","huawei","huawei",1`)
	c.expect("\r\n^NDISSTAT: 1,,,IPV4\r\n")
	m.DropData()
	c.expect("\r\n^NDISSTAT: 0,36,,IPV4\r\n")
	// an APN the network does not know (guide 7.1.2)
	c.ok(`AT^NDISDUP=1,1,"abcd"`)
	c.expect("\r\n^NDISSTAT: 0,33,,IPV4\r\n\r\n^NDISEND: 1,33\r\n")
	c.want(`AT^NDISDUP=1,1,"1234",`+"\"u\",\"p\",9", "ERROR")
}

func TestDataNeedsSIM(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	m.RemoveSIM()
	c.expect("\r\n^SIMST: 255\r\n")
	c.want(`AT^NDISDUP=1,1,"1234"`, "+CME ERROR: SIM failure") // guide 7.1.2
	c.want("ATD*99#", "+CME ERROR: SIM failure")
}

func TestRejectPDP(t *testing.T) {
	t.Parallel()
	// The network rejects activations with a 24.008 cause: AT+CGACT gives
	// the 27.007 9.2.2 error that carries it, ATD*99# NO CARRIER.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok(`AT+CGDCONT=1,"IP","em"`)
	for _, tc := range []struct {
		cause int
		code  string
		text  string
	}{
		{27, "127", "missing or unknown APN"},
		{29, "129", "user authentication failed"},
		{33, "133", "requested service option not subscribed"},
		{26, "126", "insufficient resources"},
		{8, "177", "operator determined barring"},
		{95, "148", "unspecified GPRS error"},
	} {
		m.RejectPDP(tc.cause)
		c.want("AT+CMEE=2;+CGACT=1,1", "+CME ERROR: "+tc.text)
		c.want("AT+CMEE=1;+CGACT=1,1", "+CME ERROR: "+tc.code)
	}
	c.want("AT+CGACT?", "OK", "+CGACT: 1,0")
	c.want("ATD*99#", "NO CARRIER")
	if m.Status().Data {
		t.Fatal("data up")
	}
	m.RejectPDP(0)
	c.ok("AT+CGACT=1,1")
	// an active context stays up when the network starts rejecting
	m.RejectPDP(33)
	c.want("AT+CGACT?", "OK", "+CGACT: 1,1")
	c.ok("AT+CGACT=0,1")
	c.want("AT+CGACT=1,1", "+CME ERROR: 133")
}

func TestRejectPDPOverECM(t *testing.T) {
	t.Parallel()
	// Guide 7.1.2: a failed AT^NDISDUP is OK, then ^NDISSTAT: 0,<cause>,,IPV4
	// and ^NDISEND: <cid>,<cause>. (The guide's row for a wrong password
	// shows "^NDISSTAT: 0,33,,IPV4" with "^NDISEND:1,29"; the simulator
	// gives the cause in both.)
	m, c := start(t, Config{})
	registered(t, m)
	m.RejectPDP(29)
	c.ok(`AT^NDISDUP=1,1,"4321","huaei","huawei",1`)
	c.expect("\r\n^NDISSTAT: 0,29,,IPV4\r\n\r\n^NDISEND: 1,29\r\n")
	c.want("AT^NDISSTATQRY?", "OK", "^NDISSTATQRY: 0,0,,IPV4")
	m.RejectPDP(0)
	c.ok(`AT^NDISDUP=1,1,"4321","huawei","huawei",1`)
	c.expect("\r\n^NDISSTAT: 1,,,IPV4\r\n")
	c.want("AT+CGCONTRDP", "OK", `+CGCONTRDP: 1,5,"4321","100.64.10.2.255.255.255.0","100.64.10.254","10.74.210.210","10.74.210.211"`)
}

func TestCGCONTRDP(t *testing.T) {
	t.Parallel()
	// 27.007 10.1.23: the dynamic parameters of active contexts only.
	m, c := start(t, Config{Vendor: Quectel})
	registered(t, m)
	c.ok(`AT+CGDCONT=1,"IP","em"`)
	c.ok(`AT+CGDCONT=2,"IP","iot"`)
	c.want("AT+CGCONTRDP=?", "OK", "+CGCONTRDP: ()")
	c.want("AT+CGCONTRDP", "OK")
	c.want("AT+CGCONTRDP=1", "OK")
	c.want("AT+CGCONTRDP=7", "+CME ERROR: 3")
	c.ok("AT+CGACT=1,1")
	c.ok("AT+CGACT=1,2")
	c.want("AT+CGCONTRDP=?", "OK", "+CGCONTRDP: (1,2)")
	c.want("AT+CGPADDR", "OK", `+CGPADDR: 1,"100.64.10.2"`, `+CGPADDR: 2,"100.64.10.3"`)
	c.want("AT+CGCONTRDP", "OK",
		`+CGCONTRDP: 1,5,"em","100.64.10.2.255.255.255.0","100.64.10.254","10.74.210.210","10.74.210.211"`,
		`+CGCONTRDP: 2,6,"iot","100.64.10.3.255.255.255.0","100.64.10.254","10.74.210.210","10.74.210.211"`)
	c.want("AT+CGCONTRDP=2", "OK", `+CGCONTRDP: 2,6,"iot","100.64.10.3.255.255.255.0","100.64.10.254","10.74.210.210","10.74.210.211"`)
	m.DropData()
	c.want("AT+CGCONTRDP", "OK")
}
