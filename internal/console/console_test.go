package console

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/redact"
)

const alice = "+491701234567"

func TestAuthentication(t *testing.T) {
	tests := []struct {
		name      string
		allowed   []string
		text      string
		send      bool
		reply     string // prefix
		accepted  bool
		command   string
		wantCalls []string
	}{
		{"right password", nil, testPassword + " status", true, "op:", true, "status", []string{"Status"}},
		{"surrounding spaces", nil, "  " + testPassword + "   STATUS  ", true, "op:", true, "STATUS", []string{"Status"}},
		{"password only is help", nil, testPassword, true, "<password> then:", true, "", nil},
		{"wrong password, open console: silent", nil, "wrong-pass status", false, "", false, "status", nil},
		{"wrong password, allowlisted: told", []string{alice}, "wrong-pass status", true, "wrong password", false, "status", nil},
		{"missing password, allowlisted", []string{alice}, "factory", true, "missing password", false, "factory", nil},
		{"missing password, open console", nil, "status", false, "", false, "status", nil},
		{"missing password, two words", []string{alice}, "get modem.apn", true, "missing password", false, "get modem.apn", nil},
		{"missing password, apn form", []string{alice}, "apn=em;pwd=Hidden99", true, "missing password", false, "apn=em;pwd=***", nil},
		{"case of password matters", nil, strings.ToLower(testPassword) + " status", false, "", false, "status", nil},
		{"password prefix is wrong", nil, testPassword[:5] + " status", false, "", false, "status", nil},
		{"lone wrong word is not logged", []string{alice}, "Adm1n-Secrex", true, "wrong password", false, "", nil},
		{"empty message", []string{alice}, "", true, "wrong password", false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, Config{Allowed: tt.allowed})
			res := r.send(alice, tt.text)
			if res.Send != tt.send || !strings.HasPrefix(res.Reply, tt.reply) {
				t.Errorf("got %+v, want send=%v reply prefix %q", res, tt.send, tt.reply)
			}
			if !tt.send && res.Reply != "" {
				t.Errorf("silent result carries reply %q", res.Reply)
			}
			e := r.last(t)
			if e.Accepted != tt.accepted || e.Command != tt.command || e.From != alice {
				t.Errorf("audit %+v, want accepted=%v command %q", e, tt.accepted, tt.command)
			}
			if len(r.audit) != 1 {
				t.Errorf("%d audit entries, want 1", len(r.audit))
			}
			if got := r.b.Calls(); !slices.Equal(got, tt.wantCalls) {
				t.Errorf("calls %q, want %q", got, tt.wantCalls)
			}
			r.noSecrets(t, testPassword)
		})
	}
}

func TestDisabledWithoutPassword(t *testing.T) {
	var audit []AuditEntry
	c := New(Config{Audit: func(e AuditEntry) { audit = append(audit, e) }}, newFake())
	for _, text := range []string{" status", "status", ""} {
		if res := c.Handle(context.Background(), Request{From: alice, Text: text}); res.Send {
			t.Errorf("%q: console without password replied %+v", text, res)
		}
	}
	if len(audit) != 3 || audit[0].Accepted || !strings.Contains(audit[0].Result, "disabled") {
		t.Errorf("audit %+v", audit)
	}
}

func TestSetPassword(t *testing.T) {
	r := newRig(t, Config{})
	r.c.SetPassword("N3w-Passw0rd")
	if res := r.send(alice, testPassword+" status"); res.Send {
		t.Errorf("old password still accepted: %+v", res)
	}
	if res := r.send(alice, "N3w-Passw0rd status"); !res.Send || !strings.HasPrefix(res.Reply, "op:") {
		t.Errorf("new password refused: %+v", res)
	}
	r.noSecrets(t, testPassword, "N3w-Passw0rd")
}

