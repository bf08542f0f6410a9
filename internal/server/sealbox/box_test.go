package sealbox

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

const iccidA = "8988303000000012346"
const iccidB = "89014103211118510720"

func testBox(t testing.TB, fill byte) *Box {
	t.Helper()
	b, err := New(bytes.Repeat([]byte{fill}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	b := testBox(t, 1)
	for _, pt := range []string{"1234", "12345678", "", "ünïcode\x00bytes", strings.Repeat("x", 1000)} {
		sealed, err := b.Seal(pt, iccidA)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1:"+b.KeyID()+":") {
			t.Errorf("sealed %q lacks the v1:<keyid>: prefix", sealed)
		}
		if pt != "" && strings.Contains(sealed, pt) {
			t.Errorf("sealed value %q shows the plaintext", sealed)
		}
		got, err := b.Open(sealed, iccidA)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if got != pt {
			t.Errorf("Open = %q, want %q", got, pt)
		}
		id, err := KeyIDOf(sealed)
		if err != nil || id != b.KeyID() {
			t.Errorf("KeyIDOf = %q, %v; want %q", id, err, b.KeyID())
		}
	}
}

func TestFreshNonceEverySeal(t *testing.T) {
	t.Parallel()
	b := testBox(t, 1)
	seen := map[string]bool{}
	for range 100 {
		s, err := b.Seal("1234", iccidA)
		if err != nil {
			t.Fatal(err)
		}
		if seen[s] {
			t.Fatalf("Seal repeated %q", s)
		}
		seen[s] = true
	}
}

func TestKeyID(t *testing.T) {
	t.Parallel()
	// First 8 hex digits of sha256 of 32 zero bytes, computed independently
	// (python3 -c 'import hashlib; print(hashlib.sha256(bytes(32)).hexdigest()[:8])').
	if got := testBox(t, 0).KeyID(); got != "66687aad" {
		t.Errorf("KeyID = %q, want 66687aad", got)
	}
	if testBox(t, 1).KeyID() == testBox(t, 2).KeyID() {
		t.Error("two keys share a key id")
	}
}

func TestNewRejectsWrongKeyLength(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 16, 31, 33} {
		if _, err := New(make([]byte, n)); err == nil {
			t.Errorf("New(%d bytes) succeeded", n)
		}
	}
}

func TestOpenFailures(t *testing.T) {
	t.Parallel()
	const secret = "87654321"
	b := testBox(t, 1)
	sealed, err := b.Seal(secret, iccidA)
	if err != nil {
		t.Fatal(err)
	}
	header := sealed[:len("v1:")+keyIDLen+1]
	raw, err := base64.RawURLEncoding.DecodeString(sealed[len(header):])
	if err != nil {
		t.Fatal(err)
	}
	reencode := func(mutate func([]byte) []byte) string {
		c := mutate(append([]byte(nil), raw...))
		return header + base64.RawURLEncoding.EncodeToString(c)
	}
	// Same key id, different key: found only when authentication fails.
	impostor := &Box{aead: testBox(t, 2).aead, keyID: b.keyID}

	tests := []struct {
		name   string
		box    *Box
		sealed string
		aad    string
		want   error
	}{
		{"wrong key", testBox(t, 2), sealed, iccidA, ErrKeyMismatch},
		{"wrong key same id", impostor, sealed, iccidA, ErrAuth},
		{"wrong aad", b, sealed, iccidB, ErrAuth},
		{"empty aad", b, sealed, "", ErrAuth},
		{"flipped ciphertext bit", b, reencode(func(c []byte) []byte { c[nonceSize] ^= 1; return c }), iccidA, ErrAuth},
		{"flipped nonce bit", b, reencode(func(c []byte) []byte { c[0] ^= 0x80; return c }), iccidA, ErrAuth},
		{"flipped tag bit", b, reencode(func(c []byte) []byte { c[len(c)-1] ^= 1; return c }), iccidA, ErrAuth},
		{"truncated", b, reencode(func(c []byte) []byte { return c[:len(c)-1] }), iccidA, ErrAuth},
		{"extended", b, reencode(func(c []byte) []byte { return append(c, 0) }), iccidA, ErrAuth},
		{"too short", b, reencode(func(c []byte) []byte { return c[:nonceSize+tagSize-1] }), iccidA, ErrFormat},
		{"key id changed", b, strings.Replace(sealed, b.keyID, "00000000", 1), iccidA, ErrKeyMismatch},
		{"other version", b, "v2" + sealed[2:], iccidA, ErrFormat},
		{"no version", b, sealed[3:], iccidA, ErrFormat},
		{"plaintext", b, secret, iccidA, ErrFormat},
		{"empty", b, "", iccidA, ErrFormat},
		{"uppercase key id", b, "v1:" + strings.ToUpper("abcdef12") + sealed[len(header)-1:], iccidA, ErrFormat},
		{"padded base64", b, sealed + "=", iccidA, ErrFormat},
		{"bad base64", b, header + "!!!!" + sealed[len(header)+4:], iccidA, ErrFormat},
	}
	for _, tt := range tests {
		got, err := tt.box.Open(tt.sealed, tt.aad)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: Open = %q, %v; want %v", tt.name, got, err, tt.want)
			continue
		}
		if got != "" {
			t.Errorf("%s: Open returned %q with an error", tt.name, got)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("%s: error %q shows the secret", tt.name, err)
		}
	}
}

func FuzzOpen(f *testing.F) {
	b := testBox(f, 1)
	const secret = "12345678"
	sealed, err := b.Seal(secret, iccidA)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed, iccidA)
	f.Add(sealed, iccidB)
	f.Add("v1:"+b.KeyID()+":", "")
	f.Add("v1:00000000:AAAA", iccidA)
	f.Add("v9:x", "")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, s, aad string) {
		got, err := b.Open(s, aad)
		if err != nil {
			if got != "" {
				t.Fatalf("Open returned %q with error %v", got, err)
			}
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrKeyMismatch) && !errors.Is(err, ErrAuth) {
				t.Fatalf("Open error %v matches no sentinel", err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("error %q shows the secret", err)
			}
			return
		}
		// Only the genuine value, under its own aad, opens.
		if got != secret || aad != iccidA {
			t.Fatalf("Open(%q, %q) = %q, want a failure", s, aad, got)
		}
	})
}
