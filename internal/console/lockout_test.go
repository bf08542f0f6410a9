package console

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

// spray sends guesses wrong passwords from each of senders distinct numbers
// and returns how many of them were checked against the password (the
// others were refused before).
func spray(r *rig, first, senders, guesses int) int {
	before := len(r.audits())
	for i := first; i < first+senders; i++ {
		from := "+4917100" + strconv.Itoa(100000+i)
		for range guesses {
			r.send(from, "guess"+strconv.Itoa(i)+" status")
		}
	}
	checked := 0
	for _, e := range r.audits()[before:] {
		if strings.HasPrefix(e.Result, "wrong password") {
			checked++
		}
	}
	return checked
}

func TestRegressionManySendersEscapeTheLockout(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	checked := spray(r, 0, 3000, 3)
	if checked > defaultGlobalFailures {
		t.Errorf("%d wrong passwords checked from 3,000 senders, want at most the global budget of %d", checked, defaultGlobalFailures)
	}
	if n := len(r.c.senders); n > maxSenders {
		t.Errorf("failure table holds %d senders, want <= %d", n, maxSenders)
	}
	// The console is locked for everyone: a new sender's good password
	// is refused silently, and runs nothing.
	if res := r.send("+491709876543", testPassword+" status"); res.Send || len(r.b.Calls()) != 0 {
		t.Errorf("good password accepted during the global lockout: %+v, calls %q", res, r.b.Calls())
	}
	if e := r.last(t); e.Accepted || !strings.HasPrefix(e.Result, "console locked") {
		t.Errorf("audit %+v", e)
	}
	r.noSecrets(t, testPassword)
}

func TestGlobalLockoutBacksOffAndExpires(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{GlobalFailures: 10, GlobalWindow: time.Hour, GlobalLockout: time.Minute, GlobalLockoutMax: 4 * time.Minute})
	good := func() Result { return r.send("+491709876543", testPassword+" status") }
	lockedFor := func() time.Duration {
		t.Helper()
		var d time.Duration
		for good().Send == false {
			r.clock.Advance(time.Second)
			d += time.Second
			if d > time.Hour {
				t.Fatal("never unlocked")
			}
		}
		return d
	}
	var got []time.Duration
	for i := range 4 {
		if n := spray(r, 4*i, 4, 3); n != 10 {
			t.Fatalf("%d wrong passwords checked before the global lockout, want 10", n)
		}
		got = append(got, lockedFor())
	}
	// The lockout doubles while the failures go on, up to its cap.
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 4 * time.Minute}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("global lockouts lasted %v, want %v", got, want)
		}
	}
	// After a quiet window the lockout starts small again.
	r.clock.Advance(time.Hour)
	spray(r, 16, 4, 3)
	if d := lockedFor(); d != time.Minute {
		t.Errorf("lockout after a quiet hour lasted %v, want 1m0s", d)
	}
}

func TestGlobalLockoutSparesAllowlistedSenders(t *testing.T) {
	t.Parallel()
	const owner, other = "+491701234567", "+491707654321"
	r := newRig(t, Config{Allowed: []string{owner, other}, GlobalFailures: 4})
	// Spoofed allowlisted numbers spend the global budget...
	for range 2 {
		r.send(other, "guess status")
		r.send(owner, "guess status")
	}
	// ...but the owner keeps the per-sender budget: one more try.
	if res := r.send(owner, testPassword+" status"); !res.Send || !strings.HasPrefix(res.Reply, "op:") {
		t.Errorf("allowlisted sender refused by the global budget: %+v", res)
	}
}

func TestLockoutTableKeepsLockedSendersBounded(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{MaxFailures: 1, GlobalFailures: 1 << 30})
	for i := range 2 * maxSenders {
		r.send("+4917000"+strconv.Itoa(100000+i), "x status")
		if n := len(r.c.senders); n > maxSenders {
			t.Fatalf("failure table holds %d senders after %d, want <= %d", n, i+1, maxSenders)
		}
	}
	// The newest lockouts are kept; the oldest were evicted.
	if res := r.send("+4917000"+strconv.Itoa(100000+2*maxSenders-1), testPassword+" status"); res.Send {
		t.Errorf("newest locked sender answered: %+v", res)
	}
}

// handle runs Serve over msgs until they are all served.
func handle(t *testing.T, r *rig, msgs ...sms.Message) {
	t.Helper()
	in := make(chan sms.Message, len(msgs))
	for _, m := range msgs {
		in <- m
	}
	close(in)
	send := func(_ context.Context, to, text string) error { r.b.record("Reply %s %s", to, text); return nil }
	if err := r.c.Serve(context.Background(), in, send); err != nil {
		t.Fatal(err)
	}
}