func TestAllowlist(t *testing.T) {
	allowed := []string{"+49 170 1234567", "0049 171 7654321", "0172-1112223", "+1 (202) 555-0123"}
	tests := []struct {
		from string
		ok   bool
	}{
		{"+491701234567", true},
		{"00491701234567", true},
		{"01701234567", true},
		{"491701234567", true}, // international without '+'
		{"+491717654321", true},
		{"01717654321", true},
		{"+491721112223", true},
		{"0172 111 2223", true},
		{"+12025550123", true},
		{"0012025550123", true},
		{"+491701234568", false},
		{"+4917012345", false},
		{"1701234567", false}, // not E.164 of anyone listed
		{"Vodafone", false},
		{"", false},
		{"+", false},
		{"12345", false}, // short code
		{"+49170123456701234567", false},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			r := newRig(t, Config{Allowed: allowed, DefaultCountry: "49"})
			res := r.send(tt.from, testPassword+" status")
			if res.Send != tt.ok {
				t.Errorf("from %q: send=%v, want %v (%q)", tt.from, res.Send, tt.ok, res.Reply)
			}
			e := r.last(t)
			if e.Accepted != tt.ok {
				t.Errorf("audit %+v", e)
			}
			if !tt.ok && (e.Result != "sender not allowed" || len(r.b.Calls()) != 0) {
				t.Errorf("unknown sender: audit %+v, calls %q", e, r.b.Calls())
			}
			r.noSecrets(t, testPassword)
		})
	}
}

func TestLockout(t *testing.T) {
	r := newRig(t, Config{Allowed: []string{alice, "+491709999999"}, MaxFailures: 3, Lockout: time.Hour})
	bad := func(from string) Result { return r.send(from, "guess status") }
	good := func(from string) Result { return r.send(from, testPassword+" status") }

	// Two failures, a success resets the count.
	bad(alice)
	bad(alice)
	if res := good(alice); !res.Send || !strings.HasPrefix(res.Reply, "op:") {
		t.Fatalf("good password refused after 2 failures: %+v", res)
	}
	// Three in a row lock out; the third is answered with the lockout.
	bad(alice)
	bad(alice)
	if res := bad(alice); !strings.Contains(res.Reply, "locked out for 1h0m0s") {
		t.Errorf("third failure reply %q", res.Reply)
	}
	// Locked: even the right password gets no reply and runs nothing.
	calls := len(r.b.Calls())
	r.clock.Advance(59 * time.Minute)
	if res := good(alice); res.Send {
		t.Errorf("locked sender answered: %+v", res)
	}
	if e := r.last(t); e.Accepted || e.Result != "sender locked out" || e.Command != "status" {
		t.Errorf("locked audit %+v", e)
	}
	if len(r.b.Calls()) != calls {
		t.Errorf("locked sender ran a command: %q", r.b.Calls())
	}
	// Another sender is not affected.
	if res := good("+491709999999"); !res.Send {
		t.Errorf("other sender locked too: %+v", res)
	}
	// After the lockout the sender is back, with a fresh count.
	r.clock.Advance(time.Minute)
	if res := good(alice); !res.Send || !strings.HasPrefix(res.Reply, "op:") {
		t.Errorf("good password refused after lockout expired: %+v", res)
	}
	bad(alice)
	bad(alice)
	if res := good(alice); !res.Send {
		t.Errorf("count not reset by expiry: %+v", res)
	}
	// Failures spread over more than the lockout period never lock.
	for range 5 {
		bad(alice)
		bad(alice)
		r.clock.Advance(time.Hour)
	}
	if res := good(alice); !res.Send {
		t.Errorf("spread failures locked the sender: %+v", res)
	}
	r.noSecrets(t, testPassword)
}

func TestLockoutSameNumberAnyForm(t *testing.T) {
	r := newRig(t, Config{DefaultCountry: "49", MaxFailures: 2})
	r.send("+491701234567", "x status")
	r.send("01701234567", "x status")
	if res := r.send("00491701234567", testPassword+" status"); res.Send {
		t.Errorf("lockout escaped by writing the number differently: %+v", res)
	}
}

func TestLockoutTableBounded(t *testing.T) {
	r := newRig(t, Config{})
	for i := range 3 * maxSenders {
		r.send("+4917000"+strconv.Itoa(100000+i), "x status")
	}
	if n := len(r.c.senders); n > maxSenders {
		t.Errorf("failure table holds %d senders, want <= %d", n, maxSenders)
	}
}

