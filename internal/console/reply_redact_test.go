package console

import (
	"errors"
	"strings"
	"testing"
)

// A reply that quotes what was sent or what failed masks the secrets in
// it, as the audit does: a setting written without "set", a backend error
// that names an AT command with a PIN. Replies go by SMS and show on the
// technician's phone and in the modem's trace of the message.
func TestConsoleRepliesMaskQuotedSecrets(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{Allowed: []string{alice}})
	for _, tt := range []struct{ text, secret string }{
		{"modem.pin=12a4b6", "12a4b6"},
		{"modem.password=hunter22", "hunter22"},
		{"console.password=Tr0ub4d0r", "Tr0ub4d0r"},
	} {
		res := r.send(alice, testPassword+" "+tt.text)
		if !res.Send || !strings.Contains(res.Reply, "unknown command") || strings.Contains(res.Reply, tt.secret) {
			t.Errorf("reply to %q: %q", tt.text, res.Reply)
		}
	}
	r.b.atErr = errors.New(`modem: AT+CPWD="SC","8642","8642": timeout`)
	if res := r.send(alice, testPassword+" at AT+CSQ"); strings.Contains(res.Reply, "8642") || !strings.Contains(res.Reply, "at failed") {
		t.Errorf("reply to at: %q", res.Reply)
	}
	r.b.setErr = errors.New(`modem.pin: the PIN cannot be checked with the SIM (AT+CPIN="8642": timeout); not stored`)
	if res := r.send(alice, testPassword+" set modem.pin=8642"); strings.Contains(res.Reply, "8642") || !strings.Contains(res.Reply, "refused") {
		t.Errorf("reply to set: %q", res.Reply)
	}
	r.noSecrets(t, "12a4b6", "hunter22", "Tr0ub4d0r", "8642")
}

// The answer of "at" goes back by SMS with the passwords a read command
// shows masked, whatever the backend gave.
func TestConsoleATReplyMasksReadPasswords(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{Allowed: []string{alice}})
	r.b.atResp = "+QICSGP: 1,\"em\",\"user\",\"qicsgpPw-04\",1\r\nOK"
	res := r.send(alice, testPassword+` at AT+QICSGP=1`)
	if strings.Contains(res.Reply, "qicsgpPw-04") || !strings.Contains(res.Reply, `+QICSGP: 1,"em","user","***",1`) {
		t.Errorf("reply %q", res.Reply)
	}
	r.noSecrets(t, "qicsgpPw-04")
}
