package pki

import (
	"crypto/x509"
	"errors"
	"os"
	"testing"
)

func TestChainVerifies(t *testing.T) {
	t.Parallel()
	ca, err := NewCA("test CA")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ca.Server("localhost", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Cert.Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: "127.0.0.1"}); err != nil {
		t.Fatalf("server: %v", err)
	}
	cl, err := ca.Client("357299070082380")
	if err != nil {
		t.Fatal(err)
	}
	opts := x509.VerifyOptions{Roots: ca.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if _, err := cl.Cert.Verify(opts); err != nil {
		t.Fatalf("client: %v", err)
	}
	if _, err := cl.TLSCertificate(); err != nil {
		t.Fatal(err)
	}
	other, _ := NewCA("other")
	if _, err := cl.Cert.Verify(x509.VerifyOptions{Roots: other.Pool(), KeyUsages: opts.KeyUsages}); !errors.As(err, new(x509.UnknownAuthorityError)) {
		t.Fatalf("other CA: %v", err)
	}
}

func TestExpired(t *testing.T) {
	t.Parallel()
	ca, _ := NewCA("ca")
	cl, err := ca.ClientWith(Expired(), "dev")
	if err != nil {
		t.Fatal(err)
	}
	_, err = cl.Cert.Verify(x509.VerifyOptions{Roots: ca.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	var inv x509.CertificateInvalidError
	if !errors.As(err, &inv) || inv.Reason != x509.Expired {
		t.Fatalf("want expired, got %v", err)
	}
}

func TestWriteFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca, _ := NewCA("ca")
	caFile, err := ca.WriteFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ca.Server("localhost")
	crt, key, err := p.WriteFiles(dir, "server")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{caFile, crt, key} {
		if fi, err := os.Stat(f); err != nil || fi.Size() == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if fi, _ := os.Stat(key); fi.Mode().Perm() != 0o600 {
		t.Fatalf("key mode %v", fi.Mode())
	}
}

func TestOperatorCarriesItsRole(t *testing.T) {
	t.Parallel()
	ca, _ := NewCA("ca")
	op, err := ca.Operator("server")
	if err != nil {
		t.Fatal(err)
	}
	if ou := op.Cert.Subject.OrganizationalUnit; len(ou) != 1 || ou[0] != OperatorUnit || op.Cert.Subject.CommonName != "server" {
		t.Fatalf("subject %v", op.Cert.Subject)
	}
	if _, err := op.Cert.Verify(x509.VerifyOptions{Roots: ca.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Fatal(err)
	}
	dev, _ := ca.Client("357299070082380")
	if len(dev.Cert.Subject.OrganizationalUnit) != 0 {
		t.Fatalf("device subject %v", dev.Cert.Subject)
	}
}
