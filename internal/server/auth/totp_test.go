package auth

import (
	"net/url"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// rfcSecret is RFC 6238's SHA-1 test secret "12345678901234567890" in
// base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestNewTOTP(t *testing.T) {
	t.Parallel()
	secret, raw, err := NewTOTP("cellgate", "ops@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 { // 20 bytes in unpadded base32
		t.Fatalf("secret %q is not 20 bytes of base32", secret)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || q.Get("secret") != secret ||
		q.Get("issuer") != "cellgate" || q.Get("digits") != "6" || q.Get("period") != "30" {
		t.Fatalf("otpauth URL %q does not describe the secret", raw)
	}
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	code, err := totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	if !CheckTOTP(secret, code, now) {
		t.Fatalf("fresh secret's own code refused")
	}
	if _, _, err := NewTOTP("", "a"); err == nil {
		t.Error("NewTOTP without issuer succeeded")
	}
	if _, _, err := NewTOTP("cellgate", ""); err == nil {
		t.Error("NewTOTP without account succeeded")
	}
}

func TestCheckTOTP(t *testing.T) {
	t.Parallel()
	at := func(unix int64) time.Time { return time.Unix(unix, 0) }
	for _, tc := range []struct {
		name   string
		secret string
		code   string
		now    time.Time
		want   bool
	}{
		{"rfc 59", rfcSecret, "287082", at(59), true},
		{"rfc 1111111109", rfcSecret, "081804", at(1111111109), true},
		{"rfc 1234567890", rfcSecret, "005924", at(1234567890), true},
		{"with blanks", rfcSecret, " 081 804 ", at(1111111109), true},
		{"one step late", rfcSecret, "081804", at(1111111109 + 30), true},
		{"one step early", rfcSecret, "081804", at(1111111109 - 30), true},
		{"two steps late", rfcSecret, "081804", at(1111111109 + 60), false},
		{"two steps early", rfcSecret, "081804", at(1111111109 - 60), false},
		{"wrong code", rfcSecret, "081805", at(1111111109), false},
		{"eight digits", rfcSecret, "07081804", at(1111111109), false},
		{"five digits", rfcSecret, "08180", at(1111111109), false},
		{"empty code", rfcSecret, "", at(1111111109), false},
		{"letters", rfcSecret, "08180a", at(1111111109), false},
		{"empty secret", "", "081804", at(1111111109), false},
		{"bad secret", "!!!!", "081804", at(1111111109), false},
	} {
		if got := CheckTOTP(tc.secret, tc.code, tc.now); got != tc.want {
			t.Errorf("%s: CheckTOTP = %v; want %v", tc.name, got, tc.want)
		}
	}
}

func TestCheckTOTPOnce(t *testing.T) {
	t.Parallel()
	now := time.Unix(1111111109, 0)
	step := TOTPStep(now)
	if step != 1111111109/30 {
		t.Fatalf("TOTPStep = %d", step)
	}
	got, ok := MatchTOTP(rfcSecret, "081804", now.Add(30*time.Second))
	if !ok || got != step {
		t.Fatalf("MatchTOTP one step late = %d, %v; want %d, true", got, ok, step)
	}
	for _, tc := range []struct {
		name     string
		code     string
		now      time.Time
		last     int64
		wantStep int64
		want     bool
	}{
		{"first use", "081804", now, 0, step, true},
		{"replayed", "081804", now, step, 0, false},
		{"replayed next step", "081804", now.Add(30 * time.Second), step, 0, false},
		{"older than last", "081804", now, step + 1, 0, false},
		{"after an older code", "081804", now, step - 1, step, true},
		{"wrong code", "000000", now, 0, 0, false},
	} {
		s, ok := CheckTOTPOnce(rfcSecret, tc.code, tc.now, tc.last)
		if ok != tc.want || (ok && s != tc.wantStep) {
			t.Errorf("%s: CheckTOTPOnce = %d, %v; want %d, %v", tc.name, s, ok, tc.wantStep, tc.want)
		}
	}
}
