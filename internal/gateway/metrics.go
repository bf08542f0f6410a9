package gateway

import (
	"time"

	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/uplink"
	"github.com/cellgate/cellgate/internal/watchdog"
)

// observer holds the gateway's metrics: the counters the components
// count into, and gauges that read the running configuration's components
// when /metrics is served. It outlives reloads.
type observer struct {
	current  func() *assembly // the running configuration's components, nil before
	events   *metrics.CounterVec
	held     *metrics.CounterVec
	delivery *metrics.HistogramVec
	polls    *metrics.CounterVec
	pollTime *metrics.HistogramVec
}

func newObserver(r *metrics.Registry, started time.Time, current func() *assembly) *observer {
	o := &observer{
		current:  current,
		events:   r.Counter("cellgate_events_total", "Events recorded, by source and kind.", "source", "kind"),
		held:     r.Counter("cellgate_events_held_total", "Events not recorded because their source sent too many, by source.", "source"),
		delivery: r.Histogram("cellgate_uplink_delivery_seconds", "Time from a record's storage to the server's acknowledgement.", []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600}, "output"),
		polls:    r.Counter("cellgate_modbus_polls_total", "Modbus device polls, by device and result (ok or error).", "device", "result"),
		pollTime: r.Histogram("cellgate_modbus_poll_seconds", "Time a poll of one device took on its bus.", []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}, "device"),
	}
	r.RegisterProcess()
	o.registerModem(r)
	o.registerSpool(r)
	o.registerUplink(r)
	o.registerDevices(r)
	o.registerWatchdog(r)
	r.GaugeFunc("cellgate_up_seconds", "Time since the gateway started.", nil, func(emit func(float64, ...string)) {
		emit(time.Since(started).Seconds())
	})
	return o
}