func TestCommands(t *testing.T) {
	dbm := -71.4
	tests := []struct {
		name     string
		cmd      string
		setup    func(*fakeBackend)
		reply    string
		accepted bool
		calls    []string
		after    bool
		audit    string // Command as audited; "" means cmd
	}{
		{"help", "help", nil, helpText, true, nil, false, ""},
		{"HELP upper", "HELP", nil, helpText, true, nil, false, ""},
		{"status", "status", func(b *fakeBackend) {
			b.status = Status{Operator: "Telekom.de", Registration: "home", IP: "10.1.2.3", SignalBars: 4, SignalDBm: &dbm, Uptime: 76*time.Hour + 12*time.Minute, Backlog: 12}
		}, "op:Telekom.de reg:home sig:4/5 -71dBm ip:10.1.2.3 up:3d4h spool:12", true, []string{"Status"}, false, ""},
		{"status unknown fields", "Status", nil, "op:- reg:- sig:0/5 ip:- up:0s spool:0", true, []string{"Status"}, false, ""},
		{"status with argument", "status now", nil, "refused: status takes no arguments", false, nil, false, ""},
		{"connect", "connect", nil, "connected", true, []string{"Connect"}, false, ""},
		{"connect fails", "CONNECT", func(b *fakeBackend) { b.connErr = errBoom }, "connect failed: boom", true, []string{"Connect"}, false, ""},
		{"factory", "factory", nil, "factory settings restored", true, []string{"Factory"}, false, ""},
		{"reboot replies first", "reboot", nil, "rebooting", true, nil, true, ""},
		{"get", "get modem.apn", nil, "modem.apn=internet", true, []string{"Get modem.apn"}, false, ""},
		{"get upper key", "GET Modem.APN", nil, "modem.apn=internet", true, []string{"Get modem.apn"}, false, ""},
		{"get secret masked", "get modem.password", func(b *fakeBackend) { b.values["modem.password"] = "leaky" },
			"modem.password=***", true, []string{"Get modem.password"}, false, ""},
		{"get unknown", "get nope", nil, "error: nope: unknown key", true, []string{"Get nope"}, false, ""},
		{"get missing key", "get", nil, "refused: missing key", false, nil, false, ""},
		{"get bad key", "get modem.apn;reboot", nil, `refused: bad character ";" in key`, false, nil, false, ""},
		{"set one", "set modem.apn=iot.1nce.net", nil, "set modem.apn", true, []string{"Set modem.apn=iot.1nce.net"}, false, ""},
		{"set many", "set modem.roaming=true; modem.operator=26201;", nil, "set modem.operator,modem.roaming", true,
			[]string{"Set modem.operator=26201;modem.roaming=true"}, false, ""},
		{"set secret", "set modem.pin=8642;modem.password=TopSecret9", nil, "set modem.password,modem.pin", true,
			[]string{"Set modem.password=TopSecret9;modem.pin=8642"}, false, "set modem.pin=***;modem.password=***"},
		{"set refused by backend", "set modem.roaming=true", func(b *fakeBackend) {
			b.setErr = &SettingError{"modem.roaming", "cannot be changed now"}
		}, "refused: modem.roaming: cannot be changed now", false, []string{"Set modem.roaming=true"}, false, ""},
		{"set refused by the rules", "set modem.roaming=maybe", nil, "refused: modem.roaming: must be true or false", false, nil, false, ""},
		{"set nothing", "set", nil, "refused: nothing to set", false, nil, false, ""},
		{"set no equals", "set modem.apn", nil, "refused: field 1: missing '='", false, nil, false, ""},
		{"set twice", "set modem.apn=a;modem.apn=b", nil, "refused: modem.apn: given twice", false, nil, false, ""},
		{"set empty field", "set modem.apn=a;;modem.user=b", nil, "refused: field 2: missing '='", false, nil, false, ""},
		{"apn form", "apn=internet.t-mobile;usr=t-mobile;pwd=tm;", nil, "apn set; connected", true,
			[]string{"Set modem.apn=internet.t-mobile;modem.password=tm;modem.user=t-mobile", "Connect"}, false,
			"apn=internet.t-mobile;usr=t-mobile;pwd=***;"},
		{"apn only, no trailing ;", "APN=em", nil, "apn set; connected", true, []string{"Set modem.apn=em", "Connect"}, false, ""},
		{"apn form any order", "pwd=x1;apn=em", nil, "apn set; connected", true,
			[]string{"Set modem.apn=em;modem.password=x1", "Connect"}, false, "pwd=***;apn=em"},
		{"apn form connect fails", "apn=em;", func(b *fakeBackend) { b.connErr = errBoom }, "apn set; connect failed: boom", true,
			[]string{"Set modem.apn=em", "Connect"}, false, ""},
		{"apn form set fails: no connect", "apn=em;", func(b *fakeBackend) { b.setErr = &SettingError{"modem.apn", "bad"} },
			"refused: modem.apn: bad", false, []string{"Set modem.apn=em"}, false, ""},
		{"apn form unknown key", "apn=em;ftp=x", nil, `refused: field 2: unknown key "ftp" (apn, usr, pwd)`, false, nil, false, ""},
		{"at", "at AT+CSQ", func(b *fakeBackend) { b.atResp = "+CSQ: 20,99\r\n\r\nOK\r\n" }, "+CSQ: 20,99 OK", true, []string{"AT AT+CSQ"}, false, ""},
		{"at quoted", `AT at+cops=1,2,"26201"`, nil, "OK", true, []string{`AT at+cops=1,2,"26201"`}, false, ""},
		{"at policy refusal", "at AT+CFUN=0", func(b *fakeBackend) { b.atErr = errBoom }, "at failed: boom", true, []string{"AT AT+CFUN=0"}, false, ""},
		{"at pin redacted in audit", "at AT+CPIN=8642", nil, "OK", true, []string{"AT AT+CPIN=8642"}, false, "at AT+CPIN=***"},
		{"unknown", "frobnicate now", nil, `unknown command "frobnicate"; send "<password> help"`, false, nil, false, ""},
		{"emnify Teltonika form", "setparam 2001:em", nil, `unknown command "setparam"; send "<password> help"`, false, nil, false, ""},
		{"emnify Ruptela form", "setconnection em", nil, `unknown command "setconnection"; send "<password> help"`, false, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, Config{})
			if tt.setup != nil {
				tt.setup(r.b)
			}
			res := r.send(alice, testPassword+" "+tt.cmd)
			if !res.Send || res.Reply != tt.reply {
				t.Errorf("reply %q (send=%v), want %q", res.Reply, res.Send, tt.reply)
			}
			if got := r.b.Calls(); !slices.Equal(got, tt.calls) {
				t.Errorf("calls %q, want %q", got, tt.calls)
			}
			if (res.After != nil) != tt.after {
				t.Errorf("After set = %v, want %v", res.After != nil, tt.after)
			}
			e := r.last(t)
			want := tt.audit
			if want == "" {
				want = tt.cmd
			}
			if e.Accepted != tt.accepted || e.Command != want || e.Result != redact.Command(tt.reply) {
				t.Errorf("audit %+v, want accepted=%v command %q result %q", e, tt.accepted, want, tt.reply)
			}
			r.noSecrets(t, testPassword, "TopSecret9", "=tm;", "=x1", "8642")
		})
	}
}

