package sealbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

const (
	version   = "v1"
	nonceSize = 12
	tagSize   = 16
	keyIDLen  = 8
)

var (
	// ErrFormat marks a string that is not a sealed value of a version
	// this cellgate understands.
	ErrFormat = errors.New("sealbox: not a sealed value")
	// ErrKeyMismatch marks a value sealed under another key than the
	// Box's, told apart by the key id.
	ErrKeyMismatch = errors.New("sealbox: sealed with another key")
	// ErrAuth marks a value that failed authentication: sealed with other
	// associated data (another SIM's ICCID), altered, or sealed with a
	// different key that shares the key id.
	ErrAuth = errors.New("sealbox: sealed value failed authentication")
)

// Box seals and opens values with one key. It is safe for concurrent use.
type Box struct {
	aead  cipher.AEAD
	keyID string
}

// New returns a Box using key, which must be KeySize bytes. Most callers
// use LoadKey.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("sealbox: key is %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("sealbox: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("sealbox: %w", err)
	}
	sum := sha256.Sum256(key)
	return &Box{aead: aead, keyID: hex.EncodeToString(sum[:])[:keyIDLen]}, nil
}

// KeyID returns the id of the Box's key: the first 8 hex digits of its
// SHA-256.
func (b *Box) KeyID() string { return b.keyID }

// Seal encrypts plaintext and returns its sealed text form, bound to aad
// (the ICCID of the SIM the secret belongs to).
func (b *Box) Seal(plaintext, aad string) (string, error) {
	header := version + ":" + b.keyID + ":"
	buf := make([]byte, nonceSize, nonceSize+len(plaintext)+tagSize)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("sealbox: nonce: %w", err)
	}
	buf = b.aead.Seal(buf, buf[:nonceSize], []byte(plaintext), additional(header, aad))
	return header + base64.RawURLEncoding.EncodeToString(buf), nil
}

// Open decrypts a value made by Seal with the same key and aad. Its errors
// match ErrFormat, ErrKeyMismatch or ErrAuth with errors.Is.
func (b *Box) Open(sealed, aad string) (string, error) {
	keyID, payload, err := split(sealed)
	if err != nil {
		return "", err
	}
	if keyID != b.keyID {
		return "", fmt.Errorf("%w: the value's key id is %s, the key file's is %s; open it with the key it was sealed with", ErrKeyMismatch, keyID, b.keyID)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil {
		return "", fmt.Errorf("%w: payload is not unpadded base64url", ErrFormat)
	}
	if len(raw) < nonceSize+tagSize {
		return "", fmt.Errorf("%w: payload is %d bytes, shorter than nonce and tag", ErrFormat, len(raw))
	}
	header := sealed[:len(sealed)-len(payload)]
	pt, err := b.aead.Open(nil, raw[:nonceSize], raw[nonceSize:], additional(header, aad))
	if err != nil {
		return "", fmt.Errorf("%w: wrong associated data (sealed for another SIM?), altered value, or another key with the same id", ErrAuth)
	}
	return string(pt), nil
}

// KeyIDOf returns the key id a sealed value names, to find values sealed
// under a rotated-out key.
func KeyIDOf(sealed string) (string, error) {
	keyID, _, err := split(sealed)
	return keyID, err
}

// split checks the version and returns the key id and the base64 payload.
func split(sealed string) (keyID, payload string, err error) {
	rest, ok := strings.CutPrefix(sealed, version+":")
	if !ok {
		v, _, found := strings.Cut(sealed, ":")
		if found && len(v) <= 8 && strings.HasPrefix(v, "v") {
			return "", "", fmt.Errorf("%w: unknown version %q", ErrFormat, v)
		}
		return "", "", fmt.Errorf("%w: missing %q prefix", ErrFormat, version+":")
	}
	keyID, payload, ok = strings.Cut(rest, ":")
	if !ok || !isKeyID(keyID) {
		return "", "", fmt.Errorf("%w: missing key id of %d lowercase hex digits", ErrFormat, keyIDLen)
	}
	return keyID, payload, nil
}

func isKeyID(s string) bool {
	if len(s) != keyIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// additional is the authenticated data: the version and key id header,
// then the caller's aad.
func additional(header, aad string) []byte {
	return []byte(header + aad)
}
