package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Header names of a delivery.
const (
	HeaderEventID   = "X-Cellgate-Event-Id"
	HeaderTimestamp = "X-Cellgate-Timestamp"
	HeaderSignature = "X-Cellgate-Signature"
)

// DefaultTolerance is how far from the receiver's clock Verify accepts a
// signature's timestamp when given no tolerance.
const DefaultTolerance = 5 * time.Minute

// Errors Verify returns (wrapped with detail that never includes the
// secret).
var (
	ErrBadSignatureHeader = errors.New("webhook: malformed " + HeaderSignature + " header")
	ErrStaleSignature     = errors.New("webhook: signature timestamp outside the tolerance")
	ErrSignatureMismatch  = errors.New("webhook: no signature matches the body")
)

// Sign returns the X-Cellgate-Signature value for body sent at unix time
// ts: "t=<ts>,v1=<hex HMAC-SHA256(secret, "<ts>.<body>")>".
func Sign(secret []byte, ts int64, body []byte) string {
	return "t=" + strconv.FormatInt(ts, 10) + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret []byte, ts int64, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(strconv.AppendInt(nil, ts, 10))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks an X-Cellgate-Signature header against the body as
// received: its timestamp must be within tolerance of now (DefaultTolerance
// when tolerance is zero or less) and one of its v1 values must be the
// HMAC of "<t>.<body>" under secret, compared in constant time. Other
// schemes (v0, v2, ...) in the header are ignored.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, sigs, err := parseSignature(header)
	if err != nil {
		return err
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	age := now.Sub(time.Unix(ts, 0))
	if age > tolerance || age < -tolerance {
		return fmt.Errorf("%w: t=%d is %v from now, tolerance %v", ErrStaleSignature, ts, age.Round(time.Second), tolerance)
	}
	want := mac(secret, ts, body)
	ok := false
	for _, s := range sigs {
		if hmac.Equal(s, want) {
			ok = true
		}
	}
	if !ok {
		return ErrSignatureMismatch
	}
	return nil
}

// parseSignature splits "t=<ts>,v1=<hex>[,v1=<hex>...]": exactly one t, at
// least one v1 of 64 hex digits.
func parseSignature(h string) (ts int64, sigs [][]byte, err error) {
	const maxHeader = 4096
	if len(h) > maxHeader {
		return 0, nil, fmt.Errorf("%w: longer than %d bytes", ErrBadSignatureHeader, maxHeader)
	}
	haveT := false
	for part := range strings.SplitSeq(h, ",") {
		k, v, found := strings.Cut(strings.TrimSpace(part), "=")
		if !found {
			return 0, nil, fmt.Errorf("%w: element %q is not key=value", ErrBadSignatureHeader, clip(part))
		}
		switch k {
		case "t":
			if haveT {
				return 0, nil, fmt.Errorf("%w: more than one t", ErrBadSignatureHeader)
			}
			n, perr := strconv.ParseInt(v, 10, 64)
			if perr != nil || n < 0 {
				return 0, nil, fmt.Errorf("%w: t=%q is not unix seconds", ErrBadSignatureHeader, clip(v))
			}
			ts, haveT = n, true
		case "v1":
			b, herr := hex.DecodeString(v)
			if herr != nil || len(b) != sha256.Size {
				return 0, nil, fmt.Errorf("%w: v1 is not %d hex digits", ErrBadSignatureHeader, 2*sha256.Size)
			}
			sigs = append(sigs, b)
		}
	}
	if !haveT {
		return 0, nil, fmt.Errorf("%w: no t", ErrBadSignatureHeader)
	}
	if len(sigs) == 0 {
		return 0, nil, fmt.Errorf("%w: no v1", ErrBadSignatureHeader)
	}
	return ts, sigs, nil
}

// clip shortens attacker-supplied text quoted in an error.
func clip(s string) string {
	const n = 32
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
