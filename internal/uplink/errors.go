package uplink

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
)

// Kinds of TLS failure, for errors.Is on a *TLSError.
var (
	// ErrUnknownAuthority: a certificate was signed by a CA the other side
	// does not trust (wrong CAFile here, or the broker's cafile).
	ErrUnknownAuthority = errors.New("certificate signed by unknown authority")
	// ErrBadCertificate: the broker rejected the client certificate.
	ErrBadCertificate = errors.New("bad certificate")
	// ErrCertificateRequired: the broker wants a client certificate and none
	// was configured.
	// A client certificate from a CA the broker does not list is not sent
	// at all, so this is also what a certificate from the wrong CA gives.
	ErrCertificateRequired = errors.New("client certificate required (none configured, or not issued by a CA the broker accepts)")
	// ErrCertificateExpired: a certificate has expired or is not yet valid.
	ErrCertificateExpired = errors.New("certificate expired or not yet valid")
	// ErrNameMismatch: the broker's certificate is not for the expected name.
	ErrNameMismatch = errors.New("broker certificate name mismatch")
	// ErrTLSVersion: the broker and cellgate share no TLS version: the
	// broker speaks only TLS 1.1 or older (alert 70, protocol_version, or
	// a server hello with an old version).
	ErrTLSVersion = errors.New("broker does not speak TLS 1.2 or newer")
	// ErrHandshake: any other TLS handshake failure.
	ErrHandshake = errors.New("TLS handshake failed")
)

// TLSError is a TLS handshake failure, named.
type TLSError struct {
	Kind   error  // one of the Err* kinds above
	Broker bool   // the broker reported it (an alert); with a certificate kind, our certificate is at fault
	Err    error  // the underlying error
	Addr   string // broker address
}

func (e *TLSError) Error() string {
	if e.Kind == ErrTLSVersion {
		return fmt.Sprintf("uplink: TLS with %s: %v: %v", e.Addr, e.Kind, e.Err)
	}
	certificate := e.Kind != ErrHandshake
	var who string
	switch {
	case e.Broker && certificate:
		who = "broker refused our client certificate"
	case e.Broker:
		who = "broker refused the handshake"
	case certificate:
		who = "broker certificate"
	default:
		who = "handshake"
	}
	return fmt.Sprintf("uplink: TLS with %s: %s: %v: %v", e.Addr, who, e.Kind, e.Err)
}

func (e *TLSError) Unwrap() []error { return []error{e.Kind, e.Err} }

// classifyTLS names a TLS error; it returns nil when err is not one.
func classifyTLS(addr string, err error) *TLSError {
	if err == nil {
		return nil
	}
	if te, ok := errors.AsType[*TLSError](err); ok {
		return te
	}
	var ua x509.UnknownAuthorityError
	var inv x509.CertificateInvalidError
	var hn x509.HostnameError
	switch {
	case errors.As(err, &ua):
		return &TLSError{Kind: ErrUnknownAuthority, Err: err, Addr: addr}
	case errors.As(err, &inv) && inv.Reason == x509.Expired:
		return &TLSError{Kind: ErrCertificateExpired, Err: err, Addr: addr}
	case errors.As(err, &hn):
		return &TLSError{Kind: ErrNameMismatch, Err: err, Addr: addr}
	}
	s := err.Error()
	if !strings.Contains(s, "tls:") {
		return nil
	}
	alert := strings.Contains(s, "remote error")
	kind := ErrHandshake
	switch {
	case strings.Contains(s, "protocol version not supported"), // alert 70
		strings.Contains(s, "unsupported protocol version"),  // an old server hello
		strings.Contains(s, "no supported versions satisfy"): // no version in common
		kind = ErrTLSVersion
	case strings.Contains(s, "unknown certificate authority"), strings.Contains(s, "unknown ca"):
		kind = ErrUnknownAuthority
	case strings.Contains(s, "expired certificate"), strings.Contains(s, "certificate expired"):
		kind = ErrCertificateExpired
	case strings.Contains(s, "certificate required"):
		kind = ErrCertificateRequired
	case strings.Contains(s, "bad certificate"), strings.Contains(s, "unsupported certificate"),
		strings.Contains(s, "certificate revoked"), strings.Contains(s, "handshake failure") && alert:
		kind = ErrBadCertificate
	}
	return &TLSError{Kind: kind, Broker: alert, Err: err, Addr: addr}
}
