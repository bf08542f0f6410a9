package console

import (
	"errors"
	"testing"
)

// The audit masks the PIN of "at AT+CLCK=..." (and the other AT commands
// with PINs and passwords), and the password of a Webdyn "Ftp=" command,
// which the console does not know and audits as it came.
func TestAuditMasksATPINsAndFTPPassword(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{Allowed: []string{alice}})
	r.b.atErr = errors.New(`refused AT+CLCK="SC",1,"4321": can lock the SIM`)
	for _, tt := range []struct{ text, command string }{
		{`at AT+CLCK="SC",1,"4321"`, `at AT+CLCK="SC",1,"***"`},
		{`at AT+CPIN2="4321"`, `at AT+CPIN2="***"`},
		{`at AT+QICSGP=1,1,"em","u","4321",1`, `at AT+QICSGP=1,1,"em","u","***",1`},
		{`Ftp=server:user:4321:21;`, `Ftp=server:user:***:21;`},
	} {
		r.send(alice, testPassword+" "+tt.text)
		if e := r.last(t); e.Command != tt.command {
			t.Errorf("audit of %q: command %q, want %q", tt.text, e.Command, tt.command)
		}
	}
	r.noSecrets(t, "4321")
}

// A malformed AT command cannot be parsed for its PIN: the audit masks
// every string of it.
func TestRegressionAuditShowsPINOfMalformedAT(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{Allowed: []string{alice}})
	for _, text := range []string{`at AT+CPIN "4321"`, `AT AT+CPWD="SC","1234""4321"`, `at  at+clck "SC",1,"4321"`} {
		r.send(alice, testPassword+" "+text)
	}
	r.noSecrets(t, "4321")
}
