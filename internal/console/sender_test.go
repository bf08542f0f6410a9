package console

import (
	"context"
	"testing"
	"time"
)

// senderBackend records whom the console says each AT command is from.
type senderBackend struct {
	*fakeBackend
	from chan string
}

func (b senderBackend) AT(ctx context.Context, cmd string) (string, error) {
	b.from <- SenderOf(ctx)
	return "OK", nil
}

// The backend learns who sent a command, in E.164 form, so that it can
// rate-limit per sender.
func TestBackendLearnsSender(t *testing.T) {
	t.Parallel()
	b := senderBackend{newFake(), make(chan string, 1)}
	c := New(Config{Password: testPassword, DefaultCountry: "49", Now: func() time.Time { return time.Unix(0, 0) }}, b)
	c.Handle(context.Background(), Request{From: "01701234567", Text: testPassword + " at AT+CSQ"})
	select {
	case got := <-b.from:
		if got != alice {
			t.Errorf("SenderOf = %q, want %q", got, alice)
		}
	default:
		t.Fatal("the backend's AT did not run")
	}
	if s := SenderOf(context.Background()); s != "" {
		t.Errorf("SenderOf outside a command = %q", s)
	}
}
