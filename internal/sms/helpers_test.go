package sms

import (
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"time"
)

// mustHex decodes hex, ignoring spaces, and fails the test on bad input.
func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// sameTime reports whether a and b are the same instant with the same zone
// offset (or both zero).
func sameTime(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero() && b.IsZero()
	}
	_, oa := a.Zone()
	_, ob := b.Zone()
	return a.Equal(b) && oa == ob
}

// sameDeliver compares two Delivers, timestamps by instant and offset.
func sameDeliver(a, b Deliver) bool {
	if !sameTime(a.Timestamp, b.Timestamp) {
		return false
	}
	a.Timestamp, b.Timestamp = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// sameSubmit compares two Submits, absolute validity by instant and offset.
func sameSubmit(a, b Submit) bool {
	if !sameTime(a.Validity.Absolute, b.Validity.Absolute) {
		return false
	}
	a.Validity.Absolute, b.Validity.Absolute = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// wantErr checks err against a wanted substring; "" wants no error.
func wantErr(t *testing.T, err error, want string) bool {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Errorf("no error, want one containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Errorf("error %q, want one containing %q", err, want)
	case want != "" && !strings.HasPrefix(err.Error(), "sms: "):
		t.Errorf("error %q lacks the sms: prefix", err)
	default:
		return want == ""
	}
	return false
}
