package uplink

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/cellgate/cellgate/internal/broker"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/testkit"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// The IMEI of the Titan router in the seed (titan-an32).
const imei = "357299070082380"

// memSource is an in-memory Source.
type memSource struct {
	mu     sync.Mutex
	recs   map[uint64]spool.Entry
	next   uint64
	acked  []uint64
	notify chan struct{}
}

func newMemSource() *memSource {
	return &memSource{recs: map[uint64]spool.Entry{}, notify: make(chan struct{}, 1)}
}

func (s *memSource) Add(data string) uint64 {
	s.mu.Lock()
	s.next++
	id := s.next
	s.recs[id] = spool.Entry{ID: id, Time: time.Now(), Data: []byte(data)}
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
	return id
}

func (s *memSource) Read(after uint64, max int) ([]spool.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []spool.Entry
	for _, r := range s.recs {
		if r.ID > after {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) > max {
		out = out[:max]
	}
	return out, nil
}

func (s *memSource) Ack(id uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.recs, id)
	s.acked = append(s.acked, id)
	return nil
}

func (s *memSource) Notify() <-chan struct{} { return s.notify }

func (s *memSource) Left() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.recs)
}

func (s *memSource) Acked() []uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]uint64(nil), s.acked...)
}

// env is a CA with a broker certificate and a device certificate on disk.
type env struct{ *rig.PKI }

func newEnv(t *testing.T) *env { t.Helper(); return &env{rig.NewPKI(t, "", imei)} }

func (e *env) path(name string) string { return filepath.Join(e.Dir, name) }

// startBroker starts the embedded broker with TLS and a plain listener for
// observers. tlsAddr "" picks a free port.
func (e *env) startBroker(t *testing.T, tlsAddr string) *broker.Broker {
	t.Helper()
	return rig.StartBroker(t, rig.BrokerConfig{PKI: e.PKI, Addr: tlsAddr, Plain: true}).Broker()
}

func (e *env) config(b *broker.Broker) Config {
	return Config{
		Broker: "ssl://" + b.Addr(), IMEI: imei,
		CAFile: e.CAFile, CertFile: e.CertFile, KeyFile: e.KeyFile,
		BackoffMin: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
		PollInterval: 50 * time.Millisecond, ConnectTimeout: 3 * time.Second, Logger: quiet,
	}
}

// observer is a plain MQTT client that records what it receives.
type observer struct {
	c  paho.Client
	ch chan paho.Message
}

func observe(t *testing.T, addr string, topics ...string) *observer {
	t.Helper()
	o := &observer{ch: make(chan paho.Message, 1000)}
	opts := paho.NewClientOptions().AddBroker("tcp://" + addr).SetClientID("observer-" + t.Name()).
		SetAutoReconnect(false).SetOrderMatters(true)
	o.c = paho.NewClient(opts)
	if tok := o.c.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("observer connect: %v", tok.Error())
	}
	t.Cleanup(func() { o.c.Disconnect(0) })
	for _, tp := range topics {
		tok := o.c.Subscribe(tp, 1, func(_ paho.Client, m paho.Message) { o.ch <- m })
		if !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
			t.Fatalf("subscribe %s: %v", tp, tok.Error())
		}
	}
	return o
}

func (o *observer) next(t *testing.T) paho.Message {
	t.Helper()
	select {
	case m := <-o.ch:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message within 10s")
		return nil
	}
}

func (o *observer) publish(t *testing.T, topic, payload string) {
	t.Helper()
	if tok := o.c.Publish(topic, 1, false, payload); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("publish: %v", tok.Error())
	}
}

// run starts p.Run and returns a function that stops it and waits.
func run(t *testing.T, p *Publisher, src Source) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, src) }()
	var once bool
	stop = func() {
		if once {
			return
		}
		once = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not return")
		}
	}
	t.Cleanup(stop)
	return stop
}

func waitConnected(t *testing.T, p *Publisher) {
	t.Helper()
	testkit.Eventually(t, "connection", func() bool { return p.Stats().Connected })
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
