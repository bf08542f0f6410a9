package modem

import (
	"strings"
	"testing"
	"time"
)

func TestFreeze(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	m.Freeze(true)
	c.send("AT\r")
	m.Unsolicited("+LOST: 1")
	c.silent(200 * time.Millisecond)
	if !m.Status().Frozen {
		t.Fatal("not frozen")
	}
	m.Freeze(false)
	c.ok("AT")
	c.silent(50 * time.Millisecond)
}

func TestResetInterruptsCommand(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{ScanDuration: 5 * time.Second})
	c.ok("ATE0;+CMEE=0")
	c.running(m, "AT+COPS=?")
	m.Reset()
	// the scan ends without a result; the module boots again
	if got := c.expect("\r\n^SYSSTART\r\n"); got != "\r\n^SYSSTART\r\n" {
		t.Fatalf("after reset %q", got)
	}
	c.want("AT+CMEE?", "OK", "+CMEE: 2") // settings are back to power-on values
}

func TestResetDuringPrompt(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	registered(t, m)
	c.send("AT+CMGS=21\r")
	c.expect("\r\n> ")
	c.send("0891")
	m.Reset()
	c.expect("\r\n^SYSSTART\r\n")
	registered(t, m)
	c.ok("AT")
	if len(m.Sent()) != 0 {
		t.Fatal("sent")
	}
}

func TestGarbage(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	m.Garbage([]byte("\x00\xff\r\nZZ"))
	c.expect("\x00\xff\r\nZZ")
	c.ok("AT")
	// garbage lands even in the middle of a command
	c.running(m, "AT+COPS=?")
	m.Garbage([]byte("#noise#"))
	got := c.expect("\r\nOK\r\n")
	if !strings.HasPrefix(got, "AT+COPS=?\r#noise#") {
		t.Fatalf("garbage during the scan %q", got)
	}
}

func TestStatus(t *testing.T) {
	t.Parallel()
	m := New(fast(Config{}))
	defer m.Close()
	if s := m.Status(); s.Booted || s.SIM != "READY" {
		t.Fatalf("before power-on %+v", s)
	}
	c := serve(t, m)
	c.expect("^SYSSTART")
	registered(t, m)
	s := m.Status()
	if !s.Booted || s.Registration != 1 || s.Operator.PLMN != "26201" || s.CSQ != 11 {
		t.Fatalf("status %+v", s)
	}
}

func TestStorm(t *testing.T) {
	t.Parallel()
	// A storm of indications: a command sent during it is answered between
	// two copies, and every copy arrives.
	m, c := start(t, Config{})
	const n, urc = 5000, "^RSSI: 15"
	m.Storm(urc, n)
	c.expect("\r\n" + urc + "\r\n")
	c.send("AT+CGMI\r")
	before := c.expect("\r\nHuawei Technologies Co., Ltd.\r\n\r\nOK\r\n")
	if k := strings.Count(before, urc) + 1; k >= n {
		t.Fatalf("the command waited for the whole storm (%d copies before it)", k)
	}
	var all strings.Builder
	all.WriteString(before)
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(all.String(), urc)+1 < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		c.mu.Lock()
		all.Write(c.buf)
		c.buf = c.buf[:0]
		c.mu.Unlock()
	}
	if k := strings.Count(all.String(), urc) + 1; k != n {
		t.Fatalf("%d copies, want %d", k, n)
	}
	if !strings.Contains(all.String(), "AT+CGMI\r\r\nHuawei") {
		t.Errorf("a copy inside the response")
	}
	c.silent(20 * time.Millisecond)
	// A storm waits while a command runs, and Close ends one.
	c.running(m, "AT+COPS=?")
	m.Storm(urc, 1_000_000)
	got := c.expect("\r\nOK\r\n")
	if strings.Contains(got, urc) {
		t.Errorf("indication inside a response: %q", got)
	}
	c.expect(urc)
	m.Close()
}
