package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/redact"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/uplink"
)

// output is one destination with its own spool, so that a slow or broken
// one never holds back (or loses records of) another.
type output struct {
	name string // "mqtt" or "https"
	sp   *spool.Spool
	src  *trackedSource

	mu   sync.Mutex
	pub  *uplink.Publisher // the MQTT publisher running now
	prev uplink.Stats      // the counters of the publishers before it
	post *uplink.HTTPPoster
	// restart asks the running publisher to stop and start afresh.
	restart chan struct{}
}

func (o *output) publisher() *uplink.Publisher {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.pub
}

// mqttStats returns the MQTT counters of the output, across restarts of
// its publisher (the state and the in-flight gauge are the current one's).
func (o *output) mqttStats() (uplink.Stats, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.pub == nil {
		return uplink.Stats{}, false
	}
	st := o.pub.Stats()
	st.Published += o.prev.Published
	st.Acked += o.prev.Acked
	st.Reconnects += o.prev.Reconnects
	st.ATRequests += o.prev.ATRequests
	return st, true
}

func (o *output) poster() *uplink.HTTPPoster {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.post
}

// connected reports whether the output can deliver now.
func (o *output) connected() bool {
	if pub := o.publisher(); pub != nil {
		return pub.Stats().Connected
	}
	if post := o.poster(); post != nil {
		s := post.Stats()
		return s.LastStatus >= 200 && s.LastStatus < 300
	}
	return false
}

// Restart makes the output reconnect from scratch (the application
// watchdog's action).
func (o *output) Restart(ctx context.Context) error {
	select {
	case o.restart <- struct{}{}:
	default:
	}
	return nil
}

// openOutputs opens a spool for each configured output.
func (p *parts) openOutputs() error {
	var names []string
	if p.cfg.Outputs.MQTT != nil {
		names = append(names, "mqtt")
	}
	if p.cfg.Outputs.HTTPS != nil {
		names = append(names, "https")
	}
	// spool.max_bytes bounds the spools together, so that two outputs do
	// not take twice the flash the configuration allows.
	opt := p.cfg.Spool.Options()
	if opt.MaxBytes > 0 && len(names) > 1 {
		opt.MaxBytes /= int64(len(names))
	}
	for _, name := range names {
		sp, err := spool.Open(spoolDir(p.cfg, name), opt)
		if err != nil {
			return fmt.Errorf("spool for %s: %w", name, err)
		}
		o := &output{name: name, sp: sp, restart: make(chan struct{}, 1)}
		o.src = newTrackedSource(uplink.FromSpool(sp), p.g.obs.delivery.With(name))
		p.outs = append(p.outs, o)
		if st := sp.Stats(); st.Recovered > 0 {
			p.log.Info("spool recovered records waiting for delivery", "output", name, "records", st.Recovered)
		}
	}
	return nil
}

// append stores data in every output's spool. It fails if any spool refused
// it; the record is then in the others.
func (p *parts) append(data []byte) error { return p.appendTo("", data) }

// appendTo is append for a record published to topic, not the logger topic.
func (p *parts) appendTo(topic string, data []byte) error {
	var errs []error
	for _, o := range p.outs {
		if _, err := o.sp.AppendTo(topic, data); err != nil {
			errs = append(errs, fmt.Errorf("%s spool: %w", o.name, err))
		}
	}
	return errors.Join(errs...)
}

// startOutputs starts the publishers; the identity is known. One that
// cannot start does not keep the others from starting.
func (p *parts) startOutputs() error {
	var errs []error
	for _, o := range p.outs {
		switch o.name {
		case "mqtt":
			if _, err := p.newPublisher(); err != nil { // check now, report once
				errs = append(errs, err)
			}
			p.outputs.Go(func(ctx context.Context) { p.runMQTT(ctx, o) })
		case "https":
			post, err := p.newPoster()
			if err != nil {
				errs = append(errs, err)
				continue
			}
			o.mu.Lock()
			o.post = post
			o.mu.Unlock()
			p.outputs.Go(func(ctx context.Context) { _ = post.Run(ctx, o.src) })
		}
	}
	return errors.Join(errs...)
}

