package atparam

import (
	"errors"
	"strings"
	"testing"
)

func TestAPN(t *testing.T) {
	t.Parallel()
	good := []string{
		"em", "TM", "internet", "internet.t-mobile", "iot.1nce.net", "web.vodafone.de",
		"internet.telekom", "m2m.example-operator.com", "a1", "1nce",
		"internet.mnc001.mcc262.gprs", "iot.MNC262.Mcc001.GPRS",
		strings.Repeat("a", 62), strings.Repeat("a.", 30) + "b",
	}
	for _, v := range good {
		if p := APN(v); p != "" {
			t.Errorf("APN(%q) = %q, want valid", v, p)
		}
	}
	bad := map[string]string{
		"":                              "empty",
		"em\rAT+CFUN=0\rAT":             "only letters",
		"em\nx":                         "only letters",
		`em"`:                           "only letters",
		"em x":                          "only letters",
		"em;+CFUN=0":                    "only letters",
		"internet..t":                   "empty label",
		".internet":                     "empty label",
		"internet.":                     "empty label",
		"-em":                           "begin and end",
		"em-":                           "begin and end",
		"a.-b.c":                        "begin and end",
		"*":                             "only letters",
		"intérnet":                      "only letters",
		"rac1.example":                  `"rac"`,
		"LAC.example":                   `"lac"`,
		"sgsn":                          `"sgsn"`,
		"rnc-west":                      `"rnc"`,
		"internet.gprs":                 `".gprs"`,
		"internet.mnc01.mcc262.gprs":    `".gprs"`,
		strings.Repeat("a", 64):         "label longer",
		strings.Repeat("a", 63):         "network identifier too long",
		strings.Repeat("ab.", 33) + "c": "too long",
	}
	for v, want := range bad {
		if p := APN(v); !strings.Contains(p, want) {
			t.Errorf("APN(%q) = %q, want a problem with %q", v, p, want)
		}
	}
}

func TestAPNWithOnlyTheOperatorPartHasNoNetworkIdentifier(t *testing.T) {
	t.Parallel()
	if p := APN("mnc001.mcc262.gprs"); p == "" {
		// The labels before the operator part are the network identifier,
		// and there must be at least one (TS 23.003 9.1.1).
		t.Error(`APN("mnc001.mcc262.gprs") is valid, want a problem`)
	}
}

func TestPINPUKPLMNServiceCentre(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rule func(string) string
		name string
		good []string
		bad  []string
	}{
		{PIN, "PIN", []string{"1234", "0000", "12345678"}, []string{"", "123", "123456789", "12a4", "１２３４", "1234\r", " 1234"}},
		{PUK, "PUK", []string{"12345678"}, []string{"", "1234567", "123456789", "1234567a"}},
		{PLMN, "PLMN", []string{"26201", "310260"}, []string{"", "2620", "2620123", "26201\r", "262-01"}},
		{ServiceCentre, "SC", []string{"+491710760000", "01710760000", "+12345678901234567890"},
			[]string{"", "+", "+49 171", "+49171\rAT", `+49"`, "+123456789012345678901", "++49171"}},
		{Credential, "credential", []string{"", "user", "p@ss w'rd`!#$%&()*+,-./:;<=>?[]^_{|}~", strings.Repeat("x", MaxCredential)},
			[]string{"a\"b", "a\\b", "a\rb", "a\nb", "a\x00b", "a\x1bb", "a\x7fb", "pässword", strings.Repeat("x", MaxCredential+1)}},
	}
	for _, c := range cases {
		for _, v := range c.good {
			if p := c.rule(v); p != "" {
				t.Errorf("%s(%q) = %q, want valid", c.name, v, p)
			}
		}
		for _, v := range c.bad {
			if p := c.rule(v); p == "" {
				t.Errorf("%s(%q) is valid, want a problem", c.name, v)
			}
		}
	}
}

func TestProblemsNeverRepeatTheValue(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t\"value"
	for _, p := range []string{Credential(secret), PIN(secret), PUK(secret), APN(secret), PLMN(secret), ServiceCentre(secret)} {
		if strings.Contains(p, "s3cr3t") {
			t.Errorf("problem %q repeats the value", p)
		}
	}
}

func TestQuoteRefusesWhatCouldLeaveTheParameter(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"em\rAT+CFUN=0\rAT", "a\nb", `a"b`, `a\`, "a\x00", "a\x1a", "a\x1b", "a\x7f", "ä"} {
		q, err := Quote(v)
		var qe *QuoteError
		if !errors.As(err, &qe) || q != "" {
			t.Errorf("Quote(%q) = %q, %v; want a *QuoteError", v, q, err)
			continue
		}
		if strings.Contains(err.Error(), v) {
			t.Errorf("Quote(%q): error %q repeats the value", v, err)
		}
	}
	for v, want := range map[string]string{"": `""`, "internet.t-mobile": `"internet.t-mobile"`, "p@ss w'rd": `"p@ss w'rd"`} {
		if q, err := Quote(v); err != nil || q != want {
			t.Errorf("Quote(%q) = %q, %v; want %s", v, q, err, want)
		}
	}
}

func TestQuoteAllNamesTheRefusedParameter(t *testing.T) {
	t.Parallel()
	q, err := QuoteAll("em", "user", "pa\rss")
	if err == nil || q != nil || !strings.Contains(err.Error(), "parameter 3") {
		t.Fatalf("QuoteAll = %q, %v; want an error naming parameter 3", q, err)
	}
	q, err = QuoteAll("em", "")
	if err != nil || strings.Join(q, ",") != `"em",""` {
		t.Fatalf("QuoteAll = %q, %v", q, err)
	}
}

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"em", "em\rAT", `a"b`, "ä", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		q, err := Quote(v)
		if err != nil {
			return
		}
		inner := q[1 : len(q)-1]
		if inner != v || strings.ContainsAny(inner, "\"\\\r\n") {
			t.Fatalf("Quote(%q) = %q", v, q)
		}
		for i := 0; i < len(inner); i++ {
			if inner[i] < 0x20 || inner[i] > 0x7e {
				t.Fatalf("Quote(%q) = %q: byte 0x%02X", v, q, inner[i])
			}
		}
	})
}
