package smsgw

import (
	"context"
	"encoding/hex"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/testkit"
)

// An undecodable message is logged without its user data: a console
// message with one octet too many would otherwise put the console password
// and its pwd= value in the log, stored or shown at once.
func TestUndecodableMessageLoggedWithoutText(t *testing.T) {
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
	bad := strings.ToUpper(hex.EncodeToString(append(pdu, 0x00))) // an octet after the user data
	septets, _ := sms.EncodeGSM7(d.Text)
	ud := strings.ToUpper(hex.EncodeToString(sms.Pack7(septets, 0)))

	r := newRig(t, Config{})
	var log testkit.Buffer
	r.s.log = slog.New(slog.NewTextHandler(&log, nil))
	r.s.stored(context.Background(), decodeStored(5, StatUnread, bad))
	r.s.direct(context.Background(), bad)
	got := log.String()
	if strings.Count(got, "level=WARN") != 2 {
		t.Fatalf("log %q", got)
	}
	if strings.Contains(got, ud[:10]) {
		t.Errorf("the log shows the user data: %q", got)
	}
}
