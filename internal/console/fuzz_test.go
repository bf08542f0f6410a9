package console

import (
	"context"
	"strings"
	"testing"
	"time"
)

// fuzzPwdSecret is a pwd= value the fuzzer is seeded with; whenever a
// message carries it once, right after "pwd=", it must not reach the audit
// log.
const fuzzPwdSecret = "Zq7PwdSecret"

func FuzzHandle(f *testing.F) {
	for _, s := range []string{
		testPassword + " apn=apn_name;usr=user_name;pwd=password;",
		testPassword + " connect",
		testPassword + " factory",
		testPassword + " status",
		testPassword + " reboot",
		testPassword + " apn=em;pwd=" + fuzzPwdSecret + ";",
		testPassword + " set modem.password=" + fuzzPwdSecret + ";modem.pin=1234",
		testPassword + " get modem.password",
		testPassword + ` at AT+COPS=1,2,"26201"`,
		testPassword + " at AT+CSQ;+CFUN=0",
		testPassword + " set modem.apn=em\r\nAT+CFUN=0",
		"wrong apn=em;pwd=" + fuzzPwdSecret,
		"pwd=" + fuzzPwdSecret,
		testPassword,
		"",
		"\x00\xff;;==",
	} {
		f.Add("+491701234567", s)
		f.Add("0171 7654321", s)
	}
	f.Fuzz(func(t *testing.T, from, text string) {
		var audit []AuditEntry
		b := newFake()
		b.status = Status{Operator: text, IP: from}
		b.atResp = text
		now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		for _, allowed := range [][]string{nil, {"+491717654321"}} {
			c := New(Config{
				Password: testPassword, Allowed: allowed, DefaultCountry: "49", ReplyLimit: 160,
				Audit: func(e AuditEntry) { audit = append(audit, e) },
				Now:   func() time.Time { return now },
			}, b)
			res := c.Handle(context.Background(), Request{From: from, Text: text})
			if !res.Send && (res.Reply != "" || res.After != nil) {
				t.Fatalf("silent result %+v", res)
			}
			if len([]rune(res.Reply)) > 160 {
				t.Fatalf("reply over the limit: %q", res.Reply)
			}
		}
		if len(audit) != 2 {
			t.Fatalf("%d audit entries for 2 requests", len(audit))
		}
		lower, secret := strings.ToLower(text), strings.ToLower(fuzzPwdSecret)
		secretPwd := strings.Contains(lower, "pwd="+secret) && strings.Count(lower, secret) == 1
		for _, e := range audit {
			all := e.From + "\x00" + e.Command + "\x00" + e.Result
			if strings.Contains(all, testPassword) {
				t.Fatalf("password in audit entry %+v", e)
			}
			if secretPwd && strings.Contains(strings.ToLower(all), strings.ToLower(fuzzPwdSecret)) {
				t.Fatalf("pwd= value in audit entry %+v", e)
			}
			if strings.ContainsAny(all[0:len(e.From)]+e.Command+e.Result, "\r\n\x00") {
				t.Fatalf("control character in audit entry %+v", e)
			}
			if n := len([]rune(e.Command)); n > maxAuditField+3 {
				t.Fatalf("audit command %d runes", n)
			}
		}
	})
}
