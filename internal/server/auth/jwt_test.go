package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cellgate/cellgate/internal/testkit"
)

var (
	testKey  = []byte("0123456789abcdef0123456789abcdef")
	otherKey = []byte("fedcba9876543210fedcba9876543210")
	t0       = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
)

func testClaims() Claims {
	return Claims{UserID: "u-17", OrgID: "o-3", Role: RoleOperator, TokenID: "jti-1"}
}

func TestSignerRoundTrip(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	for _, tc := range []struct {
		name string
		ttl  time.Duration
		want time.Duration
	}{
		{"default ttl", 0, DefaultTTL},
		{"five minutes", 5 * time.Minute, 5 * time.Minute},
	} {
		s := Signer{Key: testKey, TTL: tc.ttl, Clock: clock}
		tok, exp, err := s.Issue(testClaims())
		if err != nil {
			t.Fatalf("%s: Issue: %v", tc.name, err)
		}
		if !exp.Equal(t0.Add(tc.want)) {
			t.Fatalf("%s: expiry %v; want %v", tc.name, exp, t0.Add(tc.want))
		}
		got, err := s.Verify(tok)
		if err != nil {
			t.Fatalf("%s: Verify: %v", tc.name, err)
		}
		want := testClaims()
		want.IssuedAt, want.ExpiresAt = t0, exp
		if got.UserID != want.UserID || got.OrgID != want.OrgID || got.Role != want.Role ||
			got.TokenID != want.TokenID || !got.IssuedAt.Equal(want.IssuedAt) || !got.ExpiresAt.Equal(want.ExpiresAt) {
			t.Fatalf("%s: Verify = %+v; want %+v", tc.name, got, want)
		}
	}
}

func TestSignerExpiry(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := Signer{Key: testKey, TTL: time.Minute, Clock: clock}
	tok, _, err := s.Issue(testClaims())
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		advance time.Duration
		want    error
	}{
		{59 * time.Second, nil},
		{time.Second - time.Nanosecond, nil},
		{time.Nanosecond, ErrTokenExpired}, // on or after exp (RFC 7519)
		{time.Hour, ErrTokenExpired},
	}
	for _, st := range steps {
		clock.Advance(st.advance)
		if _, err := s.Verify(tok); !errors.Is(err, st.want) {
			t.Fatalf("at %v: Verify error %v; want %v", clock.Now().Sub(t0), err, st.want)
		}
		// Expired or not, another key's view is always invalid.
		other := Signer{Key: otherKey, Clock: clock}
		if _, err := other.Verify(tok); !errors.Is(err, ErrTokenInvalid) {
			t.Fatalf("at %v: other key's Verify error %v; want ErrTokenInvalid", clock.Now().Sub(t0), err)
		}
	}
}

func TestSignerGeneratesTokenID(t *testing.T) {
	t.Parallel()
	s := Signer{Key: testKey, Clock: testkit.NewClock(t0)}
	c := testClaims()
	c.TokenID = ""
	ids := map[string]bool{}
	for range 3 {
		tok, _, err := s.Issue(c)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Verify(tok)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.TokenID) != 32 || ids[got.TokenID] {
			t.Fatalf("generated token id %q is short or repeated", got.TokenID)
		}
		ids[got.TokenID] = true
	}
}

func TestSignerIssueRefuses(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	for _, tc := range []struct {
		name string
		s    Signer
		c    Claims
		want error
	}{
		{"short key", Signer{Key: testKey[:31], Clock: clock}, testClaims(), ErrKeyTooShort},
		{"no key", Signer{Clock: clock}, testClaims(), ErrKeyTooShort},
		{"no user", Signer{Key: testKey, Clock: clock}, Claims{Role: RoleAdmin}, nil},
		{"bad role", Signer{Key: testKey, Clock: clock}, Claims{UserID: "u", Role: "root"}, nil},
		{"no role", Signer{Key: testKey, Clock: clock}, Claims{UserID: "u"}, nil},
	} {
		tok, _, err := tc.s.Issue(tc.c)
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: Issue = %q, %v; want error %v", tc.name, tok, err, tc.want)
		}
	}
	if _, err := (Signer{Key: testKey[:31]}).Verify("a.b.c"); !errors.Is(err, ErrKeyTooShort) {
		t.Errorf("Verify with a short key: %v; want ErrKeyTooShort", err)
	}
}

// forge builds a token from a header and claims, signed by sign.
func forge(t testing.TB, header, claims map[string]any, sign func(string) string) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	in := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	return in + "." + sign(in)
}

func hs256(key []byte) func(string) string {
	return func(in string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(in))
		return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
}

func goodClaims() map[string]any {
	return map[string]any{
		"iss": Issuer, "sub": "u-1", "org": "o-1", "role": "admin", "jti": "j-1",
		"iat": t0.Unix(), "exp": t0.Add(time.Minute).Unix(),
	}
}

