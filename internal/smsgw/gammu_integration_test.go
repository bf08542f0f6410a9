//go:build integration

package smsgw

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/testkit"
	testrig "github.com/cellgate/cellgate/internal/testkit/rig"
)

// Debian's gammu, an SMS client written by others, against the simulator:
// what gammu sends, our decoder reads; what our encoder builds, gammu lists.

func gammuPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("gammu")
	if err != nil {
		if os.Getenv("CELLGATE_REQUIRE_INTEGRATION") != "" {
			t.Fatal("gammu is not installed (apt-get install gammu)")
		}
		t.Skip("gammu is not installed")
	}
	return path
}

// gammuRig starts a registered simulator and writes a gammurc for its pty.
func gammuRig(t *testing.T) (*modem.Modem, string) {
	t.Helper()
	gammuPath(t)
	sim, link := testrig.StartModemSim(t, modem.Config{BootDelay: time.Millisecond, RegistrationDelay: 10 * time.Millisecond})
	testkit.Eventually(t, "registration", func() bool { return sim.Registration() == 1 })
	rc := filepath.Join(t.TempDir(), "gammurc")
	if err := os.WriteFile(rc, []byte("[gammu]\ndevice = "+link+"\nconnection = at\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return sim, rc
}

func gammu(t *testing.T, rc string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, gammuPath(t), append([]string{"-c", rc}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("gammu %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestGammuSMSSentDecodedByOurCodec(t *testing.T) {
	long := strings.Repeat("Long message from gammu, part of a test. ", 10)[:400]
	for _, c := range []struct {
		name, text string
		args       []string
		enc        sms.Encoding
		parts      int
	}{
		{"gsm7", "hello from gammu [€] @£$", nil, sms.GSM7, 1},
		{"ucs2", "Grüße 短消息", []string{"-unicode"}, sms.UCS2, 1},
		{"long", long, []string{"-len", "400"}, sms.GSM7, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			sim, rc := gammuRig(t)
			args := append([]string{"sendsms", "TEXT", "+491701234567"}, c.args...)
			out := gammu(t, rc, append(args, "-textutf8", c.text)...)
			if !strings.Contains(out, "OK, message reference=") {
				t.Errorf("gammu sendsms:\n%s", out)
			}
			sent := sim.Sent()
			if len(sent) != c.parts {
				t.Fatalf("%d parts sent, want %d", len(sent), c.parts)
			}
			type part struct {
				seq  int
				text string
			}
			var parts []part
			for _, s := range sent {
				v, err := sms.DecodeAny(s.PDU, true, false)
				if err != nil {
					t.Fatalf("our decoder: %v (% X)", err, s.PDU)
				}
				sub := v.(sms.Submit)
				if sub.Destination.Number != "+491701234567" || sub.DCS.Encoding() != c.enc {
					t.Errorf("decoded %+v", sub)
				}
				_, total, seq, ok := sub.UDH.Concat()
				if c.parts > 1 && (!ok || total != c.parts) {
					t.Errorf("UDH %v", sub.UDH)
				}
				parts = append(parts, part{seq, sub.Text})
			}
			sort.Slice(parts, func(i, j int) bool { return parts[i].seq < parts[j].seq })
			var got string
			for _, p := range parts {
				got += p.text
			}
			if got != c.text {
				t.Errorf("our decoder read %q, gammu sent %q", got, c.text)
			}
		})
	}
}

func TestGammuListsOurEncodedSMS(t *testing.T) {
	sim, rc := gammuRig(t)
	ts := time.Date(2024, 3, 9, 14, 30, 5, 0, time.FixedZone("", 3600))
	deliver := func(text string, enc sms.Encoding, udh sms.UDH) {
		t.Helper()
		d := sms.Deliver{
			SMSC:       sms.ParseAddress("+491710760000"),
			Originator: sms.ParseAddress("+491701234567"),
			DCS:        sms.NewDCS(enc, -1),
			Timestamp:  ts,
			UDH:        udh,
			Text:       text,
		}
		pdu, err := d.Encode(true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sim.InjectPDU(pdu); err != nil {
			t.Fatal(err)
		}
	}
	deliver("plain seven bit {text}", sms.GSM7, nil)
	deliver("Grüße 短消息", sms.UCS2, nil)
	long := strings.Repeat("0123456789", 20)
	parts, err := sms.SubmitParts(sms.ParseAddress("+491701234567"), long, sms.SplitOptions{Ref: 42}, sms.Submit{})
	if err != nil || len(parts) != 2 {
		t.Fatalf("split: %d parts, %v", len(parts), err)
	}
	for _, p := range parts {
		deliver(p.Text, sms.GSM7, p.UDH)
	}
	out := gammu(t, rc, "getallsms")
	for _, want := range []string{"+491701234567", "plain seven bit {text}", "Grüße 短消息", "4 SMS parts in 4 SMS sequences", "Concatenated (linked) message"} {
		if !strings.Contains(out, want) {
			t.Errorf("gammu getallsms lacks %q:\n%s", want, out)
		}
	}
	out = gammu(t, rc, "geteachsms")
	if !strings.Contains(out, long) {
		t.Errorf("gammu geteachsms did not join the 2-part message:\n%s", out)
	}
}
