package rig

import (
	"crypto/tls"
	"testing"

	"github.com/cellgate/cellgate/internal/pki"
)

// PKI is a certificate authority with a server certificate for loopback
// ("localhost", "127.0.0.1") and a client certificate, all written to Dir.
type PKI struct {
	Dir    string
	CA     *pki.CA
	Server *pki.Pair
	Client *pki.Pair

	CAFile                string // ca.crt
	CertFile, KeyFile     string // the client's: client.crt, client.key
	ServerCert, ServerKey string // server.crt, server.key
}

// NewPKI makes a CA, a server certificate and a client certificate whose
// common name is clientCN (a device's IMEI), and writes them to dir (a new
// temporary directory when dir is "").
func NewPKI(tb testing.TB, dir, clientCN string) *PKI {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
	}
	p := &PKI{Dir: dir}
	var err error
	if p.CA, err = pki.NewCA("cellgate test CA"); err != nil {
		tb.Fatal(err)
	}
	if p.Server, err = p.CA.Server("localhost", "127.0.0.1"); err != nil {
		tb.Fatal(err)
	}
	if p.Client, err = p.CA.Client(clientCN); err != nil {
		tb.Fatal(err)
	}
	if p.CAFile, err = p.CA.WriteFiles(dir); err != nil {
		tb.Fatal(err)
	}
	if p.CertFile, p.KeyFile, err = p.Client.WriteFiles(dir, "client"); err != nil {
		tb.Fatal(err)
	}
	if p.ServerCert, p.ServerKey, err = p.Server.WriteFiles(dir, "server"); err != nil {
		tb.Fatal(err)
	}
	return p
}

// ClientTLS is the client's TLS configuration for a raw MQTT client
// dialling a broker at 127.0.0.1.
func (p *PKI) ClientTLS(tb testing.TB) *tls.Config {
	tb.Helper()
	cert, err := p.Client.TLSCertificate()
	if err != nil {
		tb.Fatal(err)
	}
	return &tls.Config{RootCAs: p.CA.Pool(), Certificates: []tls.Certificate{cert},
		ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

// ServerTLS is the server certificate as the embedded broker takes it.
func (p *PKI) ServerTLS(tb testing.TB) *tls.Certificate {
	tb.Helper()
	cert, err := p.Server.TLSCertificate()
	if err != nil {
		tb.Fatal(err)
	}
	return &cert
}
