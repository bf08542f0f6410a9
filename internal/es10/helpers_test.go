package es10

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
)

// message is what every ES10 structure implements through its pointer.
type message interface {
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

// vector is a DER encoding and the value it decodes to.
type vector struct {
	name string
	hex  string
	msg  message // empty value to decode into
	want message // expected value, a pointer of the same type
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// runVectors checks that each vector decodes to its value and that the
// value encodes back to the same bytes.
func runVectors(t *testing.T, vs []vector) {
	t.Helper()
	for _, v := range vs {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			in := unhex(t, v.hex)
			if err := v.msg.Unmarshal(in); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(v.msg, v.want) {
				t.Fatalf("Unmarshal = %+v, want %+v", v.msg, v.want)
			}
			out, err := v.want.Marshal()
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if !bytes.Equal(out, in) {
				t.Fatalf("Marshal = %X, want %X", out, in)
			}
		})
	}
}

// badInput is input that must be refused with an error containing want.
type badInput struct {
	name string
	hex  string
	msg  message
	want string
}

func runBad(t *testing.T, cs []badInput) {
	t.Helper()
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.msg.Unmarshal(unhex(t, c.hex))
			if err == nil {
				t.Fatalf("Unmarshal accepted %s: %+v", c.hex, c.msg)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not contain %q", err, c.want)
			}
		})
	}
}