// runMQTT runs the MQTT publisher, afresh after each watchdog restart. A
// publisher that cannot be made (its TLS files unreadable while they are
// renewed) is tried again at the next restart or after a minute.
func (p *parts) runMQTT(ctx context.Context, o *output) {
	failing := false
	for ctx.Err() == nil {
		pub, err := p.newPublisher()
		if err != nil {
			if !failing {
				p.log.Error("MQTT output cannot start; retrying", "err", err)
				failing = true
			}
			select {
			case <-ctx.Done():
			case <-o.restart:
			case <-time.After(time.Minute):
			}
			continue
		}
		if failing {
			p.log.Info("MQTT output starts again")
			failing = false
		}
		o.mu.Lock()
		if old := o.pub; old != nil { // a restart: a new connection
			st := old.Stats()
			o.prev.Published += st.Published
			o.prev.Acked += st.Acked
			o.prev.Reconnects += st.Reconnects + 1
			o.prev.ATRequests += st.ATRequests
		}
		o.pub = pub
		o.mu.Unlock()
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			select {
			case <-o.restart:
				p.log.Warn("restarting the MQTT connection")
				cancel()
			case <-rctx.Done():
			}
		}()
		_ = pub.Run(rctx, o.src)
		cancel()
		<-done
	}
}

func (p *parts) newPublisher() (*uplink.Publisher, error) {
	m := p.cfg.Outputs.MQTT
	c := uplink.Config{
		Broker:      m.Broker,
		IMEI:        p.IMEI(),
		ClientID:    m.ClientID,
		Username:    m.Username,
		Password:    m.Password.Value,
		CAFile:      m.CA,
		CertFile:    m.Cert,
		KeyFile:     m.Key,
		ServerName:  m.ServerName,
		LoggerTopic: m.Topic,
		StatusTopic: m.StatusTopic,
		EventsTopic: m.EventsTopic,
		InFlight:    m.InFlight,
		KeepAlive:   m.KeepAlive.D(),
		Logger:      p.log,
	}
	if r := p.cfg.RemoteAT; r.Enabled && p.eng != nil {
		pol, lim, err := p.atPolicy(r)
		if err != nil {
			return nil, err
		}
		c.AT = &uplink.ATConfig{
			Runner: modemRunner{p}, Policy: pol, Limiter: lim,
			Topic: r.Topic, ResponseTopic: r.ResponseTopic, JSON: r.JSON, Timeout: r.Timeout.D(),
			Audit: func(a uplink.ATAudit) { p.auditAT(a) },
		}
	}
	return uplink.New(c)
}

func (p *parts) newPoster() (*uplink.HTTPPoster, error) {
	h := p.cfg.Outputs.HTTPS
	return uplink.NewHTTP(uplink.HTTPConfig{
		URL: h.URL, CAFile: h.CA, CertFile: h.Cert, KeyFile: h.Key, ServerName: h.ServerName,
		Header: h.Headers, BatchSize: h.Batch, Timeout: h.Timeout.D(), Format: h.Format,
		Logger: p.log,
	})
}

// auditAT records a remote AT request as an event, within the rate of
// remoteATBurst and remoteATEvery, with its secrets masked.
func (p *parts) auditAT(a uplink.ATAudit) {
	note, ok := p.admitEvent(p.g.atEvents, time.Now(), "remote-at", "requests")
	if !ok {
		return
	}
	cmd := redact.Command(a.Command)
	var detail string
	switch {
	case !a.Allowed:
		detail = fmt.Sprintf("%s refused: %s", cmd, redact.Command(a.Reason))
	case a.Err != nil:
		detail = fmt.Sprintf("%s failed: %s", cmd, redact.Command(a.Err.Error()))
	default:
		detail = fmt.Sprintf("%s → %s in %v", cmd, redact.Command(a.Final), a.Duration.Round(time.Millisecond))
	}
	p.event("remote-at", "command", detail+note)
}

// modemRunner runs remote AT commands on the modem, failing at once while
// its port is not open.
type modemRunner struct{ p *parts }

var errNoModem = errors.New("modem not available")

func (r modemRunner) Command(ctx context.Context, cmd string, opts ...at.Option) (*at.Response, error) {
	if !r.p.engUp.Load() || !r.p.eng.Available() {
		return nil, errNoModem
	}
	return r.p.eng.Command(ctx, cmd, opts...)
}

// runAT runs one command for the SMS console and renders its answer.
func (r modemRunner) text(ctx context.Context, cmd string) (string, error) {
	resp, err := r.Command(ctx, cmd)
	if resp == nil {
		return "", err
	}
	// The answer goes back by SMS: a password a read command shows
	// (AT^AUTHDATA?) is masked.
	out := strings.Join(append(redact.Response(resp.Lines), resp.Final), "\n")
	return strings.TrimSpace(out), err
}
