package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// Prefixes that make a token's kind readable in logs, configs and secret
// scanners.
const (
	AppTokenPrefix     = "cgt_" // application tokens for API clients
	RefreshTokenPrefix = "cgr_" // refresh tokens behind access tokens
)

// tokenBytes is how much randomness a token carries.
const tokenBytes = 32

// NewToken makes a random token: prefix followed by 32 random bytes in
// unpadded base64url. plain is shown to its owner once; only hash (see
// HashToken) is stored. prefix may hold only a-z, 0-9 and '_'.
func NewToken(prefix string) (plain, hash string, err error) {
	for i := 0; i < len(prefix); i++ {
		c := prefix[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return "", "", fmt.Errorf("token prefix %q may hold only a-z, 0-9 and '_'", prefix)
		}
	}
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("cannot make a token: %w", err)
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, HashToken(plain), nil
}

// HashToken is the hex SHA-256 of a token as presented, the form the
// store keeps and looks tokens up by. The tokens are random, so a fast
// hash is enough; comparison happens by lookup on the hash.
func HashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