func TestRebootAfterReply(t *testing.T) {
	r := newRig(t, Config{})
	res := r.send(alice, testPassword+" reboot")
	if res.Reply != "rebooting" || res.After == nil {
		t.Fatalf("got %+v", res)
	}
	if len(r.b.Calls()) != 0 {
		t.Fatalf("rebooted before the reply was sent: %q", r.b.Calls())
	}
	if err := res.After(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := r.b.Calls(); !slices.Equal(got, []string{"Reboot"}) {
		t.Errorf("calls %q", got)
	}
}

func TestInjection(t *testing.T) {
	long := strings.Repeat("a", maxValue+1)
	tests := []struct {
		name, cmd, reply string
	}{
		{"semicolon in get key", "get modem.apn;factory", `refused: bad character ";" in key`},
		{"quote in apn", `apn=em",1,"x`, "refused: modem.apn: quote in value"},
		{"single quote in user", "usr=o'brien", "refused: modem.user: quote in value"},
		{"backtick", "set modem.user=`id`", "refused: modem.user: quote in value"},
		{"backslash before quote", `set modem.password=a\"b`, "refused: modem.password: backslash in value"},
		{"bare backslash", `set modem.password=a\b`, "refused: modem.password: backslash in value"},
		{"CR in value", "apn=em\r\nAT+CFUN=0", "refused: line break in command"},
		{"LF in command", "status\nreboot", "refused: line break in command"},
		{"NUL", "set modem.apn=em\x00x", "refused: NUL character in command"},
		{"bell", "set modem.apn=em\x07", "refused: control character 0x07 in command"},
		{"escape", "at AT\x1b", "refused: control character 0x1B in command"},
		{"C1 control", "set modem.apn=e\u0085m", "refused: control character 0x85 in command"},
		{"DEL", "set modem.apn=em\x7f", "refused: control character 0x7F in command"},
		{"invalid UTF-8", "set modem.apn=em\xff", "refused: invalid UTF-8 in command"},
		{"non-ASCII value", "set modem.user=jürgen", "refused: modem.user: non-ASCII character in value"},
		{"overlong value", "apn=" + long, "refused: modem.apn: value too long (101 > 100 characters)"},
		{"overlong command", "set modem.user=" + strings.Repeat("b", maxCommand), "refused: command too long (495 > 480 characters)"},
		{"overlong key", "get " + strings.Repeat("k", maxKey+1), "refused: key too long"},
		{"key injection", `set modem.apn"=x`, `refused: field 1: bad character "\"" in key`},
		{"AT chaining", "at AT+CSQ;+CFUN=0", "refused: ';' in AT command (one command only)"},
		{"AT unbalanced quote", `at AT+COPS=1,2,"26201`, "refused: unbalanced quote in AT command"},
		{"AT not AT", "at +++", "refused: AT command must start with AT"},
		{"AT empty", "at", "refused: missing AT command"},
		{"AT non-ASCII", "at AT+X=ä", "refused: non-printable character in AT command"},
		{"AT backslash", `at AT+X="\1"`, "refused: backslash in AT command"},
		{"AT overlong", "at AT" + strings.Repeat("E", maxAT), "refused: AT command too long (130 > 128)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, Config{})
			res := r.send(alice, testPassword+" "+tt.cmd)
			if !res.Send || res.Reply != tt.reply {
				t.Errorf("reply %q, want %q", res.Reply, tt.reply)
			}
			if calls := r.b.Calls(); len(calls) != 0 {
				t.Errorf("backend called: %q", calls)
			}
			e := r.last(t)
			if e.Accepted || e.Result != tt.reply {
				t.Errorf("audit %+v", e)
			}
			for _, f := range []string{e.Command, e.Result, e.From} {
				if strings.ContainsAny(f, "\r\n\x00\x07\x1b\x7f") {
					t.Errorf("control character in audit field %q", f)
				}
			}
			r.noSecrets(t, testPassword)
		})
	}
}

