package redact

import (
	"regexp"
	"strings"
	"testing"
)

// secretForms are commands that carry a secret at every %s.
var secretForms = []string{
	`AT+CPIN="%s"`,
	`AT+CPIN=%s`,
	`AT+CPIN="%s","%s"`,
	`AT^CPIN=%s`,
	`AT+CPIN2="%s"`,
	`AT+CLCK="SC",1,"%s"`,
	`AT+CPWD="SC","%s","%s"`,
	`AT+CGAUTH=1,1,"user","%s"`,
	`AT+QICSGP=1,1,"apn","user","%s",1`,
	`AT^NDISDUP=1,1,"apn","user","%s",1`,
	`AT^AUTHDATA=1,2,"","%s","user"`,
	`AT+DMPCONFIG=2,"%s","%s",1,863703030822519`,
	`AT+UAUTH=1,1,"user","%s"`,
	`AT+UPSD=0,3,"%s"`,
	`AT+CSTT="apn","user","%s"`,
	`AT+CSIM=26,"0020000108%s"`,
	`AT+QMTCONN=0,"client","user","%s"`,
	`AT+QFTPCFG="account","user","%s"`,
	`AT+UMQTT=4,"user","%s"`,
	`AT+SAPBR=3,1,"PWD","%s"`,
	`+QICSGP: 1,"apn","user","%s",1`,
	`+CGAUTH: 1,1,"user","%s"`,
	`AT+CSQ;+CPIN="%s";+CREG?`,
	`at AT+CLCK="SC",1,"%s"`,
	`apn=em;usr=u;pwd=%s;`,
	`set modem.pin=%s`,
	`set modem.password=%s;modem.apn=em`,
	`Ftp=server:user:%s:21;`,
	`mqtt://user:%s@host:8883`,
}

var secretChars = regexp.MustCompile(`^[A-Za-z0-9!#$%&()<>?_{}~.-]{4,}$`)

// FuzzCommand: Command never panics, and no secret of a generated
// secret-bearing command survives, whatever its letter case, spacing and
// surroundings.
func FuzzCommand(f *testing.F) {
	f.Add(uint8(0), "1234", false, false, "")
	f.Add(uint8(6), "11112222", true, false, "status ")
	f.Add(uint8(14), "hunter2", false, true, "secret123 ")
	f.Add(uint8(17), "pass", true, true, "")
	f.Fuzz(func(t *testing.T, form uint8, secret string, lower, spaced bool, prefix string) {
		Command(prefix + secret) // any bytes: no panic
		Message(prefix + secret)
		tmpl := secretForms[int(form)%len(secretForms)]
		if !secretChars.MatchString(secret) || strings.Contains(strings.ReplaceAll(tmpl, "%s", ""), secret) {
			return
		}
		cmd := strings.ReplaceAll(tmpl, "%s", secret)
		if lower {
			cmd = strings.ToLower(cmd)
			secret = strings.ToLower(secret)
		}
		if spaced {
			cmd = strings.ReplaceAll(cmd, "=", " = ")
		}
		// A prefix that is one word before the command, as in an audit
		// detail or the SMS console's "<password> <command>".
		if strings.ContainsAny(prefix, "\"=;:+^@/\r\n") || strings.Contains(strings.ToLower(prefix), strings.ToLower(secret)) {
			prefix = ""
		}
		if prefix != "" {
			prefix = strings.TrimSpace(prefix) + " "
		}
		line := prefix + cmd
		if got := Command(line); strings.Contains(got, secret) {
			t.Fatalf("secret %q survives: Command(%q) = %q", secret, line, got)
		}
	})
}

func TestSecretFormsAreMasked(t *testing.T) {
	t.Parallel()
	for _, tmpl := range secretForms {
		for _, secret := range []string{"4321", "Pa55-w0rd"} {
			line := strings.ReplaceAll(tmpl, "%s", secret)
			if got := Command(line); strings.Contains(got, secret) || !strings.Contains(got, Mask) {
				t.Errorf("Command(%q) = %q", line, got)
			}
		}
	}
}
