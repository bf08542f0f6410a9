package auth

import (
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings every authenticator app understands: 30-second steps, six
// digits, HMAC-SHA1, 20-byte secrets.
const (
	TOTPPeriod     = 30 * time.Second
	totpDigits     = otp.DigitsSix
	totpSecretSize = 20
	totpSkew       = 1
)

// NewTOTP makes a random TOTP secret (base32, no padding) for account and
// the otpauth:// URL an authenticator app enrols from (usually shown as a
// QR code). Both are secrets.
func NewTOTP(issuer, account string) (secret, otpauthURL string, err error) {
	if issuer == "" || account == "" {
		return "", "", fmt.Errorf("TOTP enrolment needs an issuer and an account name")
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      uint(TOTPPeriod / time.Second),
		SecretSize:  totpSecretSize,
		Digits:      totpDigits,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", fmt.Errorf("cannot make a TOTP secret: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// TOTPStep is the step number time t falls in.
func TOTPStep(t time.Time) int64 {
	return t.Unix() / int64(TOTPPeriod/time.Second)
}

// CheckTOTP reports whether code is right for secret at now, allowing one
// step of clock skew either way. Blanks in code are ignored. It does not
// stop a code being used twice: see MatchTOTP.
func CheckTOTP(secret, code string, now time.Time) bool {
	_, ok := MatchTOTP(secret, code, now)
	return ok
}

// MatchTOTP is CheckTOTP that also returns the step the code belongs to.
// To accept each code only once, the caller stores the step of the last
// accepted code and passes it to CheckTOTPOnce next time.
func MatchTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	return matchTOTP(secret, code, now, -1<<63)
}

// CheckTOTPOnce is MatchTOTP that refuses a code from lastStep or
// earlier, so a code seen once (or an older one) cannot be replayed.
// Store the returned step as the new lastStep when ok; a user who never
// used a code has lastStep 0.
func CheckTOTPOnce(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	return matchTOTP(secret, code, now, lastStep)
}

func matchTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != totpDigits.Length() || secret == "" {
		return 0, false
	}
	cur := TOTPStep(now)
	found, foundStep := 0, int64(0)
	// Try every step in the window, so the time taken does not say which
	// one matched.
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s < 0 {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), hotp.ValidateOpts{
			Digits:    totpDigits,
			Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > lastStep && found == 0 {
			found, foundStep = 1, s
		}
	}
	return foundStep, found == 1
}