func with(m map[string]any, k string, v any) map[string]any {
	if v == nil {
		delete(m, k)
	} else {
		m[k] = v
	}
	return m
}

func TestSignerVerifyRefuses(t *testing.T) {
	t.Parallel()
	s := Signer{Key: testKey, Clock: testkit.NewClock(t0)}
	hs := map[string]any{"alg": "HS256", "typ": "JWT"}
	hs512tok, err := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims(goodClaims())).SignedString(testKey)
	if err != nil {
		t.Fatal(err)
	}
	good := forge(t, hs, goodClaims(), hs256(testKey))
	if _, err := s.Verify(good); err != nil {
		t.Fatalf("control token refused: %v", err)
	}
	parts := strings.Split(good, ".")
	for _, tc := range []struct{ name, tok string }{
		{"empty", ""},
		{"garbage", "not a token"},
		{"two parts", parts[0] + "." + parts[1]},
		{"no signature", parts[0] + "." + parts[1] + "."},
		{"alg none", forge(t, map[string]any{"alg": "none"}, goodClaims(), func(string) string { return "" })},
		{"alg None", forge(t, map[string]any{"alg": "None"}, goodClaims(), func(string) string { return "" })},
		{"alg none signed", forge(t, map[string]any{"alg": "none"}, goodClaims(), hs256(testKey))},
		{"HS512", hs512tok},
		{"RS256 header HMAC body", forge(t, map[string]any{"alg": "RS256"}, goodClaims(), hs256(testKey))},
		{"other key", forge(t, hs, goodClaims(), hs256(otherKey))},
		{"tampered role", parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(
			`{"iss":"cellgate-server","sub":"u-1","org":"o-1","role":"admin","jti":"j-2","iat":1772366400,"exp":1772366460}`)) + "." + parts[2]},
		{"other issuer", forge(t, hs, with(goodClaims(), "iss", "someone"), hs256(testKey))},
		{"no issuer", forge(t, hs, with(goodClaims(), "iss", nil), hs256(testKey))},
		{"no expiry", forge(t, hs, with(goodClaims(), "exp", nil), hs256(testKey))},
		{"no subject", forge(t, hs, with(goodClaims(), "sub", nil), hs256(testKey))},
		{"no token id", forge(t, hs, with(goodClaims(), "jti", nil), hs256(testKey))},
		{"no issued at", forge(t, hs, with(goodClaims(), "iat", nil), hs256(testKey))},
		{"unknown role", forge(t, hs, with(goodClaims(), "role", "root"), hs256(testKey))},
		{"issued in future", forge(t, hs, with(goodClaims(), "iat", t0.Add(time.Hour).Unix()), hs256(testKey))},
		{"not yet valid", forge(t, hs, with(goodClaims(), "nbf", t0.Add(time.Hour).Unix()), hs256(testKey))},
		{"expiry as string", forge(t, hs, with(goodClaims(), "exp", "soon"), hs256(testKey))},
	} {
		if c, err := s.Verify(tc.tok); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("%s: Verify = %+v, %v; want ErrTokenInvalid", tc.name, c, err)
		}
	}
}

// FuzzVerify checks Verify never panics and accepts only HS256 tokens
// whose signature is this key's HMAC.
func FuzzVerify(f *testing.F) {
	s := Signer{Key: testKey, Clock: testkit.NewClock(t0)}
	tok, _, err := s.Issue(testClaims())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tok)
	f.Add(forge(f, map[string]any{"alg": "none"}, goodClaims(), func(string) string { return "" }))
	f.Add(forge(f, map[string]any{"alg": "HS256"}, goodClaims(), hs256(otherKey)))
	f.Add(forge(f, map[string]any{"alg": "HS256", "typ": "JWT"}, goodClaims(), hs256(testKey)))
	f.Add("..")
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := s.Verify(tok)
		if err != nil {
			if !errors.Is(err, ErrTokenInvalid) && !errors.Is(err, ErrTokenExpired) {
				t.Fatalf("Verify error %v is neither invalid nor expired", err)
			}
			return
		}
		parts := strings.Split(tok, ".")
		if len(parts) != 3 {
			t.Fatalf("accepted %q without three parts", tok)
		}
		sig, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil {
			t.Fatalf("accepted %q with an undecodable signature", tok)
		}
		m := hmac.New(sha256.New, testKey)
		m.Write([]byte(parts[0] + "." + parts[1]))
		if !hmac.Equal(sig, m.Sum(nil)) {
			t.Fatalf("accepted %q not signed with the key", tok)
		}
		var h struct{ Alg string }
		hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
		if json.Unmarshal(hb, &h) != nil || h.Alg != "HS256" {
			t.Fatalf("accepted %q with header %q", tok, hb)
		}
		if c.UserID == "" || c.TokenID == "" || !c.Role.Valid() {
			t.Fatalf("accepted %q with incomplete claims %+v", tok, c)
		}
	})
}
