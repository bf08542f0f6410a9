// Package pki issues the certificates an MQTT-over-TLS deployment needs: a
// certificate authority, broker (server) certificates and device (client)
// certificates, all ECDSA P-256. It serves the tests and the demo; a real
// fleet uses its own CA.
//
// A device certificate names the device by its common name, the modem's
// IMEI: the broker lets it use only the topics under "<IMEI>/". An operator
// certificate (the server side, which follows every device) carries the
// organizational unit OperatorUnit and may use every topic.
package pki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// DefaultValidity is how long issued certificates are valid.
const DefaultValidity = 365 * 24 * time.Hour

// Pair is a certificate and its private key, parsed and as PEM.
type Pair struct {
	Cert    *x509.Certificate
	Key     *ecdsa.PrivateKey
	CertPEM []byte
	KeyPEM  []byte // PKCS #8 "PRIVATE KEY"
}

// CA is a self-signed certificate authority.
type CA struct {
	Pair
}

// NewCA creates a CA whose subject common name is name.
func NewCA(name string) (*CA, error) {
	now := time.Now()
	p, err := issue(&x509.Certificate{
		Subject:               pkix.Name{CommonName: name, Organization: []string{"cellgate"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * DefaultValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}, nil)
	if err != nil {
		return nil, err
	}
	return &CA{*p}, nil
}

// Options shape one issued certificate.
type Options struct {
	NotBefore, NotAfter time.Time // zero: from an hour ago for DefaultValidity
}

// Expired returns Options for a certificate that expired a day ago.
func Expired() Options {
	now := time.Now()
	return Options{NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-24 * time.Hour)}
}

// Server issues a broker certificate for hosts (DNS names or IP addresses).
func (ca *CA) Server(hosts ...string) (*Pair, error) { return ca.ServerWith(Options{}, hosts...) }

// ServerWith is Server with Options (e.g. Expired()).
func (ca *CA) ServerWith(o Options, hosts ...string) (*Pair, error) {
	t := ca.template(o, x509.ExtKeyUsageServerAuth)
	if len(hosts) > 0 {
		t.Subject.CommonName = hosts[0]
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			t.IPAddresses = append(t.IPAddresses, ip)
		} else {
			t.DNSNames = append(t.DNSNames, h)
		}
	}
	return issue(t, &ca.Pair)
}

// OperatorUnit is the organizational unit of an operator certificate.
const OperatorUnit = "cellgate operator"

// Client issues a device certificate with common name cn, the device's
// IMEI: its identity, and the first level of every topic it may use.
func (ca *CA) Client(cn string) (*Pair, error) { return ca.ClientWith(Options{}, cn) }

// Operator issues an operator certificate, a client certificate with
// common name name and organizational unit OperatorUnit: the server side,
// allowed every topic.
func (ca *CA) Operator(name string) (*Pair, error) {
	t := ca.template(Options{}, x509.ExtKeyUsageClientAuth)
	t.Subject = pkix.Name{CommonName: name, OrganizationalUnit: []string{OperatorUnit}}
	return issue(t, &ca.Pair)
}

// ClientWith is Client with Options (e.g. Expired()).
func (ca *CA) ClientWith(o Options, cn string) (*Pair, error) {
	t := ca.template(o, x509.ExtKeyUsageClientAuth)
	t.Subject.CommonName = cn
	return issue(t, &ca.Pair)
}

// Pool returns a certificate pool holding the CA.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

// WriteFiles writes the CA certificate to dir/ca.crt and returns its path.
func (ca *CA) WriteFiles(dir string) (string, error) {
	path := filepath.Join(dir, "ca.crt")
	return path, os.WriteFile(path, ca.CertPEM, 0o644)
}

// WriteFiles writes dir/name.crt and dir/name.key (mode 0600) and returns
// their paths.
func (p *Pair) WriteFiles(dir, name string) (certFile, keyFile string, err error) {
	certFile, keyFile = filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	if err = os.WriteFile(certFile, p.CertPEM, 0o644); err != nil {
		return "", "", err
	}
	if err = os.WriteFile(keyFile, p.KeyPEM, 0o600); err != nil {
		return "", "", err
	}
	return certFile, keyFile, nil
}

// TLSCertificate returns the pair for tls.Config.Certificates.
func (p *Pair) TLSCertificate() (tls.Certificate, error) {
	return tls.X509KeyPair(p.CertPEM, p.KeyPEM)
}

func (ca *CA) template(o Options, usage x509.ExtKeyUsage) *x509.Certificate {
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Now().Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = o.NotBefore.Add(DefaultValidity)
	}
	return &x509.Certificate{
		NotBefore:   o.NotBefore,
		NotAfter:    o.NotAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{usage},
	}
}

// issue creates a key for t and signs t with parent (self-signed if nil).
func issue(t *x509.Certificate, parent *Pair) (*Pair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("pki: key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("pki: serial: %w", err)
	}
	t.SerialNumber = serial
	signer, signCert := key, t
	if parent != nil {
		signer, signCert = parent.Key, parent.Cert
	}
	der, err := x509.CreateCertificate(rand.Reader, t, signCert, &key.PublicKey, signer)
	if err != nil {
		return nil, fmt.Errorf("pki: sign %q: %w", t.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("pki: parse: %w", err)
	}
	k8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("pki: marshal key: %w", err)
	}
	return &Pair{
		Cert:    cert,
		Key:     key,
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k8}),
	}, nil
}
