package atpolicy

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDefaultPolicy(t *testing.T) {
	var p Policy
	allowed := []string{"AT+CSQ", "at+csq", "AT+COPS?", "AT+CREG?", "ATI", "AT+CGSN", "AT^HCSQ?", "AT+COPS=?",
		"AT+CLCK=?", "AT+CFUN?", "AT+CSQ;+COPS?", "AT+CPIN?", `AT+QENG="servingcell"`, "AT+CEREG?"}
	for _, c := range allowed {
		if err := p.Check(c); err != nil {
			t.Errorf("%s refused: %v", c, err)
		}
	}
	refused := []string{`AT+CLCK="SC",1,"1234"`, `AT+CPWD="SC","1234","5678"`, `AT+CPIN="1234"`, "AT+CFUN=0",
		"AT+CFUN=4", "AT+CFUN=1,1", "AT+IPR=9600", "AT&F", "ATZ", `AT+CRSM=214,28539,0,0,12,"FFFFFFFFFFFFFFFFFFFFFFFF"`,
		"AT+QFUPDS", "AT+CGDCONT=1,\"IP\",\"x\"", "AT+CSQ;+CFUN=0", "ATD*99#", "hello", "AT+CSQ\r\nAT+CFUN=0", "AT+COPS=2"}
	for _, c := range refused {
		var re *RefusedError
		if err := p.Check(c); !errors.As(err, &re) || re.Reason == "" {
			t.Errorf("%q allowed: %v", c, err)
		}
	}
}

func TestExplicitAllowAndDeny(t *testing.T) {
	p := Policy{Allow: []string{"AT+CFUN=1,1", "AT+CGDCONT="}, Deny: []string{"AT+COPS=?"}}
	for _, c := range []string{"AT+CFUN=1,1", `AT+CGDCONT=1,"IP","em"`} {
		if err := p.Check(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
	if err := p.Check("AT+COPS=?"); err == nil {
		t.Error("denied scan allowed")
	}
	if err := p.Check("AT+CFUN=0"); err == nil {
		t.Error("radio off allowed")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := Limiter{N: 3, Per: time.Minute, Now: func() time.Time { return now }}
	for i := range 3 {
		if err := l.Allow("+491701234567"); err != nil {
			t.Fatalf("command %d: %v", i, err)
		}
	}
	if err := l.Allow("+491701234567"); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("4th command: %v", err)
	}
	if err := l.Allow("other"); err != nil {
		t.Errorf("another source limited: %v", err)
	}
	now = now.Add(time.Minute)
	if err := l.Allow("+491701234567"); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

// An allow prefix covers one command, not the commands that follow it on
// the line: allowing ATE0 does not allow ATE0V0.
func TestAllowPrefixCoversOneCommand(t *testing.T) {
	t.Parallel()
	p := Policy{Allow: []string{"ATE0", "AT+CFUN=1,1", "AT+CGDCONT="}}
	for _, c := range []string{"ATE0", "ATE0;+CSQ", "AT+CSQ;+CFUN=1,1", "ATE0+CFUN=1,1", `AT+CGDCONT=1,"IP","em";+CGDCONT?`} {
		if err := p.Check(c); err != nil {
			t.Errorf("%q refused: %v", c, err)
		}
	}
	for _, c := range []string{"ATE0V0", "ATE0Q1", "ATE0&F", "ATE0Z", "AT+CFUN=1,1;+CFUN=0", "ATE0S3=0", `AT+CGDCONT=1,"IP","em";+CLCK="SC",1,"1234"`} {
		if err := p.Check(c); err == nil {
			t.Errorf("%q allowed", c)
		}
	}
}

// The refusal goes into SMS replies and logs: the PIN it refused is masked.
func TestRefusedErrorMasksPIN(t *testing.T) {
	var p Policy
	err := p.Check(`AT+CPIN="8642"`)
	if err == nil || strings.Contains(err.Error(), "8642") || !strings.Contains(err.Error(), "***") {
		t.Errorf("error: %v", err)
	}
}
