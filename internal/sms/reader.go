package sms

import "fmt"

// reader walks a PDU octet by octet and turns running off its end into
// errors instead of panics.
type reader struct {
	b   []byte
	pos int
}

// remaining is the number of octets not yet read.
func (r *reader) remaining() int { return len(r.b) - r.pos }

// byte reads one octet; what names the field for the error.
func (r *reader) byte(what string) (byte, error) {
	if r.pos >= len(r.b) {
		return 0, fmt.Errorf("sms: truncated PDU: missing %s at octet %d", what, r.pos)
	}
	v := r.b[r.pos]
	r.pos++
	return v, nil
}

// bytes reads n octets; what names the field for the error. The result
// aliases the PDU.
func (r *reader) bytes(n int, what string) ([]byte, error) {
	if n < 0 || r.remaining() < n {
		return nil, fmt.Errorf("sms: truncated %s: want %d octets, have %d", what, n, r.remaining())
	}
	v := r.b[r.pos : r.pos+n]
	r.pos += n
	return v, nil
}
