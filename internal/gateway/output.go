package gateway

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/uplink"
)

// outputNames are the outputs the configuration enables, in their order.
func outputNames(c *config.Config) []string {
	var names []string
	if c.Outputs.MQTT != nil {
		names = append(names, "mqtt")
	}
	if c.Outputs.HTTPS != nil {
		names = append(names, "https")
	}
	return names
}

// output is one destination: it delivers its own spool (which the recorder
// fills and closes) to the MQTT broker or the HTTPS server, and measures
// the delivery latency.
type output struct {
	name     string // "mqtt" or "https"
	cfg      *config.Config
	log      *slog.Logger
	sp       *spool.Spool
	src      *trackedSource
	imei     func() string
	modem    *modemUnit // nil without a modem: no remote AT
	remoteAT *remoteAT
	run      routines

	mu   sync.Mutex
	pub  *uplink.Publisher // the MQTT publisher running now
	prev uplink.Stats      // the counters of the publishers before it
	post *uplink.HTTPPoster
	// restart asks the running publisher to stop and start afresh.
	restart chan struct{}
}

// newOutput makes the output of sp; it delivers nothing before Start.
func newOutput(s outputSpool, cfg *config.Config, log *slog.Logger, imei func() string, delivery *metrics.HistogramVec, m *modemUnit, ra *remoteAT) *output {
	return &output{
		name: s.name, cfg: cfg, log: log, sp: s.sp, imei: imei, modem: m, remoteAT: ra,
		src:     newTrackedSource(uplink.FromSpool(s.sp), delivery.With(s.name)),
		restart: make(chan struct{}, 1),
	}
}

// Start starts the publisher or poster; the identity is known. An MQTT
// publisher that cannot be made now is reported and tried again; a poster
// that cannot be made does not start.
func (o *output) Start(ctx context.Context) error {
	o.run.init(ctx)
	switch o.name {
	case "mqtt":
		_, err := o.newPublisher() // check now, report once
		o.run.Go(o.runMQTT)
		return err
	case "https":
		post, err := o.newPoster()
		if err != nil {
			return err
		}
		o.mu.Lock()
		o.post = post
		o.mu.Unlock()
		o.run.Go(func(ctx context.Context) { _ = post.Run(ctx, o.src) })
	}
	return nil
}

// Close stops the delivery; what was not delivered stays in the spool.
func (o *output) Close() error {
	o.run.stop()
	return nil
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

// runMQTT runs the MQTT publisher, afresh after each watchdog restart. A
// publisher that cannot be made (its TLS files unreadable while they are
// renewed) is tried again at the next restart or after a minute.
func (o *output) runMQTT(ctx context.Context) {
	failing := false
	for ctx.Err() == nil {
		pub, err := o.newPublisher()
		if err != nil {
			if !failing {
				o.log.Error("MQTT output cannot start; retrying", "err", err)
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
			o.log.Info("MQTT output starts again")
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
				o.log.Warn("restarting the MQTT connection")
				cancel()
			case <-rctx.Done():
			}
		}()
		_ = pub.Run(rctx, o.src)
		cancel()
		<-done
	}
}

func (o *output) newPublisher() (*uplink.Publisher, error) {
	m := o.cfg.Outputs.MQTT
	c := uplink.Config{
		Broker:      m.Broker,
		IMEI:        o.imei(),
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
		Logger:      o.log,
	}
	if o.remoteAT.cfg.Enabled && o.modem != nil {
		at, err := o.remoteAT.uplink(o.modem)
		if err != nil {
			return nil, err
		}
		c.AT = at
	}
	return uplink.New(c)
}

func (o *output) newPoster() (*uplink.HTTPPoster, error) {
	h := o.cfg.Outputs.HTTPS
	return uplink.NewHTTP(uplink.HTTPConfig{
		URL: h.URL, CAFile: h.CA, CertFile: h.Cert, KeyFile: h.Key, ServerName: h.ServerName,
		Header: h.Headers, BatchSize: h.Batch, Timeout: h.Timeout.D(), Format: h.Format,
		Logger: o.log,
	})
}

// outputDrain follows the outputs in a configuration's list, so that it is
// closed after the collectors and before the outputs: it waits up to its
// bound for the connected outputs to deliver what waits.
type outputDrain struct {
	outs []*output
	d    time.Duration
	log  *slog.Logger
}

func (d *outputDrain) Start(context.Context) error { return nil }

// Close waits until no connected output has records waiting, or the bound
// passed.
func (d *outputDrain) Close() error {
	deadline := time.Now().Add(d.d)
	for time.Now().Before(deadline) {
		waiting := false
		for _, o := range d.outs {
			if o.sp.Stats().Records > 0 && o.connected() {
				waiting = true
			}
		}
		if !waiting {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	d.log.Info("shutdown: records left in the spool for the next start")
	return nil
}
