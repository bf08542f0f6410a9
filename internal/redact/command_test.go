package redact

import (
	"strings"
	"testing"
)

func TestCommand(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		// PIN and PUK commands, quoted or not, one or two parameters.
		{`AT+CPIN="1234"`, `AT+CPIN="***"`},
		{`AT+CPIN=1234`, `AT+CPIN=***`},
		{`AT+CPIN="12345678","1234"`, `AT+CPIN="***","***"`},
		{`AT^CPIN="1234"`, `AT^CPIN="***"`},
		{`AT+CPIN2="5678"`, `AT+CPIN2="***"`},
		{`AT+CLCK="SC",1,"4321"`, `AT+CLCK="SC",1,"***"`},
		{`AT+CLCK="SC",2`, `AT+CLCK="SC",2`},
		{`AT+CPWD="SC","1111","2222"`, `AT+CPWD="SC","***","***"`},
		{`AT+CGAUTH=1,1,"user","pw"`, `AT+CGAUTH=1,1,"user","***"`},
		{`AT+QICSGP=1,1,"em","user","secret",1`, `AT+QICSGP=1,1,"em","user","***",1`},
		{`AT^NDISDUP=1,1,"apn","u","p,w",2`, `AT^NDISDUP=1,1,"apn","u","***",2`},
		{`AT^AUTHDATA=1,2,"","pw","user"`, `AT^AUTHDATA=1,2,"","***","user"`},
		{`^AUTHDATA: 1,2,"","pw","user"`, `^AUTHDATA: 1,2,"","***","user"`},
		{`+QICSGP: 1,"em","user","pw",1`, `+QICSGP: 1,"em","user","***",1`},
		{`AT+UAUTH=1,1,"user","pw"`, `AT+UAUTH=1,1,"user","***"`},
		// CMDMP: the application key and its password, in the command and
		// in the read response; other subcommands are left alone.
		{`AT+DMPCONFIG=2,"M100000089","77GaaTUi33nUK05",1,863703030822519`, `AT+DMPCONFIG=2,"***","***",1,863703030822519`},
		{`+DMPCONFIG: 2,M100000089,95Go1234,1,863703030822519`, `+DMPCONFIG: 2,***,***,1,863703030822519`},
		{`AT+DMPCONFIG=1,117.161.2.7,5683,420`, `AT+DMPCONFIG=1,117.161.2.7,5683,420`},
		// Console key=value forms.
		{`apn=em;usr=u;pwd=secret;`, `apn=em;usr=u;pwd=***;`},
		{`set modem.pin=1234`, `set modem.pin=***`},
		{`set modem.password=p w;modem.apn=x`, `set modem.password=***;modem.apn=x`},
		{`set console.password = hunter2`, `set console.password =***`},
		{`get modem.pin`, `get modem.pin`},
		{`PWD = c d ;apn=x`, `PWD =***;apn=x`},
		{`a=pwd=x;b=1`, `a=pwd=***;b=1`},
		{`pwd=`, `pwd=***`},
		{`=x`, `=x`},
		{`set modem.apn=internet;modem.user`, `set modem.apn=internet;modem.user`},
		// Webdyn FTP configuration.
		{`Ftp=server:user:pass:21;`, `Ftp=server:user:***:21;`},
		{`ftp=server:user:pa:ss:21`, `ftp=server:user:***:21`},
		{`FTP=server:user:pass;`, `FTP=server:user:***;`},
		// URL user information.
		{`broker mqtt://user:pw@host:1883/x`, `broker mqtt://user:***@host:1883/x`},
		{`https://host/path?a=b`, `https://host/path?a=b`},
		// Chained, lower case, spaces, quotes with commas and ';',
		// unterminated quotes.
		{`AT+CSQ;+CPIN="1234"`, `AT+CSQ;+CPIN="***"`},
		{`AT+CPIN="1234";+CSQ`, `AT+CPIN="***";+CSQ`},
		{`AT+CLCK="SC",1,"1111";+CPIN="2222";+CPWD="SC","3333","4444"`, `AT+CLCK="SC",1,"***";+CPIN="***";+CPWD="SC","***","***"`},
		{`at+cpin="1234"`, `at+cpin="***"`},
		{`at at+clck="sc",1,"4321"`, `at at+clck="sc",1,"***"`},
		{`AT + CPIN = "1234"`, `AT + CPIN = "***"`},
		{`AT+C PIN="1234"`, `AT+C PIN="***"`},
		{`AT+CPWD="SC","1;1,1","2222"`, `AT+CPWD="SC","***","***"`},
		{`AT+CPIN="1234`, `AT+CPIN="***`},
		{`AT+CLCK="SC",1,"43,21`, `AT+CLCK="SC",1,"***`},
		{"AT+CPIN=1234\r\nAT+CPIN=5678", "AT+CPIN=***\r\nAT+CPIN=***"},
		// A command quoted in a text: the text after it stays.
		{`at failed: refused AT+CLCK="SC",1,"4321": can lock the SIM`, `at failed: refused AT+CLCK="SC",1,"***": can lock the SIM`},
		{`AT+CPIN="1234" refused: spends PIN tries`, `AT+CPIN="***" refused: spends PIN tries`},
		{`AT+CPIN="1234"x`, `AT+CPIN="***"x`},
		{`AT+CPIN="1234" , "5678"`, `AT+CPIN="***" , "***"`},
		// Nothing secret.
		{`AT+CPIN?`, `AT+CPIN?`},
		{`+CPIN: READY`, `+CPIN: READY`},
		{`AT+CSQ`, `AT+CSQ`},
		{`status`, `status`},
		{``, ``},
		{"AT\xff+CPIN=\"1234\"", "AT\xff+CPIN=\"***\""},
	}
	for _, tt := range tests {
		if got := Command(tt.in); got != tt.want {
			t.Errorf("Command(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCommandMasksEveryOccurrence: a secret command repeated in one line is
// masked each time.
func TestCommandMasksEveryOccurrence(t *testing.T) {
	t.Parallel()
	got := Command(`AT+CPIN="1234";+CPIN="5678";+CPIN="9012"`)
	for _, pin := range []string{"1234", "5678", "9012"} {
		if strings.Contains(got, pin) {
			t.Errorf("%s survives in %q", pin, got)
		}
	}
}

// Response masks every answer line a read command gives and keeps the rest.
func TestResponse(t *testing.T) {
	in := []string{`+QICSGP: 1,"em","user","pw",1`, `^AUTHDATA: 1,2,"","pw","user"`, "+CSQ: 20,99"}
	got := Response(in)
	want := []string{`+QICSGP: 1,"em","user","***",1`, `^AUTHDATA: 1,2,"","***","user"`, "+CSQ: 20,99"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Response(%q) = %q, want %q", in, got, want)
	}
	if in[0] != `+QICSGP: 1,"em","user","pw",1` {
		t.Error("Response changed its argument")
	}
}

// The u-blox PDP password (AT+UPSD=<profile>,3,<password>), the SIMCom
// bearer password (AT+CSTT=<apn>,<user>,<password>) and a PIN sent to the
// SIM in an APDU (AT+CSIM=<length>,<VERIFY, CHANGE, DISABLE, ENABLE or
// UNBLOCK PIN APDU>) are masked; the other profile parameters and APDUs
// stay.
func TestCommandMasksUPSDCSTTAndPINAPDUs(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{`AT+UPSD=0,3,"upsdPw1"`, `AT+UPSD=0,3,"***"`},
		{`AT+UPSD=0,3`, `AT+UPSD=0,3`},
		{`+UPSD: 0,3,"upsdPw1"`, `+UPSD: 0,3,"***"`},
		{`AT+UPSD=0,1,"internet"`, `AT+UPSD=0,1,"internet"`},
		{`AT+UPSD=0,2,"user"`, `AT+UPSD=0,2,"user"`},
		{`AT+CSTT="em","user","csttPw1"`, `AT+CSTT="em","user","***"`},
		{`+CSTT: "em","user","csttPw1"`, `+CSTT: "em","user","***"`},
		{`AT+CSIM=26,"0020000108313233343536FFFF"`, `AT+CSIM=26,"***"`},
		{`AT+CSIM=42,"002C000110313233343536373831323334FFFFFFFF"`, `AT+CSIM=42,"***"`},
		{`AT+CSIM=10,"00A40004023F00"`, `AT+CSIM=10,"00A40004023F00"`},
		{`AT+CSIM=10,"A0A40000023F00"`, `AT+CSIM=10,"A0A40000023F00"`},
	} {
		if got := Command(tt.in); got != tt.want {
			t.Errorf("Command(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The passwords of the modules' own MQTT, FTP and bearer clients are
// masked: Quectel AT+QMTCONN and AT+QFTPCFG="account", u-blox
// AT+UMQTT=4, SIMCom AT+SAPBR=3,<cid>,"PWD".
func TestCommandMasksModuleClientPasswords(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{`AT+QMTCONN=0,"client","user","qmtPw1"`, `AT+QMTCONN=0,"client","user","***"`},
		{`AT+QMTCONN=0,"client"`, `AT+QMTCONN=0,"client"`},
		{`AT+QFTPCFG="account","user","ftpPw1"`, `AT+QFTPCFG="account","user","***"`},
		{`+QFTPCFG: "account","user","ftpPw1"`, `+QFTPCFG: "account","user","***"`},
		{`AT+QFTPCFG="contextid",1`, `AT+QFTPCFG="contextid",1`},
		{`AT+UMQTT=4,"user","umqttPw1"`, `AT+UMQTT=4,"user","***"`},
		{`AT+UMQTT=2,"broker.example",1883`, `AT+UMQTT=2,"broker.example",1883`},
		{`AT+SAPBR=3,1,"PWD","sapbrPw1"`, `AT+SAPBR=3,1,"PWD","***"`},
		{`AT+SAPBR=3,1,"APN","internet"`, `AT+SAPBR=3,1,"APN","internet"`},
	} {
		if got := Command(tt.in); got != tt.want {
			t.Errorf("Command(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A secret in a URL's query (?access_token=, &api_key=) is masked up to
// the end of its parameter: the rest of the URL and the error that quotes
// it stay readable.
func TestCommandMasksURLQuerySecrets(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{`Post "https://h/in?access_token=abc123&b=1": dial tcp 127.0.0.1:1: connect: connection refused`,
			`Post "https://h/in?access_token=***&b=1": dial tcp 127.0.0.1:1: connect: connection refused`},
		{`https://h/in?a=1&api_key=k3y#frag`, `https://h/in?a=1&api_key=***#frag`},
		{`https://h/in?token=t0k t1`, `https://h/in?token=*** t1`},
		{`https://h/in?q=pwd`, `https://h/in?q=pwd`},
		{`apn=em;pwd=p w;x`, `apn=em;pwd=***;x`},
	} {
		if got := Command(tt.in); got != tt.want {
			t.Errorf("Command(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Modules that show the PDP password in the read response of AT+CGAUTH?
// or AT+UAUTH? have it masked there too (remote AT allows queries).
func TestCommandMasksAuthReadResponses(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{`+CGAUTH: 1,1,"user","cgPw1"`, `+CGAUTH: 1,1,"user","***"`},
		{`+CGAUTH: 1,1,"user"`, `+CGAUTH: 1,1,"user"`},
		{`+UAUTH: 1,1,"user","uaPw1"`, `+UAUTH: 1,1,"user","***"`},
	} {
		if got := Command(tt.in); got != tt.want {
			t.Errorf("Command(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
