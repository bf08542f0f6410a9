package gateway

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every secret of a configured gateway — the SIM PIN, the APN password,
// the MQTT password, the HTTPS output's Authorization header and URL
// password, the SMS console password — and every secret sent to it — the
// pwd= of an SMS, a PIN in remote AT and in the console's "at" and "set" —
// stays out of the log at debug level, the events and every other MQTT
// message, the AT trace, the files on flash, the status API and the SMS
// replies. Only the configuration file and the settings file (mode 0600)
// hold them.
func TestSecretsStayOutOfLogsEventsTracesAndFiles(t *testing.T) {
	t.Parallel()
	const (
		pin        = "73190846"
		apnPw      = "apnPw-Zq81"
		mqttPw     = "mqttPw-Xk42"
		token      = "tokHdr-Wn93"
		urlPw      = "urlPw-Hd27"
		consolePw  = "conPw-Jm57"
		consoleTyp = "conPw-Jm75" // a mistyped console password
		smsPw      = "smsPw-Ty63"
		remotePIN  = "99887766"
		consolePIN = "55443322"
		typoPIN    = "12a4b6"
		wrongPIN   = "11223344"
	)
	r := newRig(t, rigOptions{pin: pin, debug: true, extra: consoleYAML(consolePw)})

	pair, err := r.ca.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := pair.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	// A server that refuses the first batch and quotes the credentials it
	// got, as some do.
	var (
		mu       sync.Mutex
		refusals = 1
	)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		io.Copy(io.Discard, req.Body)
		mu.Lock()
		defer mu.Unlock()
		if refusals > 0 {
			refusals--
			user, pass, _ := req.BasicAuth()
			http.Error(w, "not allowed: "+req.Header.Get("X-Api-Token")+" "+user+":"+pass, http.StatusForbidden)
		}
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: r.ca.Pool()}
	srv.StartTLS()
	defer srv.Close()
	url := strings.Replace(srv.URL, "https://", "https://ingest:"+urlPw+"@", 1)

	text := r.configText(r.opts)
	text = strings.Replace(text, "  apn: em\n", "  apn: em\n  user: gw\n  password: \""+apnPw+"\"\n  trace: at.trace\n", 1)
	text = strings.Replace(text, "    keep_alive: 5s\n", "    keep_alive: 5s\n    username: gw\n    password: \""+mqttPw+"\"\n", 1)
	text = strings.Replace(text, "outputs:\n", "outputs:\n  https:\n    url: "+url+"/ingest\n    ca: ca.crt\n    cert: client.crt\n    key: client.key\n    batch: 10\n    headers:\n      X-Api-Token: "+token+"\n", 1)
	if err := os.WriteFile(r.cfgPath, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r.start()
	imei := r.imei()
	r.eventually(20*time.Second, "the modem online", r.modemOnline)

	obs, seen := r.observer("+/ATR")
	if tok := obs.Publish(imei+"/AT", 1, false, `AT+CPIN="`+remotePIN+`"`); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("publish AT: %v", tok.Error())
	}
	select {
	case <-seen:
	case <-time.After(20 * time.Second):
		t.Fatal("no answer on ATR")
	}

	replies := map[string]string{}
	for _, cmd := range []string{
		"status",
		"get modem.pin",
		"get modem.password",
		"get console.password",
		"get outputs.mqtt.password",
		"set modem.pin=" + typoPIN,
		"set modem.pin=" + wrongPIN,
		"set modem.pin=" + pin,
		"modem.pin=" + typoPIN,
		"set console.password=" + smsPw + " x",
		`at AT+CPIN="` + consolePIN + `"`,
		`at AT+CLCK="SC",1,"` + consolePIN + `"`,
		"apn=em;usr=gw;pwd=" + smsPw + ";",
		// Worded apart from the first: the same text from the same sender
		// within the SMSC timestamp's second is the same message to the
		// console's journal.
		"GET modem.password",
	} {
		replies[cmd] = r.askWith(consolePw, cmd)
	}
	if _, err := r.modem.InjectSMS(technician, consoleTyp+" status"); err != nil {
		t.Fatal(err)
	}
	r.eventually(30*time.Second, "a batch refused over HTTPS", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return refusals == 0 && strings.Contains(tail(r.log, 1<<22), "server rejects batch")
	})
	ms := r.waitMessages(30*time.Second, "the console events", func(ms []message) bool {
		n := 0
		for _, e := range jsonRecords(t, ms, imei+"/events") {
			if e.Source == "sms" && value(e, "kind") == "console" {
				n++
			}
		}
		return n >= 15
	})
	statusJSON, metrics := r.get("/status"), r.get("/metrics")

	for cmd, want := range map[string]string{
		"set modem.pin=" + wrongPIN: "refused",
		"set modem.pin=" + pin:      "PIN verified",
		"get modem.pin":             "modem.pin=***",
		"get modem.password":        "modem.password=***",
		"GET modem.password":        "modem.password=***",
		"get console.password":      "console.password=***",
	} {
		if !strings.Contains(replies[cmd], want) {
			t.Errorf("the reply to %q is %q; want %q", cmd, replies[cmd], want)
		}
	}

	var gatewayLog strings.Builder
	for _, l := range strings.Split(tail(r.log, 1<<22), "\n") {
		if strings.Contains(l, " c=gateway") {
			gatewayLog.WriteString(l + "\n")
		}
	}
	trace, err := os.ReadFile(filepath.Join(r.dir, "at.trace"))
	if err != nil || len(trace) == 0 {
		t.Fatalf("no AT trace: %v", err)
	}
	if !strings.Contains(string(trace), "AT+CPIN=") {
		t.Errorf("the trace does not show the PIN being entered:\n%s", trace)
	}
	settings := filepath.Join(r.dir, "state", "settings.json")
	if st, err := os.Stat(settings); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("settings file: %v %v", st.Mode(), err)
	}

	for _, secret := range []string{pin, apnPw, mqttPw, token, urlPw, consolePw, consoleTyp, smsPw, remotePIN, consolePIN, typoPIN, wrongPIN} {
		if strings.Contains(gatewayLog.String(), secret) {
			t.Errorf("the log shows %q:\n%s", secret, grepLines(gatewayLog.String(), secret))
		}
		if strings.Contains(string(trace), secret) {
			t.Errorf("the AT trace shows %q:\n%s", secret, grepLines(string(trace), secret))
		}
		for _, m := range ms {
			if m.Topic != imei+"/AT" && strings.Contains(m.Payload, secret) {
				t.Errorf("%s carries %q: %s", m.Topic, secret, m.Payload)
			}
		}
		for cmd, reply := range replies {
			if strings.Contains(reply, secret) {
				t.Errorf("the reply to %q shows %q: %s", cmd, secret, reply)
			}
		}
		if strings.Contains(statusJSON, secret) {
			t.Errorf("/status shows %q", secret)
		}
		if strings.Contains(metrics, secret) {
			t.Errorf("/metrics shows %q", secret)
		}
		for _, f := range onDisk(t, r.dir, secret) {
			if f != r.cfgPath && f != settings {
				t.Errorf("%q is on flash in %s", secret, f)
			}
		}
	}
}

// grepLines gives the lines of s that contain secret.
func grepLines(s, secret string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, secret) {
			b.WriteString("  " + l + "\n")
		}
	}
	return b.String()
}
