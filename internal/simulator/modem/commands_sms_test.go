package modem

import (
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

func TestSMSPreconfiguration(t *testing.T) {
	t.Parallel()
	// Guide 9.1.1 with three messages stored.
	m, c := start(t, Config{})
	registered(t, m)
	for i := range 3 {
		if _, err := m.InjectSMS("+491701234567", fmt.Sprint("test", i)); err != nil {
			t.Fatal(err)
		}
	}
	c.want("AT+CPMS=?", "OK", `+CPMS: ("SM"),("SM"),("SM")`)
	c.want(`AT+CPMS="SM","SM","SM"`, "OK", "+CPMS: 3,40,3,40,3,40")
	c.want("AT+CPMS?", "OK", `+CPMS: "SM",3,40,"SM",3,40,"SM",3,40`)
	c.want(`AT+CPMS="ME","ME","ME"`, "ERROR") // guide 9.1.2: unsupported storage
	c.want("AT+CSMS?", "OK", "+CSMS: 0,1,1,1")
	c.want("AT+CSCA?", "OK", `+CSCA: "+491710760000",145`)
	c.ok(`AT+CSCA="8613800688509",145`)
	c.want("AT+CSCA?", "OK", `+CSCA: "8613800688509",129`)
	c.want("AT+CMGF?", "OK", "+CMGF: 0")
	c.want("AT+CNMI?", "OK", "+CNMI: 0,0,0,0,0")
	c.want("AT+CSMP?", "OK", "+CSMP: 17,167,0,0")
}

// seedPDU is the PDU of guide 9.2.1: "message" to 13903710731.
const seedPDU = "0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701"

func TestSendPDU(t *testing.T) {
	t.Parallel()
	// Guide 9.2.1: AT+CMGS=21, the prompt, the PDU, Ctrl-Z, +CMGS: <mr>.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CMGF=0")
	c.send("AT+CMGS=21\r")
	if got := c.expect("> "); got != "AT+CMGS=21\r\r\n> " {
		t.Fatalf("prompt %q", got)
	}
	c.silent(30 * time.Millisecond)
	c.send(seedPDU + "\x1A")
	if got := c.expect("\r\nOK\r\n"); got != seedPDU+"\r\n+CMGS: 1\r\n\r\nOK\r\n" {
		t.Fatalf("send %q", got)
	}
	// the next message gets the next reference; echo off
	c.ok("ATE0")
	c.send("AT+CMGS=21\r")
	c.expect("\r\n> ")
	c.send(seedPDU + "\x1A")
	if got := c.expect("\r\nOK\r\n"); got != "\r\n+CMGS: 2\r\n\r\nOK\r\n" {
		t.Fatalf("second send %q", got)
	}
	sent := m.Sent()
	if len(sent) != 2 || sent[0].To != "13903710731" || sent[0].Text != "message" || sent[0].Ref != 1 || sent[1].Ref != 2 {
		t.Fatalf("Sent %+v", sent)
	}
	// a wrong length or a bad PDU: +CMS ERROR: 304 (guide 9.2.2)
	c.send("AT+CMGS=20\r")
	c.expect("\r\n> ")
	c.send(seedPDU + "\x1A")
	c.expect("\r\n+CMS ERROR: 304\r\n")
	c.send("AT+CMGS=3\r")
	c.expect("\r\n> ")
	c.send("00ZZ\x1A")
	c.expect("\r\n+CMS ERROR: 304\r\n")
	// ESC cancels: OK and nothing sent
	c.send("AT+CMGS=21\r")
	c.expect("\r\n> ")
	c.send(seedPDU[:10] + "\x1B")
	if got := c.expect("\r\nOK\r\n"); got != "\r\nOK\r\n" {
		t.Fatalf("cancel %q", got)
	}
	if n := len(m.Sent()); n != 2 {
		t.Fatalf("%d sent after ESC", n)
	}
	// sending can fail on the network side
	m.FailSMS(500)
	c.send("AT+CMGS=21\r")
	c.expect("\r\n> ")
	c.send(seedPDU + "\x1A")
	c.expect("\r\n+CMS ERROR: 500\r\n")
}

func TestSendText(t *testing.T) {
	t.Parallel()
	// Guide 9.3.1: UCS2 text mode, then GSM text mode.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CMGF=1")
	c.ok("AT+CSMP=,,0,8")
	c.ok(`AT+CSCA="8613800688509",145`)
	c.ok(`AT+CSCS="UCS2"`)
	c.send(`AT+CMGS="00310033003300310032003300340035003600370038"` + "\r")
	c.expect("\r\n> ")
	c.send("534E4E3A\x1A")
	c.expect("534E4E3A\r\n+CMGS: 1\r\n\r\nOK\r\n")
	c.ok("AT+CSMP=,,0,0")
	c.ok(`AT+CSCS="GSM"`)
	c.send(`AT+CMGS="13312345678"` + "\r")
	c.expect("\r\n> ")
	c.send("huawei\x1A")
	c.expect("\r\n+CMGS: 2\r\n\r\nOK\r\n")
	sent := m.Sent()
	if len(sent) != 2 || sent[0].To != "13312345678" || sent[0].Text != "华为" || sent[1].Text != "huawei" {
		t.Fatalf("Sent %+v", sent)
	}
	if sent[0].Submit.DCS.Encoding() != sms.UCS2 || sent[1].Submit.DCS.Encoding() != sms.GSM7 {
		t.Errorf("DCS %v %v", sent[0].Submit.DCS, sent[1].Submit.DCS)
	}
	// GSM 7-bit cannot carry Chinese: +CMS ERROR: 305 (guide 9.3.2)
	c.send(`AT+CMGS="13312345678"` + "\r")
	c.expect("\r\n> ")
	c.send("华为\x1A")
	c.expect("\r\n+CMS ERROR: 305\r\n")
	// a CR in text mode starts a new line with a new prompt
	c.send(`AT+CMGS="123"` + "\r")
	c.expect("\r\n> ")
	c.send("line1\r")
	c.expect("line1\r\n> ")
	c.send("line2\x1A")
	c.expect("\r\n+CMGS: 3\r\n\r\nOK\r\n")
	if s := m.Sent(); s[2].Text != "line1\nline2" {
		t.Errorf("two lines: %q", s[2].Text)
	}
}

var cmtiRE = regexp.MustCompile(`\r\n\+CMTI: "SM",(\d+)\r\n`)

func TestReceiveStoreReadDelete(t *testing.T) {
	t.Parallel()
	// Guide 9.4.1: AT+CNMI=2,1 gives +CMTI; AT+CMGR reads and marks read;
	// AT+CMGD deletes.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CNMI=2,1,0,0,0")
	for i := range 5 {
		idx, err := m.InjectSMS("+8613312345678", fmt.Sprint("huawei", i))
		if err != nil || idx != i {
			t.Fatalf("inject %d: %d %v", i, idx, err)
		}
	}
	for i := range 5 {
		c.expect(fmt.Sprintf("\r\n+CMTI: \"SM\",%d\r\n", i))
	}
	got := c.at("AT+CMGR=4")
	lines := strings.Split(strings.Trim(got, "\r\n"), "\r\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "+CMGR: 0,,") || lines[3] != "OK" {
		t.Fatalf("CMGR %q", got)
	}
	pdu, _ := hex.DecodeString(lines[1])
	d, err := sms.DecodeDeliver(pdu, true)
	if err != nil || d.Text != "huawei4" || d.Originator.Number != "+8613312345678" {
		t.Fatalf("PDU %s: %+v %v", lines[1], d, err)
	}
	if want := fmt.Sprintf("+CMGR: 0,,%d", sms.TPDULength(pdu, true)); lines[0] != want {
		t.Errorf("header %q, want %q", lines[0], want)
	}
	if got := c.at("AT+CMGR=4"); !strings.HasPrefix(got, "\r\n+CMGR: 1,,") {
		t.Errorf("second read %q", got)
	}
	// text mode: the guide's layout
	c.ok("AT+CMGF=1")
	got = c.at("AT+CMGR=3")
	re := regexp.MustCompile(`^\r\n\+CMGR: "REC UNREAD","\+8613312345678",,"\d\d/\d\d/\d\d,\d\d:\d\d:\d\d\+00"\r\nhuawei3\r\n\r\nOK\r\n$`)
	if !re.MatchString(got) {
		t.Errorf("text CMGR %q", got)
	}
	got = c.at(`AT+CMGL="REC UNREAD"`)
	if strings.Count(got, "+CMGL: ") != 3 || !strings.Contains(got, "+CMGL: 0,\"REC UNREAD\",\"+8613312345678\",,\"") {
		t.Errorf("CMGL %q", got)
	}
	c.want(`AT+CMGL="REC UNREAD"`, "OK") // all read now
	if got := c.at(`AT+CMGL="ALL"`); strings.Count(got, `"REC READ"`) != 5 {
		t.Errorf("CMGL ALL %q", got)
	}
	c.want("AT+CMGL=4", "ERROR") // guide 9.4.2
	c.ok("AT+CMGF=0")
	c.want(`AT+CMGL="ALL"`, "ERROR")
	if got := c.at("AT+CMGL=4"); strings.Count(got, "+CMGL: ") != 5 {
		t.Errorf("PDU CMGL %q", got)
	}
	c.want("AT+CMGD=?", "OK", "+CMGD: (0,1,2,3,4),(0-4)")
	c.ok("AT+CMGD=1")
	c.want("AT+CMGR=1", "OK")
	c.want("AT+CMGR=40", "+CMS ERROR: 321")
	c.want("AT+CPMS?", "OK", `+CPMS: "SM",4,40,"SM",4,40,"SM",4,40`)
	c.ok("AT+CMGD=1,4")
	c.want("AT+CPMS?", "OK", `+CPMS: "SM",0,40,"SM",0,40,"SM",0,40`)
}

func TestDeleteFlags(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	for range 2 {
		m.InjectSMS("+49170", "in")
	}
	c.at("AT+CMGR=0") // read: REC READ
	c.send("AT+CMGW=21\r")
	c.expect("\r\n> ")
	c.send(seedPDU + "\x1A")
	c.expect("\r\n+CMGW: 2\r\n\r\nOK\r\n")
	c.send("AT+CMGW=21,3\r")
	c.expect("\r\n> ")
	c.send(seedPDU + "\x1A")
	c.expect("\r\n+CMGW: 3\r\n\r\nOK\r\n")
	c.send("AT+CMGW=21\r")
	c.expect("\r\n> ")
	c.send(seedPDU + "\x1A")
	c.expect("\r\n+CMGW: 4\r\n\r\nOK\r\n")
	c.want("AT+CMSS=4", "OK", "+CMSS: 1")
	c.want("AT+CMSS=0", "+CMS ERROR: 302")
	c.want("AT+CMSS=5", "+CMS ERROR: 321")
	c.want("AT+CMGR=2", "OK", "+CMGR: 2,,21", seedPDU)
	c.want("AT+CMGR=4", "OK", "+CMGR: 3,,21", seedPDU)
	c.ok("AT+CMGD=0,1") // read
	c.want("AT+CMGD=?", "OK", "+CMGD: (1,2,3,4),(0-4)")
	c.ok("AT+CMGD=0,2") // read and sent
	c.want("AT+CMGD=?", "OK", "+CMGD: (1,2),(0-4)")
	c.ok("AT+CMGD=0,3") // read, sent and unsent
	c.want("AT+CMGD=?", "OK", "+CMGD: (1),(0-4)")
	c.ok("AT+CMGD=0,4")
	c.want("AT+CMGD=?", "OK", "+CMGD: (),(0-4)")
	if n := len(m.Sent()); n != 1 {
		t.Errorf("%d sent", n)
	}
}

func TestDirectDelivery(t *testing.T) {
	t.Parallel()
	// Guide 9.4.1: AT+CNMI=1,2 shows the message at once, not stored.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CNMI=1,2,0,0,0")
	idx, err := m.InjectSMS("+8613312345678", "huawei")
	if err != nil || idx != -1 {
		t.Fatalf("inject: %d %v", idx, err)
	}
	got := c.expect("\r\n")
	got += c.expect("\r\n")
	got += c.expect("\r\n")
	m2 := regexp.MustCompile(`^\r\n\+CMT: ,(\d+)\r\n([0-9A-F]+)\r\n$`).FindStringSubmatch(got)
	if m2 == nil {
		t.Fatalf("+CMT %q", got)
	}
	pdu, _ := hex.DecodeString(m2[2])
	if d, err := sms.DecodeDeliver(pdu, true); err != nil || d.Text != "huawei" || fmt.Sprint(sms.TPDULength(pdu, true)) != m2[1] {
		t.Errorf("+CMT PDU: %+v %v", d, err)
	}
	c.ok("AT+CMGF=1")
	m.InjectSMS("+8613312345678", "huawei")
	re := regexp.MustCompile(`\r\n\+CMT: "\+8613312345678",,"\d\d/\d\d/\d\d,\d\d:\d\d:\d\d\+00"\r\nhuawei\r\n`)
	if _, ok := c.until(re, 2*time.Second); !ok {
		t.Fatalf("text +CMT: %q", c.pending())
	}
	c.want("AT+CPMS?", "OK", `+CPMS: "SM",0,40,"SM",0,40,"SM",0,40`)
	// with AT+CSMS=1 the TE acknowledges with AT+CNMA
	c.want("AT+CNMA", "+CMS ERROR: 340")
	c.want("AT+CSMS=1", "OK", "+CSMS: 1,1,1")
	m.InjectSMS("+49", "ack me")
	c.expect("ack me\r\n")
	c.ok("AT+CNMA")
	c.want("AT+CNMA", "+CMS ERROR: 340")
}

func TestStorageFull(t *testing.T) {
	t.Parallel()
	// Guide 9.4.1: ^SMMEMFULL: "SM" when the storage is full.
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CNMI=2,1,0,0,0")
	for i := range smsSlots {
		if _, err := m.InjectSMS("+49", fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	c.expect("\r\n+CMTI: \"SM\",39\r\n\r\n^SMMEMFULL: \"SM\"\r\n")
	if _, err := m.InjectSMS("+49", "one too many"); !errors.Is(err, ErrStorageFull) {
		t.Fatalf("41st: %v", err)
	}
	c.expect("\r\n^SMMEMFULL: \"SM\"\r\n")
	c.want("AT+CPMS?", "OK", `+CPMS: "SM",40,40,"SM",40,40,"SM",40,40`)
	c.ok("AT+CMGD=0,4")
	if idx, err := m.InjectSMS("+49", "room again"); err != nil || idx != 0 {
		t.Fatalf("after delete: %d %v", idx, err)
	}
}

func TestInjectPDUAndLongText(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	// the guide's +CMGL PDU (9.4.1)
	pdu, _ := hex.DecodeString("0891683108608805F9040D91683109730147F200002150716172350005F4F29C4E03")
	if idx, err := m.InjectPDU(pdu); err != nil || idx != 0 {
		t.Fatalf("InjectPDU: %d %v", idx, err)
	}
	c.want("AT+CMGL=0", "OK", "+CMGL: 0,0,,25", "0891683108608805F9040D91683109730147F200002150716172350005F4F29C4E03")
	if _, err := m.InjectPDU([]byte{1, 2, 3}); err == nil {
		t.Error("garbage PDU accepted")
	}
	long := strings.Repeat("0123456789", 20)
	if idx, err := m.InjectSMS("+49170", long); err != nil || idx != 1 {
		t.Fatalf("long: %d %v", idx, err)
	}
	if s := m.Status(); s.StoredSMS != 3 {
		t.Fatalf("stored %d", s.StoredSMS)
	}
	c.ok("AT+CMGF=1")
	got := c.at("AT+CMGL=\"ALL\"")
	if !strings.Contains(got, long[:153]+"\r\n") || !strings.Contains(got, long[153:]+"\r\n") {
		t.Errorf("parts %q", got)
	}
}

func TestReceiveNeedsRegistration(t *testing.T) {
	t.Parallel()
	m, _ := start(t, Config{})
	registered(t, m)
	m.SetRegistration(3)
	if _, err := m.InjectSMS("+49", "x"); !errors.Is(err, ErrNotRegistered) {
		t.Fatalf("denied: %v", err)
	}
}

func TestFailDeleteKeepsTheMessage(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	if _, err := m.InjectSMS("+491701234567", "kept"); err != nil {
		t.Fatal(err)
	}
	m.FailDelete(500)
	c.want("AT+CMGD=0", "+CMS ERROR: 500")
	c.want("AT+CMGD=0,4", "+CMS ERROR: 500")
	c.want("AT+CMGD=?", "OK", "+CMGD: (0),(0-4)")
	m.FailDelete(0)
	c.ok("AT+CMGD=0")
	c.want("AT+CMGD=?", "OK", "+CMGD: (),(0-4)")
}
