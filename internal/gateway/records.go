package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/uplink"
)

// Types of the records the gateway writes besides readings.
const (
	TypeEvent  = "event"
	TypeStatus = "status"
)

// outputSpool is an output's own spool, so that a slow or broken output
// never holds back (or loses records of) another.
type outputSpool struct {
	name string // "mqtt" or "https"
	sp   *spool.Spool
}

// recorder is where every record of a configuration goes: it numbers the
// records (the state directory's "seq"), knows the gateway's identity and
// appends each record to every output's spool. It is the first component
// of a configuration and the last closed, so that whatever the others
// record while they stop is kept for the next start.
type recorder struct {
	cfg    *config.Config
	log    *slog.Logger
	events *metrics.CounterVec // events recorded, by source and kind

	imei   atomic.Pointer[string]
	seq    *record.Sequencer
	spools []outputSpool
}

// newRecorder opens the sequence numbers and a spool for each configured
// output. The configured IMEI is known at once, so that the events of the
// start (a missing modem port) are recorded.
func newRecorder(cfg *config.Config, log *slog.Logger, events *metrics.CounterVec) (_ *recorder, err error) {
	r := &recorder{cfg: cfg, log: log, events: events}
	defer func() {
		if err != nil {
			_ = r.Close()
		}
	}()
	if r.seq, err = record.OpenSequencer(statePath(cfg, "seq"), record.DefaultSeqBatch); err != nil {
		return nil, fmt.Errorf("sequence numbers: %w", err)
	}
	names := outputNames(cfg)
	// spool.max_bytes bounds the spools together, so that two outputs do
	// not take twice the flash the configuration allows.
	opt := cfg.Spool.Options()
	if opt.MaxBytes > 0 && len(names) > 1 {
		opt.MaxBytes /= int64(len(names))
	}
	for _, name := range names {
		sp, err := spool.Open(spoolDir(cfg, name), opt)
		if err != nil {
			return nil, fmt.Errorf("spool for %s: %w", name, err)
		}
		r.spools = append(r.spools, outputSpool{name: name, sp: sp})
		if st := sp.Stats(); st.Recovered > 0 {
			log.Info("spool recovered records waiting for delivery", "output", name, "records", st.Recovered)
		}
	}
	if imei := cfg.Gateway.IMEI; imei != "" {
		r.setIMEI(imei)
	}
	return r, nil
}

// Start starts nothing: the recorder only holds the state.
func (r *recorder) Start(context.Context) error { return nil }

// Close closes the spools and the sequence numbers.
func (r *recorder) Close() error {
	for _, o := range r.spools {
		if err := o.sp.Close(); err != nil {
			r.log.Warn("closing the spool", "output", o.name, "err", err)
		}
	}
	if r.seq != nil {
		_ = r.seq.Close()
	}
	return nil
}

// spoolDir is an output's own spool directory.
func spoolDir(c *config.Config, name string) string {
	return filepath.Join(c.Spool.Dir, name)
}

// IMEI returns the gateway's identity, "" until it is known.
func (r *recorder) IMEI() string {
	if s := r.imei.Load(); s != nil {
		return *s
	}
	return ""
}

func (r *recorder) setIMEI(imei string) { r.imei.Store(&imei) }

// backlog is the most records waiting in one output's spool.
func (r *recorder) backlog() int64 {
	var n int64
	for _, o := range r.spools {
		n = max(n, o.sp.Stats().Records)
	}
	return n
}

// append stores data in every output's spool. It fails if any spool refused
// it; the record is then in the others.
func (r *recorder) append(data []byte) error { return r.appendTo("", data) }

// appendTo is append for a record published to topic, not the logger topic.
func (r *recorder) appendTo(topic string, data []byte) error {
	var errs []error
	for _, o := range r.spools {
		if _, err := o.sp.AppendTo(topic, data); err != nil {
			errs = append(errs, fmt.Errorf("%s spool: %w", o.name, err))
		}
	}
	return errors.Join(errs...)
}

// event logs one line and, once the identity is known, records the event
// for the events topic. Fields, when given, follow kind and detail as
// further values of the record and attributes of the log line.
func (r *recorder) event(source, kind, detail string, fields ...record.Value) {
	r.events.With(source, kind).Inc()
	attrs := []any{"source", source, "kind", kind, "detail", detail}
	for _, f := range fields {
		attrs = append(attrs, f.Name, f.Value)
	}
	r.log.Info("event", attrs...)
	imei := r.IMEI()
	if imei == "" || len(r.spools) == 0 {
		return
	}
	rec := record.Record{
		Device: imei, TS: time.Now().UTC(), Type: TypeEvent, Source: source,
		Values: append([]record.Value{{Name: "kind", Value: kind}, {Name: "detail", Value: detail}}, fields...),
	}
	r.store(rec, r.eventsTopic())
}

// store numbers rec and appends it, routed to topic.
func (r *recorder) store(rec record.Record, topic string) {
	seq, err := r.seq.Next(rec.Device)
	if err != nil {
		r.log.Warn("no sequence number for a record", "type", rec.Type, "err", err)
		return
	}
	rec.Seq = seq
	data, err := json.Marshal(rec)
	if err != nil {
		r.log.Warn("record not encodable", "type", rec.Type, "err", err)
		return
	}
	if err := r.appendTo(topic, data); err != nil {
		r.log.Warn("record not stored", "type", rec.Type, "err", err)
	}
}

func (r *recorder) eventsTopic() string {
	if m := r.cfg.Outputs.MQTT; m != nil && m.EventsTopic != "" {
		return m.EventsTopic
	}
	return uplink.DefaultEventsTopic
}

// statusTopic is where modem status records go: below the status topic,
// whose own retained payload stays "online"/"offline".
func (r *recorder) statusTopic() string {
	if m := r.cfg.Outputs.MQTT; m != nil && m.StatusTopic != "" {
		return m.StatusTopic + "/modem"
	}
	return uplink.DefaultStatusTopic + "/modem"
}
