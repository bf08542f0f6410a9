package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/record"
)

// modemRecords records what the modem reports: its status and signal at
// start and every gateway.status_interval, the manager's events, and the
// AT engine's own events within their rate.
type modemRecords struct {
	cfg   *config.Config
	rec   *recorder
	modem *modemUnit
	link  *eventBucket        // the rate of the engine's events (the Gateway's)
	held  *metrics.CounterVec // events held back, by source
	run   routines
}

func newModemRecords(cfg *config.Config, rec *recorder, m *modemUnit, link *eventBucket, held *metrics.CounterVec) *modemRecords {
	return &modemRecords{cfg: cfg, rec: rec, modem: m, link: link, held: held}
}

// Start starts recording; the identity is known.
func (r *modemRecords) Start(ctx context.Context) error {
	r.run.init(ctx)
	r.run.Go(r.forwardModemEvents)
	r.run.Go(r.forwardLinkEvents)
	r.run.Go(r.recordStatus)
	return nil
}

// Close stops recording.
func (r *modemRecords) Close() error {
	r.run.stop()
	return nil
}

// forwardModemEvents logs the manager's events and records them.
func (r *modemRecords) forwardModemEvents(ctx context.Context) {
	ch, cancel := r.modem.mgr.Subscribe(64)
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-ch:
			detail := ev.Detail
			if ev.Cause != 0 {
				detail = fmt.Sprintf("%s (cause %d)", detail, ev.Cause)
			}
			r.rec.event("modem", string(ev.Kind), detail)
		}
	}
}

// The AT engine's own events (a command timed out and what the module
// showed, the result codes restored, the module answering again) become
// events of source "modem". A module that times out on every command must
// not fill the spool with them: a burst of linkEventBurst is recorded, then
// one per linkEventEvery, the rest counted.
const (
	linkEventBurst = 30
	linkEventEvery = time.Minute
)

// linkKinds names the engine's events recorded; the manager reports the
// others (a restart, the module unavailable) itself.
var linkKinds = map[at.EventKind]string{
	at.EventTimeout:   "command-timeout",
	at.EventRestored:  "result-codes-restored",
	at.EventAvailable: "link-available",
}

// forwardLinkEvents records the engine's events until ctx ends. The
// engine's dispatcher only hands them over: recording waits for the spool.
func (r *modemRecords) forwardLinkEvents(ctx context.Context) {
	ch := make(chan at.Event, 64)
	remove := r.modem.eng.Listen(func(ev at.Event) {
		if _, ok := linkKinds[ev.Kind]; !ok {
			return
		}
		select {
		case ch <- ev:
		default:
			r.held.With("modem-link").Inc()
		}
	})
	defer remove()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-ch:
			r.linkEvent(ev)
		}
	}
}

// linkEvent records one engine event within the rate.
func (r *modemRecords) linkEvent(ev at.Event) {
	note, ok := admitEvent(r.link, r.held, ev.Time, "modem-link", "link events")
	if !ok {
		return
	}
	r.rec.event("modem", linkKinds[ev.Kind], ev.Detail+note)
}

// recordStatus records the modem's status and signal at start and every
// status interval.
func (r *modemRecords) recordStatus(ctx context.Context) {
	every := r.cfg.Gateway.StatusInterval.D()
	if every <= 0 {
		return
	}
	mgr := r.modem.mgr
	// The first record waits for the modem to come online (or 30 s), so
	// that it says more than "probing".
	wait := time.NewTicker(500 * time.Millisecond)
	defer wait.Stop()
	for start := time.Now(); mgr.Status().State != modem.StateOnline && time.Since(start) < 30*time.Second; {
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		r.rec.store(statusRecord(r.rec.IMEI(), mgr.Status()), r.rec.statusTopic())
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