// onPoll counts a collector poll.
func (o *observer) onPoll(p collect.Poll) {
	result := "ok"
	if p.Err != nil {
		result = "error"
	}
	o.polls.With(p.Device, result).Inc()
	o.pollTime.With(p.Device).Observe(p.Duration.Seconds())
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (o *observer) registerModem(r *metrics.Registry) {
	status := func(fn func(s modem.Status, emit func(float64, ...string))) func(func(float64, ...string)) {
		return func(emit func(float64, ...string)) {
			if a := o.current(); a != nil && a.modem != nil {
				fn(a.modem.mgr.Status(), emit)
			}
		}
	}
	r.GaugeFunc("cellgate_modem_state", "The modem manager's state (1 for the current one).", []string{"state"}, status(func(s modem.Status, emit func(float64, ...string)) {
		for _, st := range []modem.State{modem.StateProbing, modem.StateIdentifying, modem.StateSIM, modem.StateSIMError, modem.StateRegistering, modem.StateConnecting, modem.StateOnline, modem.StateUnavailable} {
			emit(boolValue(s.State == st), string(st))
		}
	}))
	r.GaugeFunc("cellgate_modem_registered", "1 when registered (home or roaming).", nil, status(func(s modem.Status, emit func(float64, ...string)) {
		emit(boolValue(s.Registration.Stat.Registered()))
	}))
	r.GaugeFunc("cellgate_modem_roaming", "1 when registered while roaming.", nil, status(func(s modem.Status, emit func(float64, ...string)) {
		emit(boolValue(s.Registration.Roaming))
	}))
	r.GaugeFunc("cellgate_modem_bearer_up", "1 when the data bearer is up.", nil, status(func(s modem.Status, emit func(float64, ...string)) {
		emit(boolValue(s.Bearer.Up))
	}))
	r.GaugeFunc("cellgate_modem_signal_bars", "Signal in bars, 0 to 5.", nil, status(func(s modem.Status, emit func(float64, ...string)) {
		emit(float64(s.Signal.Bars))
	}))
	r.GaugeFunc("cellgate_modem_signal", "Signal quantities the modem reports (dBm for powers, dB for ratios).", []string{"quantity"}, status(func(s modem.Status, emit func(float64, ...string)) {
		for _, q := range []struct {
			name string
			v    *float64
		}{{"rssi_dbm", s.Signal.RSSI}, {"rsrp_dbm", s.Signal.RSRP}, {"rsrq_db", s.Signal.RSRQ}, {"sinr_db", s.Signal.SINR}, {"rscp_dbm", s.Signal.RSCP}, {"ecio_db", s.Signal.EcIo}} {
			if q.v != nil {
				emit(*q.v, q.name)
			}
		}
	}))
	r.CounterFunc("cellgate_modem_restarts_total", "Module restarts seen.", nil, status(func(s modem.Status, emit func(float64, ...string)) {
		emit(float64(s.Restarts))
	}))
	r.CounterFunc("cellgate_at_commands_total", "AT commands sent and timed out.", []string{"result"}, func(emit func(float64, ...string)) {
		if a := o.current(); a != nil && a.modem != nil {
			st := a.modem.eng.Stats()
			emit(float64(st.Commands), "sent")
			emit(float64(st.Timeouts), "timeout")
		}
	})
}

func (o *observer) spools(fn func(name string, st spool.Stats, emit func(float64, ...string))) func(func(float64, ...string)) {
	return func(emit func(float64, ...string)) {
		if a := o.current(); a != nil {
			for _, out := range a.outs {
				fn(out.name, out.sp.Stats(), emit)
			}
		}
	}
}

func (o *observer) registerSpool(r *metrics.Registry) {
	r.GaugeFunc("cellgate_spool_records", "Records waiting in the spool.", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		emit(float64(st.Records), n)
	}))
	r.GaugeFunc("cellgate_spool_bytes", "Size of the spool's files.", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		emit(float64(st.Bytes), n)
	}))
	r.GaugeFunc("cellgate_spool_oldest_seconds", "Age of the oldest record waiting.", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		if !st.Oldest.IsZero() {
			emit(time.Since(st.Oldest).Seconds(), n)
		} else {
			emit(0, n)
		}
	}))
	r.CounterFunc("cellgate_spool_appended_total", "Records stored.", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		emit(float64(st.Appended), n)
	}))
	r.CounterFunc("cellgate_spool_dropped_total", "Records dropped undelivered (spool full or too old).", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		emit(float64(st.Dropped), n)
	}))
	r.CounterFunc("cellgate_spool_refused_total", "Records refused because the spool was full.", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		emit(float64(st.Refused), n)
	}))
	r.CounterFunc("cellgate_spool_write_failures_total", "Writes or fsyncs that failed (disk full, I/O error); the spool refuses records until it has recovered.", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		emit(float64(st.WriteFailures), n)
	}))
	r.CounterFunc("cellgate_spool_recoveries_total", "Recoveries from the disk after a failed write.", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		emit(float64(st.Recoveries), n)
	}))
	r.GaugeFunc("cellgate_spool_failed", "1 while the spool refuses records after a failed write.", []string{"output"}, o.spools(func(n string, st spool.Stats, emit func(float64, ...string)) {
		emit(boolValue(st.WriteFailures > st.Recoveries), n)
	}))
}

func (o *observer) mqtt(fn func(st uplink.Stats, emit func(float64, ...string))) func(func(float64, ...string)) {
	return func(emit func(float64, ...string)) {
		if a := o.current(); a != nil {
			for _, out := range a.outs {
				if st, ok := out.mqttStats(); ok {
					fn(st, emit)
				}
			}
		}
	}
}

