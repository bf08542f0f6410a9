package rig

import (
	"context"
	"sync"
	"testing"
	"time"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"

	"github.com/cellgate/cellgate/internal/broker"
	"github.com/cellgate/cellgate/internal/testkit"
)

// BrokerConfig is what an embedded broker for one test serves.
type BrokerConfig struct {
	// PKI gives the broker's certificate and the CA that verifies the
	// client certificates its TLS listener requires.
	PKI *PKI
	// Addr is the TLS listener's address; "" picks a free loopback port.
	// A broker started again keeps it.
	Addr string
	// Plain adds a plain loopback listener whose clients are operators
	// (every topic allowed), for observers.
	Plain bool
}

// InboxSubscription is the identifier of the inline subscription that
// fills the inbox. The broker merges inline subscriptions by identifier, so
// a test that subscribes inline itself must use another.
const InboxSubscription = 268435455 // the largest MQTT subscription identifier

// Message is one publish the broker received.
type Message struct {
	Topic    string
	Payload  string
	Retained bool
	At       time.Time
}

// Broker is the embedded broker (internal/broker) owned by one test, with
// an inbox of every message it received, across restarts. It stops when
// the test ends.
type Broker struct {
	Addr string // the TLS listener's, the same across restarts

	tb  testing.TB
	cfg BrokerConfig

	mu    sync.Mutex
	b     *broker.Broker
	inbox []Message
}

// StartBroker starts the broker and its inbox.
func StartBroker(tb testing.TB, cfg BrokerConfig) *Broker {
	tb.Helper()
	if cfg.Addr == "" {
		cfg.Addr = testkit.FreeAddr(tb)
	}
	r := &Broker{Addr: cfg.Addr, tb: tb, cfg: cfg}
	tb.Cleanup(r.Stop)
	r.Start()
	return r
}

// Start starts the broker (again) at Addr, trying again while the port of
// the previous one is being released.
func (r *Broker) Start() {
	r.tb.Helper()
	cfg := broker.Config{TLSAddr: r.Addr, Certificate: r.cfg.PKI.ServerTLS(r.tb), ClientCAs: r.cfg.PKI.CA.Pool()}
	if r.cfg.Plain {
		cfg.PlainAddr, cfg.TrustPlain = "127.0.0.1:0", true
	}
	var b *broker.Broker
	deadline := time.Now().Add(testkit.Patience)
	for {
		var err error
		if b, err = broker.Start(context.Background(), cfg); err == nil {
			break
		}
		if time.Now().After(deadline) {
			r.tb.Fatalf("broker: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := b.Server().Subscribe("#", InboxSubscription, func(_ *mqtt.Client, _ packets.Subscription, pk packets.Packet) {
		r.mu.Lock()
		r.inbox = append(r.inbox, Message{Topic: pk.TopicName, Payload: string(pk.Payload), Retained: pk.FixedHeader.Retain, At: time.Now()})
		r.mu.Unlock()
	}); err != nil {
		b.Close()
		r.tb.Fatalf("broker subscription: %v", err)
	}
	r.mu.Lock()
	r.b = b
	r.mu.Unlock()
}

// Stop closes the broker; the inbox stays.
func (r *Broker) Stop() {
	r.mu.Lock()
	b := r.b
	r.b = nil
	r.mu.Unlock()
	if b != nil {
		b.Close()
	}
}

// Broker is the running broker, nil while stopped.
func (r *Broker) Broker() *broker.Broker {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.b
}

// PlainAddr is the running broker's plain listener ("" without Plain or
// while stopped); it changes when the broker starts again.
func (r *Broker) PlainAddr() string {
	if b := r.Broker(); b != nil {
		return b.PlainAddr()
	}
	return ""
}

// Messages is a copy of what the broker received so far.
func (r *Broker) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.inbox...)
}

// WaitMessages waits until cond holds for what the broker received and
// returns those messages; it fails the test, naming what, after
// testkit.Patience.
func (r *Broker) WaitMessages(tb testing.TB, what string, cond func([]Message) bool) []Message {
	tb.Helper()
	var ms []Message
	testkit.Eventually(tb, what, func() bool {
		ms = r.Messages()
		return cond(ms)
	})
	return ms
}