// received is msg as the SMS layer hands it on, from a DELIVER sent by from.
func received(from sms.Address, text string) sms.Message {
	m, _ := sms.NewReassembler(0, 0).Add(sms.Deliver{Originator: from, Text: text}, time.Now())
	return m
}

func TestRegressionAlphanumericSenderMatchesAllowlistedNumber(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{Allowed: []string{"+12345678"}})
	handle(t, r, received(sms.Address{Number: "12345678", TON: sms.TONAlphanumeric}, testPassword+" status"))
	if calls := r.b.Calls(); len(calls) != 0 {
		t.Fatalf("alphanumeric sender \"12345678\" taken for +12345678: %q", calls)
	}
	if e := r.last(t); e.Accepted || e.Result != "sender not allowed" {
		t.Errorf("audit %+v", e)
	}
	// The same digits as a number are allowed.
	handle(t, r, received(sms.Address{Number: "+12345678", TON: sms.TONInternational}, testPassword+" status"))
	if e := r.last(t); !e.Accepted {
		t.Errorf("international +12345678 refused: %+v", e)
	}
}

// TS 23.040 9.1.2.5: a national number (TON 2) carries no prefix or
// escape digits, so "1701234567" is +49 170 1234567 in Germany, not the
// North American +1 701 234567, and "491701234567" is not +49 170 1234567
// (sms.NormalizeAddress reads them).
func TestRegressionNationalSenderReadAsInternational(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{Allowed: []string{alice}, DefaultCountry: "49"})
	handle(t, r, received(sms.Address{Number: "491701234567", TON: sms.TONNational}, testPassword+" status"))
	if e := r.last(t); e.Accepted || e.Result != "sender not allowed" {
		t.Errorf("national 491701234567 taken for %s: %+v", alice, e)
	}
	handle(t, r, received(sms.Address{Number: "1701234567", TON: sms.TONNational}, testPassword+" status"))
	if e := r.last(t); !e.Accepted {
		t.Errorf("national 1701234567 refused: %+v", e)
	}
}

// GlobalFailures wrong passwords within any GlobalWindow lock the console:
// counting in fixed windows let twice the budget through across a window's
// end.
func TestRegressionGlobalBudgetDoubledAtWindowEdge(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{GlobalFailures: 10, GlobalWindow: time.Hour, GlobalLockout: time.Minute})
	checked := spray(r, 0, 1, 1)
	r.clock.Advance(59 * time.Minute)
	checked += spray(r, 1, 8, 1)
	r.clock.Advance(time.Minute)
	checked += spray(r, 9, 10, 1)
	// At 60 min the first failure is an hour old and no longer counts;
	// the 8 at 59 min and 2 more make the budget of 10 within an hour.
	if checked != 11 {
		t.Errorf("%d wrong passwords checked, want 11 (the first, then the budget of 10 within an hour)", checked)
	}
	if res := r.send("+491709876543", testPassword+" status"); res.Send {
		t.Errorf("console not locked after %d wrong passwords within two minutes: %+v", checked, res)
	}
}

// Spellings near the password are wrong passwords: they run nothing and
// count against the sender and the global budget.
func TestNearPasswordsAreWrong(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{MaxFailures: 1 << 20, GlobalFailures: 1 << 20})
	for _, text := range []string{
		strings.ToLower(testPassword) + " status", strings.ToUpper(testPassword) + " status",
		testPassword + "x status", testPassword[:len(testPassword)-1] + " status", "x" + testPassword + " status",
		testPassword + ";status", testPassword + ":status", "\u200b" + testPassword + " status",
		"Ａdm1n-Secret status", strings.Repeat(testPassword, 40) + " status", testPassword + "\u200b status",
		"status " + testPassword, " status",
	} {
		before := len(r.audits())
		if res := r.send(alice, text); res.Send || len(r.b.Calls()) != 0 {
			t.Errorf("%q: %+v, calls %q", text, res, r.b.Calls())
		}
		if a := r.audits(); len(a) != before+1 || a[before].Accepted || !strings.Contains(a[before].Result, "password") {
			t.Errorf("%q audited as %+v", text, a[before:])
		}
	}
	r.noSecrets(t, testPassword)
	// Blanks of other scripts still separate the password from the command.
	for _, sep := range []string{"\u00a0", "\u3000", "\n", "  "} {
		if res := r.send(alice, testPassword+sep+"status"); !res.Send || !strings.HasPrefix(res.Reply, "op:") {
			t.Errorf("password and status separated by %q: %+v", sep, res)
		}
	}
}
