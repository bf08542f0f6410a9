package uplink

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// oldTLSBroker listens on loopback with TLS limited to maxVersion and
// completes (or fails) the handshake of every connection. It returns the
// address; it stops when the test ends.
func oldTLSBroker(t *testing.T, e *env, maxVersion uint16) string {
	t.Helper()
	cert, err := e.Server.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS10, MaxVersion: maxVersion,
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.(*tls.Conn).Handshake()
			c.Close()
		}
	})
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return ln.Addr().String()
}

func TestRegressionOldTLSBrokerBlamesClientCertificate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	addr := oldTLSBroker(t, e, tls.VersionTLS11)
	cfg := Config{
		Broker: "ssl://" + addr, IMEI: imei, CAFile: e.CAFile, CertFile: e.CertFile, KeyFile: e.KeyFile,
		ConnectTimeout: 3 * time.Second, Logger: quiet,
	}
	err := connectErr(t, cfg)
	if !errors.Is(err, ErrTLSVersion) {
		t.Fatalf("got %v, want %v", err, ErrTLSVersion)
	}
	if msg := err.Error(); strings.Contains(msg, "client certificate") || !strings.Contains(msg, "TLS 1.2 or newer") {
		t.Errorf("message %q", msg)
	}
}

func TestTLSVersionErrorsAreNamed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err    error
		broker bool
	}{
		{errors.New("remote error: tls: protocol version not supported"), true},
		{errors.New("tls: server selected unsupported protocol version 302"), false},
		{fmt.Errorf("dial: %w", errors.New("tls: no supported versions satisfy MinVersion and MaxVersion")), false},
	} {
		te := classifyTLS("broker:8883", tc.err)
		if te == nil || te.Kind != ErrTLSVersion || te.Broker != tc.broker {
			t.Errorf("classifyTLS(%q) = %+v, want %v (broker side %v)", tc.err, te, ErrTLSVersion, tc.broker)
			continue
		}
		if msg := te.Error(); strings.Contains(msg, "client certificate") {
			t.Errorf("%q blames the client certificate", msg)
		}
	}
}

func TestRegressionOtherBrokerAlertsBlameClientCertificate(t *testing.T) {
	t.Parallel()
	te := classifyTLS("broker:8883", errors.New("remote error: tls: internal error"))
	if te == nil || te.Kind != ErrHandshake || !te.Broker {
		t.Fatalf("classifyTLS = %+v", te)
	}
	if msg := te.Error(); strings.Contains(msg, "client certificate") || !strings.Contains(msg, "broker refused the handshake") {
		t.Errorf("an internal error alert reads %q", msg)
	}
}
