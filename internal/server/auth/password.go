package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// MinPasswordLen is the fewest characters a new password may have.
const MinPasswordLen = 12

// MaxPasswordBytes is the longest password accepted, so a request cannot
// make the server hash megabytes.
const MaxPasswordBytes = 1024

var (
	// ErrWeakPassword is returned for a new password shorter than
	// MinPasswordLen characters.
	ErrWeakPassword = fmt.Errorf("password must be at least %d characters", MinPasswordLen)
	// ErrPasswordTooLong is returned for a password over MaxPasswordBytes.
	ErrPasswordTooLong = fmt.Errorf("password must be at most %d bytes", MaxPasswordBytes)
	// ErrBadHash is returned for a stored hash that is not an argon2id PHC
	// string this package can check.
	ErrBadHash = errors.New("stored password hash is not a valid argon2id PHC string")
)

// Params are argon2id's cost parameters and sizes.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams are OWASP's recommended argon2id settings: 19 MiB, two
// passes, one thread.
var DefaultParams = Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds on parameters read from a stored hash, so a corrupt or hostile
// row cannot make a check allocate gigabytes or run for minutes.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 128
)

func (p Params) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("argon2id time must be 1 to %d, got %d", maxTime, p.Time)
	case p.Threads < 1:
		return errors.New("argon2id threads must be at least 1")
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemoryKiB:
		return fmt.Errorf("argon2id memory must be %d to %d KiB, got %d", 8*uint32(p.Threads), maxMemoryKiB, p.Memory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("argon2id salt length must be %d to %d bytes, got %d", minSaltLen, maxSaltLen, p.SaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("argon2id key length must be %d to %d bytes, got %d", minKeyLen, maxKeyLen, p.KeyLen)
	}
	return nil
}

// HashPassword hashes a new password with DefaultParams.
func HashPassword(pw string) (string, error) { return DefaultParams.Hash(pw) }

// Hash hashes a new password with p and a random salt, in PHC form:
// $argon2id$v=19$m=19456,t=2,p=1$salt$hash (unpadded standard base64). It
// returns ErrWeakPassword for fewer than MinPasswordLen characters.
func (p Params) Hash(pw string) (string, error) {
	if err := checkNewPassword(pw); err != nil {
		return "", err
	}
	if err := p.validate(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("cannot make a password salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodePHC(p, salt, key), nil
}

func checkNewPassword(pw string) error {
	if len(pw) > MaxPasswordBytes {
		return ErrPasswordTooLong
	}
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return ErrWeakPassword
	}
	return nil
}

// CheckPassword reports whether pw matches the PHC string encoded, in
// constant time. A malformed encoded gives ErrBadHash; a wrong password
// gives false and no error.
func CheckPassword(encoded, pw string) (bool, error) {
	p, salt, key, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	if len(pw) > MaxPasswordBytes {
		return false, nil
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than
// p (or cannot be read), so the caller should store a fresh hash after
// the next successful login.
func NeedsRehash(encoded string, p Params) bool {
	got, _, _, err := parsePHC(encoded)
	return err != nil || got != p
}

var b64 = base64.RawStdEncoding

func encodePHC(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// parsePHC reads $argon2id$v=19$m=M,t=T,p=P$salt$hash.
func parsePHC(s string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrBadHash
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: unsupported version %q", ErrBadHash, parts[2])
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return p, nil, nil, fmt.Errorf("%w: parameters must be m=,t=,p=", ErrBadHash)
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		num, ok := strings.CutPrefix(kv[i], name)
		if !ok {
			return p, nil, nil, fmt.Errorf("%w: parameters must be m=,t=,p=", ErrBadHash)
		}
		v, err := strconv.ParseUint(num, 10, 32)
		if err != nil || (num != "0" && num[0] == '0') {
			return p, nil, nil, fmt.Errorf("%w: parameter %s is not a number", ErrBadHash, name[:1])
		}
		vals[i] = v
	}
	if vals[2] > 255 {
		return p, nil, nil, fmt.Errorf("%w: parameter p is too large", ErrBadHash)
	}
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: salt is not base64", ErrBadHash)
	}
	key, err := b64.Strict().DecodeString(parts[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: hash is not base64", ErrBadHash)
	}
	p = Params{Memory: uint32(vals[0]), Time: uint32(vals[1]), Threads: uint8(vals[2]),
		SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	if err := p.validate(); err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: %v", ErrBadHash, err)
	}
	return p, salt, key, nil
}
