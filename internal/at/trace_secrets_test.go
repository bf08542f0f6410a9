package at

import (
	"bytes"
	"strings"
	"testing"
)

// The commands that set PDP credentials on each vendor's module, the
// modem's echo of them and the read responses that show them again are
// traced with the password masked; "+CPIN: SIM PIN" and the rest stay.
func TestTraceMasksCredentialsOfEveryVendor(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	tr := NewTracer(&buf)
	for _, cmd := range []string{
		`AT+CPIN="73190846"`,
		`AT^NDISDUP=1,1,"em","user","ndisPw-01",2`,
		`AT^AUTHDATA=1,2,"","authPw-02","user"`,
		`AT+CGAUTH=1,1,"user","cgauthPw-03"`,
		`AT+QICSGP=1,1,"em","user","qicsgpPw-04",1`,
		`AT+UPSD=0,3,"upsdPw-05"`,
		`AT+UAUTH=1,1,"user","uauthPw-06"`,
		`AT+CSTT="em","user","csttPw-07"`,
		`AT+CSIM=26,"0020000108373331393038343646FF"`,
	} {
		tr.Sent([]byte(cmd + "\r"))
		tr.Received(Token{Kind: TokLine, Line: cmd}) // the echo
		tr.Received(Token{Kind: TokLine, Line: "OK"})
	}
	for _, l := range []string{
		"+CPIN: SIM PIN",
		`^AUTHDATA: 1,2,"","authPw-02","user"`,
		`+QICSGP: 1,"em","user","qicsgpPw-04",1`,
		`+UPSD: 0,3,"upsdPw-05"`,
		`+CSTT: "em","user","csttPw-07"`,
		"OK",
	} {
		tr.Received(Token{Kind: TokLine, Line: l})
	}
	got := buf.String()
	for _, leak := range []string{"73190846", "ndisPw-01", "authPw-02", "cgauthPw-03", "qicsgpPw-04", "upsdPw-05", "uauthPw-06", "csttPw-07", "0020000108373331393038343646FF"} {
		if strings.Contains(got, leak) {
			t.Errorf("the trace shows %q:\n%s", leak, got)
		}
	}
	for _, kept := range []string{"+CPIN: SIM PIN", `AT^NDISDUP=1,1,\"em\",\"user\",\"***\",2`, `+UPSD: 0,3,\"***\"`, `AT+CSIM=26,\"***\"`} {
		if !strings.Contains(got, kept) {
			t.Errorf("the trace lacks %s:\n%s", kept, got)
		}
	}
}
