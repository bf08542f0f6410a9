package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cellgate/cellgate/internal/retry"
)

// Issuer is the iss claim of every access token.
const Issuer = "cellgate-server"

// DefaultTTL is how long an access token lives when Signer.TTL is zero.
const DefaultTTL = 15 * time.Minute

// MinKeyLen is the shortest HS256 key a Signer accepts.
const MinKeyLen = 32

var (
	// ErrTokenExpired is returned for a correctly signed token past its
	// expiry: the client should refresh.
	ErrTokenExpired = errors.New("access token expired")
	// ErrTokenInvalid is returned for any other token that is not
	// accepted: malformed, wrongly signed, another algorithm or issuer,
	// missing claims.
	ErrTokenInvalid = errors.New("access token invalid")
	// ErrKeyTooShort is returned when the signing key is under MinKeyLen
	// bytes.
	ErrKeyTooShort = fmt.Errorf("access token key must be at least %d bytes", MinKeyLen)
)

// Claims are what an access token says about its bearer.
type Claims struct {
	UserID    string // sub
	OrgID     string // org
	Role      Role   // role
	TokenID   string // jti, for revocation
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// Signer issues and verifies HS256 access tokens. Key must be at least
// MinKeyLen bytes; TTL zero means DefaultTTL; Clock nil means the
// machine's.
type Signer struct {
	Key   []byte
	TTL   time.Duration
	Clock retry.Clock
}

type wireClaims struct {
	Org  string `json:"org"`
	Role string `json:"role"`
	jwt.RegisteredClaims
}

// Issue signs an access token for c and returns it with its expiry. The
// issue and expiry times come from the signer's clock and TTL, not c. An
// empty c.TokenID gets a random one, which Verify returns.
func (s Signer) Issue(c Claims) (string, time.Time, error) {
	if len(s.Key) < MinKeyLen {
		return "", time.Time{}, ErrKeyTooShort
	}
	if c.UserID == "" {
		return "", time.Time{}, errors.New("access token needs a user id")
	}
	if !c.Role.Valid() {
		return "", time.Time{}, fmt.Errorf("access token role %q is not a role", c.Role)
	}
	if c.TokenID == "" {
		id, err := randomID()
		if err != nil {
			return "", time.Time{}, err
		}
		c.TokenID = id
	}
	ttl := s.TTL
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	now := retry.OrSystem(s.Clock).Now().Truncate(time.Second)
	exp := now.Add(ttl)
	w := wireClaims{
		Org:  c.OrgID,
		Role: string(c.Role),
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   c.UserID,
			ID:        c.TokenID,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, w).SignedString(s.Key)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("cannot sign access token: %w", err)
	}
	return tok, exp, nil
}

// Verify checks token's signature, algorithm (HS256 only), issuer and
// expiry (refused from the instant it expires) and returns its claims. A
// token signed with the key but expired
// gives ErrTokenExpired; anything else not accepted gives ErrTokenInvalid.
func (s Signer) Verify(token string) (Claims, error) {
	if len(s.Key) < MinKeyLen {
		return Claims{}, ErrKeyTooShort
	}
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(retry.OrSystem(s.Clock).Now),
	)
	var w wireClaims
	_, err := p.ParseWithClaims(token, &w, func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodHS256 {
			return nil, ErrTokenInvalid
		}
		return s.Key, nil
	})
	if err != nil {
		// jwt/v5 checks the signature before the claims, so an expired
		// token here is one this key signed.
		if errors.Is(err, jwt.ErrTokenExpired) && !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			return Claims{}, ErrTokenExpired
		}
		return Claims{}, ErrTokenInvalid
	}
	role := Role(w.Role)
	if w.Subject == "" || w.ID == "" || w.IssuedAt == nil || !role.Valid() {
		return Claims{}, ErrTokenInvalid
	}
	return Claims{
		UserID:    w.Subject,
		OrgID:     w.Org,
		Role:      role,
		TokenID:   w.ID,
		IssuedAt:  w.IssuedAt.Time,
		ExpiresAt: w.ExpiresAt.Time,
	}, nil
}

func randomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("cannot make a token id: %w", err)
	}
	return hex.EncodeToString(b), nil
}