func (o *observer) registerUplink(r *metrics.Registry) {
	r.GaugeFunc("cellgate_mqtt_connected", "1 while connected to the MQTT broker.", nil, o.mqtt(func(st uplink.Stats, emit func(float64, ...string)) {
		emit(boolValue(st.Connected))
	}))
	r.GaugeFunc("cellgate_mqtt_in_flight", "Records published and not yet acknowledged.", nil, o.mqtt(func(st uplink.Stats, emit func(float64, ...string)) {
		emit(float64(st.InFlight))
	}))
	r.CounterFunc("cellgate_mqtt_published_total", "Records published, those sent again after a lost connection included.", nil, o.mqtt(func(st uplink.Stats, emit func(float64, ...string)) {
		emit(float64(st.Published))
	}))
	r.CounterFunc("cellgate_mqtt_acked_total", "Records acknowledged by the broker.", nil, o.mqtt(func(st uplink.Stats, emit func(float64, ...string)) {
		emit(float64(st.Acked))
	}))
	r.CounterFunc("cellgate_mqtt_reconnects_total", "Reconnections and failed connection attempts.", nil, o.mqtt(func(st uplink.Stats, emit func(float64, ...string)) {
		emit(float64(st.Reconnects))
	}))
	r.CounterFunc("cellgate_remote_at_requests_total", "Remote AT commands received.", nil, o.mqtt(func(st uplink.Stats, emit func(float64, ...string)) {
		emit(float64(st.ATRequests))
	}))
	r.CounterFunc("cellgate_https_acked_total", "Records acknowledged by the HTTPS server.", nil, func(emit func(float64, ...string)) {
		if a := o.current(); a != nil {
			for _, out := range a.outs {
				if post := out.poster(); post != nil {
					emit(float64(post.Stats().Acked))
				}
			}
		}
	})
}

func (o *observer) registerDevices(r *metrics.Registry) {
	devices := func(fn func(name string, st collect.DeviceStats, emit func(float64, ...string))) func(func(float64, ...string)) {
		return func(emit func(float64, ...string)) {
			if a := o.current(); a != nil {
				if c := a.coll.collector(); c != nil {
					for name, st := range c.Stats() {
						fn(name, st, emit)
					}
				}
			}
		}
	}
	r.CounterFunc("cellgate_modbus_errors_total", "Modbus errors by device and kind.", []string{"device", "kind"}, devices(func(n string, st collect.DeviceStats, emit func(float64, ...string)) {
		emit(float64(st.Timeouts), n, "timeout")
		emit(float64(st.Exceptions), n, "exception")
		emit(float64(st.CRCErrors), n, "crc")
	}))
	r.CounterFunc("cellgate_modbus_records_total", "Records made from polls, by device.", []string{"device"}, devices(func(n string, st collect.DeviceStats, emit func(float64, ...string)) {
		emit(float64(st.Records), n)
	}))
}

func (o *observer) registerWatchdog(r *metrics.Registry) {
	layers := func(fn func(name string, st watchdog.LayerStats, emit func(float64, ...string))) func(func(float64, ...string)) {
		return func(emit func(float64, ...string)) {
			if a := o.current(); a != nil {
				if w := a.wd.watchdog(); w != nil {
					for name, st := range w.Stats() {
						fn(name, st, emit)
					}
				}
			}
		}
	}
	r.GaugeFunc("cellgate_watchdog_healthy", "1 when the layer's last check passed.", []string{"layer"}, layers(func(n string, st watchdog.LayerStats, emit func(float64, ...string)) {
		emit(boolValue(st.Healthy), n)
	}))
	r.CounterFunc("cellgate_watchdog_failures_total", "Failed checks, by layer.", []string{"layer"}, layers(func(n string, st watchdog.LayerStats, emit func(float64, ...string)) {
		emit(float64(st.Failures), n)
	}))
	r.CounterFunc("cellgate_watchdog_actions_total", "Recovery actions run, by layer and action.", []string{"layer", "action"}, layers(func(n string, st watchdog.LayerStats, emit func(float64, ...string)) {
		for a, count := range st.Actions {
			emit(float64(count), n, a)
		}
	}))
	r.CounterFunc("cellgate_watchdog_action_errors_total", "Recovery actions that failed, by layer.", []string{"layer"}, layers(func(n string, st watchdog.LayerStats, emit func(float64, ...string)) {
		emit(float64(st.ActionErrors), n)
	}))
	r.GaugeFunc("cellgate_watchdog_backoff_seconds", "Least wait after the layer's last recovery action before the next.", []string{"layer"}, layers(func(n string, st watchdog.LayerStats, emit func(float64, ...string)) {
		emit(st.Backoff.Seconds(), n)
	}))
}
