package gateway

import (
	"context"
	"encoding/json"
	"time"

	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/uplink"
)

// Types of the records the gateway writes besides readings.
const (
	TypeEvent  = "event"
	TypeStatus = "status"
)

// event logs one line and, once the identity is known, records the event
// for the events topic. Fields, when given, follow kind and detail as
// further values of the record and attributes of the log line.
func (p *parts) event(source, kind, detail string, fields ...record.Value) {
	p.g.obs.events.With(source, kind).Inc()
	attrs := []any{"source", source, "kind", kind, "detail", detail}
	for _, f := range fields {
		attrs = append(attrs, f.Name, f.Value)
	}
	p.log.Info("event", attrs...)
	imei := p.IMEI()
	if imei == "" || len(p.outs) == 0 {
		return
	}
	r := record.Record{
		Device: imei, TS: time.Now().UTC(), Type: TypeEvent, Source: source,
		Values: append([]record.Value{{Name: "kind", Value: kind}, {Name: "detail", Value: detail}}, fields...),
	}
	p.store(r, p.eventsTopic())
}

// store numbers r and appends it, routed to topic.
func (p *parts) store(r record.Record, topic string) {
	seq, err := p.seq.Next(r.Device)
	if err != nil {
		p.log.Warn("no sequence number for a record", "type", r.Type, "err", err)
		return
	}
	r.Seq = seq
	data, err := json.Marshal(r)
	if err != nil {
		p.log.Warn("record not encodable", "type", r.Type, "err", err)
		return
	}
	if err := p.appendTo(topic, data); err != nil {
		p.log.Warn("record not stored", "type", r.Type, "err", err)
	}
}

func (p *parts) eventsTopic() string {
	if m := p.cfg.Outputs.MQTT; m != nil && m.EventsTopic != "" {
		return m.EventsTopic
	}
	return uplink.DefaultEventsTopic
}

// statusTopic is where modem status records go: below the status topic,
// whose own retained payload stays "online"/"offline".
func (p *parts) statusTopic() string {
	if m := p.cfg.Outputs.MQTT; m != nil && m.StatusTopic != "" {
		return m.StatusTopic + "/modem"
	}
	return uplink.DefaultStatusTopic + "/modem"
}

// recordStatus records the modem's status and signal at start and every
// status interval.
func (p *parts) recordStatus(ctx context.Context) {
	every := p.cfg.Gateway.StatusInterval.D()
	if p.mgr == nil || every <= 0 {
		return
	}
	// The first record waits for the modem to come online (or 30 s), so
	// that it says more than "probing".
	wait := time.NewTicker(500 * time.Millisecond)
	defer wait.Stop()
	for start := time.Now(); p.mgr.Status().State != modem.StateOnline && time.Since(start) < 30*time.Second; {
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		p.store(statusRecord(p.IMEI(), p.mgr.Status()), p.statusTopic())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// statusRecord is the modem's status as a record.
func statusRecord(imei string, s modem.Status) record.Record {
	v := []record.Value{
		{Name: "state", Value: string(s.State)},
		{Name: "registration", Value: s.Registration.State},
		{Name: "roaming", Value: s.Registration.Roaming},
		{Name: "operator", Value: s.Registration.Operator},
		{Name: "plmn", Value: s.Registration.PLMN},
		{Name: "rat", Value: s.Registration.RAT},
		{Name: "lac", Value: s.Registration.LAC},
		{Name: "ci", Value: s.Registration.CI},
		{Name: "bearer", Value: s.Bearer.Up},
		{Name: "ip", Value: s.Bearer.IP},
		{Name: "bars", Value: s.Signal.Bars},
		{Name: "iccid", Value: s.ICCID},
		{Name: "sim", Value: string(s.SIM)},
		{Name: "restarts", Value: s.Restarts},
	}
	for _, f := range []struct {
		name, unit string
		v          *float64
	}{
		{"rssi", "dBm", s.Signal.RSSI}, {"rsrp", "dBm", s.Signal.RSRP},
		{"rsrq", "dB", s.Signal.RSRQ}, {"sinr", "dB", s.Signal.SINR},
		{"rscp", "dBm", s.Signal.RSCP}, {"ecio", "dB", s.Signal.EcIo},
	} {
		if f.v != nil {
			v = append(v, record.Value{Name: f.name, Value: *f.v, Unit: f.unit})
		}
	}
	if s.LastError != "" {
		v = append(v, record.Value{Name: "last_error", Value: s.LastError})
	}
	return record.Record{Device: imei, TS: time.Now().UTC(), Type: TypeStatus, Source: "modem", Values: v}
}
