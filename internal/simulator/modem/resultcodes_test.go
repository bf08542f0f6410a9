package modem

import (
	"testing"
	"time"
)

// SetResultCodes switches the module to numeric result codes or silences
// them, as a stray ATV0 or ATQ1 would, and ATE0V1Q0 brings them back.
func TestSetResultCodes(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	c.ok("ATE0")
	m.SetResultCodes(false, false)
	if st := m.Status(); st.Verbose || st.Quiet {
		t.Fatalf("status after SetResultCodes(false, false): %+v", st)
	}
	// ATV0 (V.250 6.2.6): information text "<text><CR><LF>" without the
	// header, result codes "<numeric code><CR>".
	c.send("AT\r")
	if got := c.expect("0\r"); got != "0\r" {
		t.Errorf("AT under ATV0: %q", got)
	}
	c.send("ATI\r")
	if got := c.expect("\r\n0\r"); got[0] == '\r' {
		t.Errorf("ATI under ATV0 has a header: %q", got)
	}
	c.send("ATE0V1Q0\r")
	c.expect("\r\nOK\r\n")

	m.SetResultCodes(true, true)
	if st := m.Status(); !st.Verbose || !st.Quiet {
		t.Fatalf("status after SetResultCodes(true, true): %+v", st)
	}
	c.send("AT\r")
	c.silent(200 * time.Millisecond)
	c.send("ATE0V1Q0\r") // the result code of the line that sets Q0 is sent
	if got := c.expect("\r\nOK\r\n"); got != "\r\nOK\r\n" {
		t.Errorf("ATE0V1Q0 under ATQ1: %q", got)
	}

	m.SetResultCodes(false, false)
	m.Reset()
	booted(t, m)
	if st := m.Status(); !st.Verbose || st.Quiet {
		t.Errorf("a power cycle keeps the result codes: %+v", st)
	}
}

// Extended syntax result codes take the header and trailer of the basic
// ones under ATV0 (V.250 5.7.2): "+CME ERROR: <err><CR>", with no LF the
// host could take for an empty line.
func TestRegressionExtendedResultUnderNumericCodes(t *testing.T) {
	t.Parallel()
	_, c := start(t, Config{})
	c.ok("AT+CMEE=1")
	c.ok("ATE0")
	c.send("ATV0\r")
	c.expect("0\r")
	c.send("AT+CGCONTRDP=7\r")
	if got := c.expect("+CME ERROR: 3\r"); got != "+CME ERROR: 3\r" {
		t.Fatalf("+CME ERROR under ATV0: %q", got)
	}
	c.send("AT\r")
	if rest := c.expect("0\r"); rest != "0\r" {
		t.Errorf("after the +CME ERROR under ATV0 came %q, want \"0\\r\" alone", rest)
	}
}
