package at

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/testkit"
)

// A trace of receiving and sending a console message shows neither its
// text nor the hexadecimal of its user data, in PDU mode or in text mode,
// read (+CMGR, +CMGL), shown at once (+CMT) or sent (AT+CMGS): decoding it
// would give the console password and the pwd= value.
func TestTraceRedactsSMSText(t *testing.T) {
	t.Parallel()
	const text = "secret123 set apn=x;pwd=y"
	var buf testkit.Buffer
	trace := buf.String
	sim, e, _ := simEngine(t, modem.Config{}, Config{Trace: &buf})
	inject := func() int {
		t.Helper()
		var idx int
		testkit.EventuallyWithin(t, 5*time.Second, "the simulator takes the SMS", func() bool {
			var err error
			idx, err = sim.InjectSMS("+4917612345678", text)
			return err == nil
		})
		return idx
	}
	idx := inject()
	must(t, e, "AT+CMGF=0")
	must(t, e, fmt.Sprintf("AT+CMGR=%d", idx))
	must(t, e, "AT+CMGL=4")
	must(t, e, "AT+CMGF=1")
	must(t, e, fmt.Sprintf("AT+CMGR=%d", idx))
	must(t, e, `AT+CMGL="ALL"`)
	must(t, e, `AT+CMGS="+4917612345678"`, WithPayload([]byte(text)))
	must(t, e, "AT+CMGF=0")
	sub := sms.Submit{Destination: sms.ParseAddress("+4917612345678"), Text: text}
	pdu, err := sub.Encode(true)
	if err != nil {
		t.Fatal(err)
	}
	must(t, e, fmt.Sprintf("AT+CMGS=%d", sms.TPDULength(pdu, true)), WithPayload([]byte(strings.ToUpper(hex.EncodeToString(pdu)))))
	must(t, e, "AT+CNMI=2,2,0,0,0")
	inject()
	testkit.EventuallyWithin(t, 5*time.Second, "a +CMT in the trace", func() bool {
		return strings.Count(trace(), `< "+CMT:`) != 0 && !strings.HasSuffix(strings.TrimSpace(trace()), `+CMT: ,`)
	})
	must(t, e, "AT") // the +CMT's PDU line has been read before the answer

	septets, _ := sms.EncodeGSM7(text)
	ud := strings.ToUpper(hex.EncodeToString(sms.Pack7(septets, 0)))
	tr := trace()
	for _, leak := range []string{"secret123", "pwd=y", "apn=x", ud[:10], strings.ToLower(ud[:10])} {
		if strings.Contains(tr, leak) {
			t.Errorf("the trace shows %q:\n%s", leak, tr)
		}
	}
	if n := strings.Count(tr, "redacted"); n < 7 {
		t.Errorf("%d redacted message bodies, want 7 at least:\n%s", n, tr)
	}
}

// The tracer tells message bodies from other lines: several +CMGL entries,
// a status report in text mode (no body line), a payload the modem does
// not echo, and the lines after the final result are traced as they are.
func TestTraceBodyLines(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	tr := NewTracer(&buf)
	recv := func(lines ...string) {
		for _, l := range lines {
			tr.Received(Token{Kind: TokLine, Line: l})
		}
	}
	recv(`+CMGL: 1,"REC READ","+49176",,"26/03/01,12:00:00+04"`, "pw1 status", "second line of it",
		`+CMGL: 2,"REC READ","+49176",,"26/03/01,12:00:00+04"`, "pw2 status", "OK", "+CSQ: 20,99",
		"+CDS: 6,1,\"+49176\",145,\"26/03/01,12:00:00+04\",\"26/03/01,12:00:01+04\",0", "+CREG: 1")
	tr.Received(Token{Kind: TokPrompt, Line: "> "})
	tr.Sent([]byte("pw3 text\x1a"))
	recv("+CMGS: 7", "OK", "+CPIN: READY")
	got := buf.String()
	for _, leak := range []string{"pw1", "pw2", "pw3", "second line"} {
		if strings.Contains(got, leak) {
			t.Errorf("the trace shows %q:\n%s", leak, got)
		}
	}
	for _, kept := range []string{`+CMGL: 2,`, `"OK"`, `+CSQ: 20,99`, `+CDS: 6,1`, `+CREG: 1`, `+CMGS: 7`, `+CPIN: READY`} {
		if !strings.Contains(got, kept) {
			t.Errorf("the trace lacks %s:\n%s", kept, got)
		}
	}
}
