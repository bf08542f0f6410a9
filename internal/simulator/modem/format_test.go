package modem

import "testing"

// Under ATV0 an indication is framed like information text, "<text><CR><LF>"
// without the leading CR LF of verbose mode (V.250 5.7.1, 6.2.6); the
// simulator framed it verbosely whatever ATV said.
func TestRegressionIndicationsIgnoreNumericMode(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	c.send("ATE0V0\r")
	c.expect("ATE0V0\r") // the echo, still on while the line is typed
	if got := c.expect("0\r"); got != "0\r" {
		t.Fatalf("result under ATV0: %q", got)
	}
	m.Unsolicited("+CREG: 1")
	if got := c.expect("+CREG: 1\r\n"); got != "+CREG: 1\r\n" {
		t.Errorf("indication under ATV0: %q", got)
	}
	c.send("ATV1\r")
	c.expect("\r\nOK\r\n")
	m.Unsolicited("+CREG: 5")
	if got := c.expect("\r\n+CREG: 5\r\n"); got != "\r\n+CREG: 5\r\n" {
		t.Errorf("indication under ATV1: %q", got)
	}
}
