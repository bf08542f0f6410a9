package broker

import (
	"context"
	"crypto/tls"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/pki"
)

func TestRequiresClientCertificate(t *testing.T) {
	t.Parallel()
	ca, _ := pki.NewCA("ca")
	srv, _ := ca.Server("127.0.0.1")
	cert, err := srv.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	b, err := Start(ctx, Config{TLSAddr: "127.0.0.1:0", Certificate: &cert, ClientCAs: ca.Pool(), PlainAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	if b.Addr() == "" || b.PlainAddr() == "" {
		t.Fatal("no addresses")
	}
	dial := func(certs []tls.Certificate) error {
		c, err := tls.Dial("tcp", b.Addr(), &tls.Config{RootCAs: ca.Pool(), Certificates: certs, ServerName: "127.0.0.1"})
		if err != nil {
			return err
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		// TLS 1.3 reports the verdict on the client certificate on the first read
		c.Write([]byte{0x10, 0x0c, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 30, 0, 0})
		_, err = c.Read(make([]byte, 4))
		return err
	}
	if err := dial(nil); err == nil {
		t.Fatal("accepted a client without certificate")
	}
	cl, _ := ca.Client("dev")
	cc, _ := cl.TLSCertificate()
	if err := dial([]tls.Certificate{cc}); err != nil {
		t.Fatalf("with certificate: %v", err)
	}
	cancel() // ctx ends the broker
	b.Close()
	if _, err := tls.Dial("tcp", b.Addr(), &tls.Config{RootCAs: ca.Pool(), Certificates: []tls.Certificate{cc}}); err == nil {
		t.Fatal("still listening after Close")
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []Config{{}, {TLSAddr: "127.0.0.1:0"}, {TLSAddr: "127.0.0.1:0", CertFile: "/nonexistent", KeyFile: "/nonexistent"}} {
		if b, err := Start(t.Context(), c); err == nil {
			b.Close()
			t.Errorf("%+v accepted", c)
		}
	}
}
