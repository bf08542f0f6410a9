package modem

import (
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

// srrPDU is seedPDU with TP-SRR set in the first octet (0x11 → 0x31).
var srrPDU = strings.Replace(seedPDU, "F911", "F931", 1)

func sendPDU(c *client, pdu string) {
	c.send("AT+CMGS=21\r")
	c.expect("> ")
	c.send(pdu + "\x1A")
	c.expect("\r\nOK\r\n")
}

func TestStatusReportShown(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	m.DeliveryReports(true, 10*time.Millisecond)
	c.ok("AT+CNMI=2,1,0,1,0")
	sendPDU(c, seedPDU) // no TP-SRR: no report
	c.silent(50 * time.Millisecond)
	sendPDU(c, srrPDU)
	got, ok := c.until(regexp.MustCompile(`\+CDS: (\d+)\r\n([0-9A-F]+)\r\n`), time.Second)
	if !ok {
		t.Fatalf("no +CDS: %q", got)
	}
	sub := regexp.MustCompile(`\+CDS: (\d+)\r\n([0-9A-F]+)`).FindStringSubmatch(got)
	pdu, _ := hex.DecodeString(sub[2])
	if n, _ := atoi(sub[1]); sms.TPDULength(pdu, true) != n {
		t.Errorf("length %s for %s", sub[1], sub[2])
	}
	// SMSC 8 octets + type; first octet 06, TP-MR 2, TP-RA 11 digits
	tp := pdu[pdu[0]+1:]
	if tp[0] != 0x06 || tp[1] != 2 || tp[2] != 11 || len(tp) != 1+1+2+6+7+7+1 || tp[len(tp)-1] != 0 {
		t.Errorf("status report % X", tp)
	}
}

func TestStatusReportStored(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	m.DeliveryReports(true, 0)
	m.DeliveryStatus(0x45)
	c.ok("AT+CNMI=2,1,0,2,0")
	sendPDU(c, srrPDU)
	if got, ok := c.until(regexp.MustCompile(`\+CDSI: "SM",0\r\n`), time.Second); !ok {
		t.Fatalf("no +CDSI: %q", got)
	}
	out := c.at("AT+CMGR=0")
	if !strings.Contains(out, "+CMGR: 0,,25") || !strings.Contains(out, "45\r\n") {
		t.Errorf("stored report %q", out)
	}
}

func TestInjectPartsOutOfOrder(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	c.ok("AT+CNMI=2,1,0,0,0")
	text := strings.Repeat("abcdefghij", 40) // 3 parts
	idx, err := m.InjectParts("+491701234567", text, []int{2, 0})
	if err != nil || len(idx) != 2 || idx[0] != 0 || idx[1] != 1 {
		t.Fatalf("InjectParts %v %v", idx, err)
	}
	c.until(regexp.MustCompile(`\+CMTI: "SM",1\r\n`), time.Second)
	var seqs []int
	for i := range 2 {
		out := c.at("AT+CMGR=" + string(rune('0'+i)))
		lines := strings.Fields(out)
		pdu, _ := hex.DecodeString(lines[2])
		d, err := sms.DecodeDeliver(pdu, true)
		if err != nil {
			t.Fatal(err)
		}
		_, total, seq, _ := d.UDH.Concat()
		if total != 3 {
			t.Errorf("total %d", total)
		}
		seqs = append(seqs, seq)
	}
	if seqs[0] != 3 || seqs[1] != 1 {
		t.Errorf("sequence %v", seqs)
	}
	if _, err := m.InjectParts("+49", "x", []int{1}); err == nil {
		t.Error("part 1 of a 1-part message injected")
	}
}