func TestStatusReplyLimit(t *testing.T) {
	dbm := -113.0
	st := Status{
		Operator:     "A Very Long Operator Name That Goes On And On\r\nAND ON",
		Registration: "roaming (registered, visited network)",
		IP:           "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
		SignalBars:   9,
		SignalDBm:    &dbm,
		Uptime:       400 * 24 * time.Hour,
		Backlog:      math.MaxInt32,
	}
	full := FormatStatus(st)
	if strings.ContainsAny(full, "\r\n") || !strings.Contains(full, "sig:5/5 -113dBm") || !strings.Contains(full, "up:400d0h") {
		t.Errorf("FormatStatus = %q", full)
	}
	if len(full) <= 160 {
		t.Fatalf("test status not long enough: %d", len(full))
	}
	for _, limit := range []int{0, 160, 70, 3, 1} {
		r := newRig(t, Config{ReplyLimit: limit})
		r.b.status = st
		res := r.send(alice, testPassword+" status")
		switch {
		case limit == 0 && res.Reply != full:
			t.Errorf("no limit: %q, want %q", res.Reply, full)
		case limit > 0 && len([]rune(res.Reply)) != limit:
			t.Errorf("limit %d: %d characters: %q", limit, len([]rune(res.Reply)), res.Reply)
		case limit > 3 && !strings.HasSuffix(res.Reply, "..."):
			t.Errorf("limit %d: cut reply does not end in ...: %q", limit, res.Reply)
		}
	}
	// A typical status fits one SMS.
	dbm = -71
	typical := FormatStatus(Status{Operator: "Telekom.de", Registration: "home", IP: "100.64.12.34", SignalBars: 4, SignalDBm: &dbm, Uptime: 3 * time.Hour, Backlog: 1234})
	if len(typical) > 160 {
		t.Errorf("typical status %d characters: %q", len(typical), typical)
	}
}

func TestFormatUptime(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 59 * time.Second: "59s", 61 * time.Second: "1m1s", 2*time.Hour + 5*time.Minute: "2h5m",
		49 * time.Hour: "2d1h", -time.Second: "-",
	} {
		if got := formatUptime(d); got != want {
			t.Errorf("formatUptime(%v) = %q, want %q", d, got, want)
		}
	}
}

