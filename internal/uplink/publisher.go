package uplink

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/cellgate/cellgate/internal/redact"
	"github.com/cellgate/cellgate/internal/retry"
)

// ErrNotRunning: Publish was called while Run is not connected and ctx ended.
var ErrNotRunning = errors.New("uplink: not connected")

// Stats are the publisher's counters.
type Stats struct {
	Connected   bool
	Published   uint64 // spool records sent
	Acked       uint64 // spool records acknowledged by the broker (PUBACK)
	InFlight    int64  // sent, not yet acknowledged
	Reconnects  uint64 // connections after the first, and failed attempts
	ATRequests  uint64 // remote AT commands received
	LastError   string
	LastErrorAt time.Time
}

// Publisher is an MQTT client for one gateway.
type Publisher struct {
	cfg    Config
	url    brokerURL
	tls    *tls.Config
	topics topics
	log    *slog.Logger

	mu        sync.Mutex
	client    paho.Client   // nil while disconnected
	ready     chan struct{} // closed while connected
	lastErr   string
	lastErrAt time.Time

	connected                            atomic.Bool
	published, acked, reconnects, atReqs atomic.Uint64
	inFlight                             atomic.Int64
	atq                                  chan atRequest

	routeMu sync.Mutex
	routes  map[string]string // record topic templates, expanded
}

// New checks cfg and returns a Publisher; nothing connects until Run.
func New(cfg Config) (*Publisher, error) {
	cfg.setDefaults()
	u, err := parseBroker(cfg.Broker)
	if err != nil {
		return nil, err
	}
	f, err := cfg.fields()
	if err != nil {
		return nil, err
	}
	t, err := cfg.expand(f)
	if err != nil {
		return nil, err
	}
	p := &Publisher{cfg: cfg, url: u, topics: t, log: cfg.Logger, ready: make(chan struct{})}
	if u.tls {
		if p.tls, err = buildTLS(&cfg, u.Hostname()); err != nil {
			return nil, err
		}
	} else if cfg.CAFile != "" || cfg.CertFile != "" || cfg.TLSConfig != nil {
		return nil, fmt.Errorf("uplink: broker %s is not TLS but TLS files are configured; use ssl:// or mqtts://", redact.Command(cfg.Broker))
	}
	if cfg.AT != nil {
		if err := cfg.AT.check(); err != nil {
			return nil, err
		}
		p.atq = make(chan atRequest, cfg.AT.Queue)
	}
	return p, nil
}

// Topic expands a topic template with the publisher's fields.
func (p *Publisher) Topic(tmpl string) (string, error) {
	f, err := p.cfg.fields()
	if err != nil {
		return "", err
	}
	return Expand(tmpl, f)
}

// StatusTopic, EventsTopic and LoggerTopic are the expanded topics.
func (p *Publisher) StatusTopic() string { return p.topics.status }
func (p *Publisher) EventsTopic() string { return p.topics.events }
func (p *Publisher) LoggerTopic() string { return p.topics.logger }

// ClientID is the MQTT client id in use.
func (p *Publisher) ClientID() string { return p.topics.clientID }

// Stats returns a snapshot of the counters.
func (p *Publisher) Stats() Stats {
	p.mu.Lock()
	le, lat := p.lastErr, p.lastErrAt
	p.mu.Unlock()
	return Stats{
		Connected: p.connected.Load(), Published: p.published.Load(), Acked: p.acked.Load(),
		InFlight: p.inFlight.Load(), Reconnects: p.reconnects.Load(), ATRequests: p.atReqs.Load(),
		LastError: le, LastErrorAt: lat,
	}
}

func (p *Publisher) fail(err error) {
	pw, _ := p.url.User.Password()
	shown := redact.Values(redact.Command(err.Error()), p.cfg.Password, pw)
	p.mu.Lock()
	p.lastErr, p.lastErrAt = shown, time.Now()
	p.mu.Unlock()
	p.log.Warn("uplink", "err", shown)
}

func (p *Publisher) setClient(c paho.Client) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.client = c
	p.connected.Store(c != nil)
	if c != nil {
		close(p.ready)
	} else {
		p.ready = make(chan struct{})
	}
}

// Publish sends an event or status message with QoS 1 and waits for the
// broker's acknowledgement. The topic may be a template ("[IMEI]/events").
// It waits for a connection until ctx ends.
func (p *Publisher) Publish(ctx context.Context, topic string, payload []byte, retained bool) error {
	t, err := p.Topic(topic)
	if err != nil {
		return err
	}
	if err := checkTopic(t, false); err != nil {
		return err
	}
	for {
		p.mu.Lock()
		c, ready := p.client, p.ready
		p.mu.Unlock()
		if c == nil {
			select {
			case <-ready:
				continue
			case <-ctx.Done():
				return fmt.Errorf("%w: %w", ErrNotRunning, ctx.Err())
			}
		}
		tok := c.Publish(t, 1, retained, payload)
		select {
		case <-tok.Done():
			if err := tok.Error(); err != nil {
				return fmt.Errorf("uplink: publish %s: %w", t, err)
			}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Run connects, keeps the connection, and drains src (which may be nil when
// only events and remote AT are wanted) until ctx ends; then it publishes
// the offline status, disconnects and returns nil.
func (p *Publisher) Run(ctx context.Context, src Source) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	if p.cfg.AT != nil {
		wg.Add(1)
		go func() { defer wg.Done(); p.atWorker(ctx) }()
	}
	bo := reconnectBackoff(p.cfg.BackoffMin, p.cfg.BackoffMax)
	first := true
	for {
		if !first {
			p.reconnects.Add(1)
		}
		first = false
		c, lost, err := p.connect(ctx)
		if err == nil {
			bo.Reset()
			p.setClient(c)
			err = p.session(ctx, c, lost, src)
			p.setClient(nil)
			if ctx.Err() != nil {
				p.goOffline(c)
				return nil
			}
			c.Disconnect(0)
		}
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			p.fail(err)
		}
		if !retry.Sleep(ctx, bo.Next()) {
			return nil
		}
	}
}

// goOffline publishes the offline status (a clean disconnect sends no last
// will) and disconnects.
func (p *Publisher) goOffline(c paho.Client) {
	tok := c.Publish(p.topics.status, 1, true, p.cfg.Offline)
	tok.WaitTimeout(2 * time.Second)
	c.Disconnect(250)
}
