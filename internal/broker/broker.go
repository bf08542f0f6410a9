// Package broker runs an embedded MQTT broker (mochi-mqtt) for the demo and
// the tests: a TLS listener that requires client certificates signed by a
// given CA, and an optional plain TCP listener. It is not meant to face the
// internet.
//
// # Who may use which topic
//
// A client's identity comes from its verified client certificate, never
// from the client id or user name it claims (see package pki). A device
// certificate names the device by its common name, the modem's IMEI, and
// the device may publish and subscribe only under "<IMEI>/" (no wildcard
// above its own level, no "$" topics, no shared subscriptions), as the
// server's broker will allow it. An operator certificate (organizational
// unit pki.OperatorUnit) may use every topic. A certificate whose common
// name cannot be a topic level (empty, or holding '/', '+', '#', a control
// character or a leading '$') is refused, and so is a client whose last
// will is on a topic it may not use, or that claims the client id of a
// connected client of another identity (a session takeover). Clients of
// the plain listener have no certificate: they are refused unless
// Config.TrustPlain makes them operators. The broker's inline client
// (Server().Publish and Subscribe) is an operator.
package broker

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"

	mqtt "github.com/mochi-mqtt/server/v2"
)

// Config describes the listeners.
type Config struct {
	// TLSAddr is the TLS listener's address ("127.0.0.1:0" picks a port);
	// empty for no TLS listener.
	TLSAddr string
	// CertFile and KeyFile, or Certificate, are the broker's certificate.
	CertFile, KeyFile string
	Certificate       *tls.Certificate
	// ClientCA (PEM file) or ClientCAs verifies client certificates; one of
	// them is required with a TLS listener, and clients without a
	// certificate it verifies are refused.
	ClientCA  string
	ClientCAs *x509.CertPool
	// PlainAddr is an optional plain TCP listener's address.
	PlainAddr string
	// TrustPlain makes the plain listener's clients operators, allowed
	// every topic; without it they are refused. For tests on loopback.
	TrustPlain bool
	// Logger receives the broker's logs; nil discards them.
	Logger *slog.Logger
}

// The listener ids.
const (
	tlsListener   = "tls"
	plainListener = "plain"
)

// Broker is a running embedded broker.
type Broker struct {
	srv       *mqtt.Server
	tlsAddr   string
	plainAddr string
	stop      chan struct{}
	once      sync.Once
	stopOnce  sync.Once
	wg        sync.WaitGroup
}

// Start starts the broker; it stops when ctx ends or Close is called.
func Start(ctx context.Context, cfg Config) (*Broker, error) {
	if cfg.TLSAddr == "" && cfg.PlainAddr == "" {
		return nil, errors.New("broker: no listener configured")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv := mqtt.New(&mqtt.Options{InlineClient: true, Logger: log})
	if err := srv.AddHook(&aclHook{srv: srv, trustPlain: cfg.TrustPlain}, nil); err != nil {
		return nil, fmt.Errorf("broker: %w", err)
	}
	b := &Broker{srv: srv, stop: make(chan struct{})}
	if cfg.TLSAddr != "" {
		tc, err := tlsConfig(cfg)
		if err != nil {
			return nil, err
		}
		l := &tcpListener{id: tlsListener, addr: cfg.TLSAddr, tls: tc}
		if err := srv.AddListener(l); err != nil {
			srv.Close()
			return nil, fmt.Errorf("broker: TLS listener %s: %w", cfg.TLSAddr, err)
		}
		b.tlsAddr = l.Address()
	}
	if cfg.PlainAddr != "" {
		l := &tcpListener{id: plainListener, addr: cfg.PlainAddr}
		if err := srv.AddListener(l); err != nil {
			srv.Close()
			return nil, fmt.Errorf("broker: listener %s: %w", cfg.PlainAddr, err)
		}
		b.plainAddr = l.Address()
	}
	if err := srv.Serve(); err != nil {
		srv.Close()
		return nil, fmt.Errorf("broker: %w", err)
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		select {
		case <-ctx.Done():
			b.shutdown()
		case <-b.stop:
		}
	}()
	return b, nil
}

func tlsConfig(cfg Config) (*tls.Config, error) {
	var cert tls.Certificate
	switch {
	case cfg.Certificate != nil:
		cert = *cfg.Certificate
	case cfg.CertFile != "" && cfg.KeyFile != "":
		var err error
		if cert, err = tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile); err != nil {
			return nil, fmt.Errorf("broker: certificate %s, key %s: %w", cfg.CertFile, cfg.KeyFile, err)
		}
	default:
		return nil, errors.New("broker: TLS listener needs CertFile and KeyFile or Certificate")
	}
	pool := cfg.ClientCAs
	if pool == nil {
		if cfg.ClientCA == "" {
			return nil, errors.New("broker: TLS listener needs ClientCA or ClientCAs")
		}
		pem, err := os.ReadFile(cfg.ClientCA)
		if err != nil {
			return nil, fmt.Errorf("broker: client CA: %w", err)
		}
		pool = x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("broker: client CA %s: no PEM certificate", cfg.ClientCA)
		}
	}
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
	}, nil
}

// Addr is the TLS listener's address (host:port), or "" without one.
func (b *Broker) Addr() string { return b.tlsAddr }

// PlainAddr is the plain listener's address, or "" without one.
func (b *Broker) PlainAddr() string { return b.plainAddr }

// Server exposes the mochi server (inline publish and subscribe).
func (b *Broker) Server() *mqtt.Server { return b.srv }

// Kick drops a client's connection without a DISCONNECT, as a network
// failure would; the broker then publishes the client's last will. It
// reports whether the client was connected.
func (b *Broker) Kick(clientID string) bool {
	cl, ok := b.srv.Clients.Get(clientID)
	if !ok || cl.Closed() {
		return false
	}
	cl.Stop(errors.New("kicked"))
	return true
}

func (b *Broker) shutdown() { b.once.Do(func() { b.srv.Close() }) }

// Close stops the broker and its listeners.
func (b *Broker) Close() error {
	b.shutdown()
	b.stopOnce.Do(func() { close(b.stop) })
	b.wg.Wait()
	return nil
}