// The command strings of the WebdynSun / Titan manual
// (titan-an32-modbus-to-mqtt-ssl.txt), verbatim: "SMS for configuring the
// APN", "Send the word “connect” by SMS", "Send an SMS message containing the
// word “factory”". The manual sends them bare; here they follow the password.
func TestSeedCommands(t *testing.T) {
	tests := []struct {
		seed, reply, audit string
		calls              []string
	}{
		// The manual's placeholder apn_name is not an APN ('_', TS 23.003
		// 9.1): refused with the reason, nothing runs.
		{"apn=apn_name;usr=user_name;pwd=password;", "refused: modem.apn: only letters, digits, '-' and '.' allowed", "apn=apn_name;usr=user_name;pwd=***;", nil},
		{"apn=internet.t-mobile;usr=user_name;pwd=password;", "apn set; connected", "apn=internet.t-mobile;usr=user_name;pwd=***;",
			[]string{"Set modem.apn=internet.t-mobile;modem.password=password;modem.user=user_name", "Connect"}},
		{"connect", "connected", "connect", []string{"Connect"}},
		{"factory", "factory settings restored", "factory", []string{"Factory"}},
	}
	for _, tt := range tests {
		t.Run(tt.seed, func(t *testing.T) {
			r := newRig(t, Config{Allowed: []string{alice}})
			// Bare, as the manual sends it: refused, nothing runs.
			res := r.send(alice, tt.seed)
			if !strings.HasPrefix(res.Reply, "missing password") || len(r.b.Calls()) != 0 {
				t.Errorf("bare %q: %+v, calls %q", tt.seed, res, r.b.Calls())
			}
			if e := r.last(t); e.Accepted || e.Command != tt.audit {
				t.Errorf("bare audit %+v", e)
			}
			// With the password.
			res = r.send(alice, testPassword+" "+tt.seed)
			if res.Reply != tt.reply {
				t.Errorf("reply %q, want %q", res.Reply, tt.reply)
			}
			if got := r.b.Calls(); !slices.Equal(got, tt.calls) {
				t.Errorf("calls %q, want %q", got, tt.calls)
			}
			if e := r.last(t); e.Accepted != (tt.calls != nil) || e.Command != tt.audit {
				t.Errorf("audit %+v, want command %q", e, tt.audit)
			}
			for _, e := range r.audit {
				if strings.Contains(e.Command, "pwd=password") {
					t.Errorf("pwd= value in audit: %+v", e)
				}
			}
			r.noSecrets(t, testPassword)
		})
	}
}

func TestAuditRedaction(t *testing.T) {
	const apnSecret, pinSecret, newPassword = "Hunter2Secret", "4321", "Brand-N3w-Pass"
	msgs := []struct{ from, text string }{
		{alice, testPassword + " apn=em;usr=u;pwd=" + apnSecret + ";"},
		{alice, testPassword + " PWD=" + apnSecret},
		{alice, testPassword + " apn=em; pwd = " + apnSecret},
		{alice, testPassword + " set modem.password=" + apnSecret + ";modem.pin=" + pinSecret},
		{alice, testPassword + " set console.password=" + newPassword},
		{alice, testPassword + " at AT+CPIN=\"" + pinSecret + "\""},
		{alice, testPassword + " at AT+CPWD=\"SC\",\"" + pinSecret + "\",\"9999\""},
		{alice, testPassword + " frob " + testPassword},
		{alice, testPassword + " get " + testPassword},
		{alice, "wrong " + "apn=em;pwd=" + apnSecret},
		{alice, "pwd=" + apnSecret},
		{alice, testPassword},
		{alice, testPassword + "x"},
		{"+15550000000", testPassword + " pwd=" + apnSecret},
		{"+15550000000", "apn=x;pwd=" + apnSecret},
		{"+15550000000", "status " + testPassword},
		{testPassword, testPassword + " status"}, // alphanumeric sender
	}
	for _, allowed := range [][]string{nil, {alice}} {
		r := newRig(t, Config{Allowed: allowed, MaxFailures: 100})
		r.b.setErr = nil
		for _, m := range msgs {
			r.send(m.from, m.text)
		}
		if len(r.audit) != len(msgs) {
			t.Errorf("%d audit entries for %d requests", len(r.audit), len(msgs))
		}
		r.noSecrets(t, testPassword, apnSecret, newPassword, pinSecret)
	}
}

func TestNilAudit(t *testing.T) {
	c := New(Config{Password: testPassword}, newFake())
	if res := c.Handle(context.Background(), Request{From: alice, Text: testPassword + " connect"}); res.Reply != "connected" {
		t.Errorf("got %+v", res)
	}
}
