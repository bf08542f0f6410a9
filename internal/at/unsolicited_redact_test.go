package at

import (
	"context"
	"encoding/hex"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

// A +CMT that nobody handles is logged line by line at debug level; its PDU
// line is logged without the message, which holds the console password.
func TestUnhandledSMSLoggedWithoutText(t *testing.T) {
	t.Parallel()
	d := sms.Deliver{
		SMSC:       sms.ParseAddress("+491710760000"),
		Originator: sms.ParseAddress("+4917612345678"),
		Timestamp:  time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		Text:       "secret123 set apn=x;pwd=y",
	}
	pdu, err := d.Encode(true)
	if err != nil {
		t.Fatal(err)
	}
	septets, _ := sms.EncodeGSM7(d.Text)
	ud := strings.ToUpper(hex.EncodeToString(sms.Pack7(septets, 0)))
	lines := make(chan string, 64)
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n"})
	e := startEngine(t, f, Config{Logger: slog.New(slog.NewTextHandler(chanWriter(lines), &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if _, err := e.Command(context.Background(), "AT"); err != nil { // the port is open
		t.Fatal(err)
	}
	f.send("\r\n+CMT: ,42\r\n" + strings.ToUpper(hex.EncodeToString(pdu)) + "\r\n")
	var log string
	for n := 0; n < 2; {
		select {
		case l := <-lines:
			if strings.Contains(l, "unsolicited line") {
				log += l
				n++
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("the two lines of the +CMT were not logged; log:\n%s", log)
		}
	}
	if strings.Contains(log, ud[:10]) || !strings.Contains(log, "user data redacted") {
		t.Errorf("log:\n%s", log)
	}
}

// chanWriter hands every write to a channel, one log record each, and
// drops records when the channel is full rather than block the engine.
type chanWriter chan string

func (c chanWriter) Write(p []byte) (int, error) {
	select {
	case c <- string(p):
	default:
	}
	return len(p), nil
}
