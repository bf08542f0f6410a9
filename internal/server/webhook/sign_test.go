package webhook

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSignVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	secret, body := []byte("s3cret"), []byte(`{"id":1}`)
	now := time.Unix(1_700_000_000, 0)
	h := Sign(secret, now.Unix(), body)
	if !strings.HasPrefix(h, "t=1700000000,v1=") || len(h) != len("t=1700000000,v1=")+64 {
		t.Fatalf("header %q is not t=<ts>,v1=<64 hex>", h)
	}
	if err := Verify(secret, h, body, now.Add(time.Minute), 0); err != nil {
		t.Fatalf("own signature: %v", err)
	}
}

// TestSignKnownAnswer pins the scheme a receiver implements:
// hex(HMAC-SHA256(secret, "<ts>.<body>")), here computed independently
// (printf 1.{} | openssl dgst -sha256 -hmac key).
const knownMAC = "1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224"

func TestSignKnownAnswer(t *testing.T) {
	t.Parallel()
	got := Sign([]byte("key"), 1, []byte("{}"))
	want := "t=1,v1=" + knownMAC
	if got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	secret, body := []byte("s3cret"), []byte(`{"id":1}`)
	now := time.Unix(1_700_000_000, 0)
	good := Sign(secret, now.Unix(), body)
	mac := good[strings.Index(good, "v1=")+3:]
	other := Sign([]byte("other"), now.Unix(), body)
	ts := strconv.FormatInt(now.Unix(), 10)
	tests := []struct {
		name   string
		secret []byte
		header string
		body   string
		now    time.Time
		want   error
	}{
		{"tampered body", secret, good, `{"id":2}`, now, ErrSignatureMismatch},
		{"wrong secret", []byte("guess"), good, string(body), now, ErrSignatureMismatch},
		{"tampered timestamp", secret, "t=" + strconv.FormatInt(now.Unix()+1, 10) + ",v1=" + mac, string(body), now, ErrSignatureMismatch},
		{"too old", secret, good, string(body), now.Add(6 * time.Minute), ErrStaleSignature},
		{"from the future", secret, good, string(body), now.Add(-6 * time.Minute), ErrStaleSignature},
		{"empty", secret, "", string(body), now, ErrBadSignatureHeader},
		{"no t", secret, "v1=" + mac, string(body), now, ErrBadSignatureHeader},
		{"no v1", secret, "t=" + ts, string(body), now, ErrBadSignatureHeader},
		{"two t", secret, "t=" + ts + ",t=" + ts + ",v1=" + mac, string(body), now, ErrBadSignatureHeader},
		{"short v1", secret, "t=" + ts + ",v1=abcd", string(body), now, ErrBadSignatureHeader},
		{"bad hex", secret, "t=" + ts + ",v1=" + strings.Repeat("zz", 32), string(body), now, ErrBadSignatureHeader},
		{"negative t", secret, "t=-1,v1=" + mac, string(body), now, ErrBadSignatureHeader},
		{"not key=value", secret, "t=" + ts + ",v1", string(body), now, ErrBadSignatureHeader},
		{"only another secret's v1", secret, other, string(body), now, ErrSignatureMismatch},
		{"huge", secret, good + strings.Repeat(",v0=x", 1000), string(body), now, ErrBadSignatureHeader},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Verify(tc.secret, tc.header, []byte(tc.body), tc.now, 0)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
			if err != nil && (strings.Contains(err.Error(), string(secret)) || strings.Contains(err.Error(), mac)) {
				t.Errorf("error %q reveals the secret or the expected MAC", err)
			}
		})
	}
}

func TestVerifyAccepts(t *testing.T) {
	t.Parallel()
	secret, body := []byte("s3cret"), []byte(`{"id":1}`)
	now := time.Unix(1_700_000_000, 0)
	good := Sign(secret, now.Unix(), body)
	mac := good[strings.Index(good, "v1=")+3:]
	ts := strconv.FormatInt(now.Unix(), 10)
	for name, h := range map[string]string{
		"rotation, second v1 matches": "t=" + ts + ",v1=" + strings.Repeat("00", 32) + ",v1=" + mac,
		"unknown scheme ignored":      "t=" + ts + ",v0=whatever,v1=" + mac,
		"spaces after commas":         "t=" + ts + ", v1=" + mac,
		"v1 before t":                 "v1=" + mac + ",t=" + ts,
	} {
		if err := Verify(secret, h, body, now, time.Minute); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := Verify(secret, good, body, now.Add(59*time.Second), time.Minute); err != nil {
		t.Errorf("within an explicit tolerance: %v", err)
	}
	if err := Verify(secret, good, body, now.Add(61*time.Second), time.Minute); !errors.Is(err, ErrStaleSignature) {
		t.Errorf("beyond an explicit tolerance: %v", err)
	}
}

func FuzzVerify(f *testing.F) {
	f.Add("t=1,v1="+knownMAC, []byte("{}"), int64(1))
	f.Add("t=1,v1=00,v1=", []byte(""), int64(0))
	f.Add(",,=,t==", []byte("x"), int64(-1))
	f.Fuzz(func(t *testing.T, header string, body []byte, ts int64) {
		now := time.Unix(1_700_000_000, 0)
		_ = Verify([]byte("key"), header, body, now, 0) // must not panic
		if ts < 0 {
			ts = -ts
		}
		if ts < 0 { // MinInt64
			ts = 0
		}
		h := Sign([]byte("key"), ts, body)
		err := Verify([]byte("key"), h, body, time.Unix(ts, 0), time.Second)
		if err != nil {
			t.Fatalf("Verify(Sign) = %v for ts %d", err, ts)
		}
	})
}
