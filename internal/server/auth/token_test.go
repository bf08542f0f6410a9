package auth

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	t.Parallel()
	hexHash := regexp.MustCompile(`^[0-9a-f]{64}$`)
	seen := map[string]bool{}
	for _, prefix := range []string{AppTokenPrefix, RefreshTokenPrefix, "", "x9_"} {
		plain, hash, err := NewToken(prefix)
		if err != nil {
			t.Fatalf("NewToken(%q): %v", prefix, err)
		}
		body, ok := strings.CutPrefix(plain, prefix)
		if !ok {
			t.Fatalf("token %q lacks prefix %q", plain, prefix)
		}
		raw, err := base64.RawURLEncoding.DecodeString(body)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token body %q is not 32 bytes of base64url (%d, %v)", body, len(raw), err)
		}
		if !hexHash.MatchString(hash) || hash != HashToken(plain) {
			t.Fatalf("hash %q is not HashToken(plain)", hash)
		}
		if seen[plain] {
			t.Fatalf("token %q made twice", plain)
		}
		seen[plain] = true
	}
}

func TestNewTokenBadPrefix(t *testing.T) {
	t.Parallel()
	for _, prefix := range []string{"CGT_", "cg-t", "a b", "é"} {
		if plain, _, err := NewToken(prefix); err == nil {
			t.Errorf("NewToken(%q) = %q; want an error", prefix, plain)
		}
	}
}

func TestHashToken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	} {
		if got := HashToken(tc.in); got != tc.want {
			t.Errorf("HashToken(%q) = %s; want %s", tc.in, got, tc.want)
		}
	}
}
