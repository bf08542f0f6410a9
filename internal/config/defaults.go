package config

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/mqttaddr"
	"github.com/cellgate/cellgate/internal/serial"
)

func str(s *string, v string) {
	if *s == "" {
		*s = v
	}
}

func on(b **bool) {
	if *b == nil {
		t := true
		*b = &t
	}
}

// num sets *n to v when path was not given.
func (k *checker) num(path string, n *int, v int) {
	if !k.set(path) {
		*n = v
	}
}

// dur sets *d to v when path was not given ("off" is given: it stays 0).
func (k *checker) dur(path string, d *Duration, v time.Duration) {
	if !k.set(path) {
		*d = Duration(v)
	}
}

// defaults fills in every field the file left out.
func (k *checker) defaults(c *Config) {
	g := &c.Gateway
	str(&g.StateDir, "/var/lib/cellgate")
	k.dur("gateway.status_interval", &g.StatusInterval, 10*time.Minute)

	m := &c.Modem
	on(&m.Enabled)
	k.num("modem.baud", &m.Baud, 115200)
	str(&m.Vendor, "auto")
	str(&m.PDPType, "IP")
	k.num("modem.cid", &m.CID, 1)
	k.dur("modem.signal_interval", &m.SignalInterval, 30*time.Second)
	k.dur("modem.check_interval", &m.CheckInterval, time.Minute)
	if !k.set("modem.trace_max_bytes") {
		m.TraceMaxBytes = 1 << 20
	}

	id := 0
	for i := range c.Buses {
		id = k.busDefaults(fmt.Sprintf("buses[%d]", i), &c.Buses[i], id)
	}

	str(&c.Records.Format, "titan")
	str(&c.Records.Timezone, "UTC")

	str(&c.Spool.Dir, filepath.Join(g.StateDir, "spool"))
	if !k.set("spool.max_bytes") {
		c.Spool.MaxBytes = 64 << 20
	}
	str(&c.Spool.Policy, "drop-oldest")

	if q := c.Outputs.MQTT; q != nil {
		str(&q.Topic, mqttaddr.DefaultLoggerTopic)
		str(&q.StatusTopic, mqttaddr.DefaultStatusTopic)
		str(&q.EventsTopic, mqttaddr.DefaultEventsTopic)
		k.num("outputs.mqtt.in_flight", &q.InFlight, mqttaddr.DefaultInFlight)
		k.dur("outputs.mqtt.keep_alive", &q.KeepAlive, 30*time.Second)
	}
	if h := c.Outputs.HTTPS; h != nil {
		k.num("outputs.https.batch", &h.Batch, 100)
		str(&h.Format, "ndjson")
		k.dur("outputs.https.timeout", &h.Timeout, 30*time.Second)
	}

	r := &c.RemoteAT
	str(&r.Topic, mqttaddr.DefaultATTopic)
	str(&r.ResponseTopic, mqttaddr.DefaultATRTopic)
	str(&r.Rate, DefaultRate)

	str(&c.SMS.Storage, "SM")
	c.SMS.Console.DefaultCountry = strings.TrimPrefix(c.SMS.Console.DefaultCountry, "+")

	w := &c.Watchdog
	on(&w.Modem.Enabled)
	k.dur("watchdog.modem.interval", &w.Modem.Interval, time.Minute)
	k.dur("watchdog.modem.timeout", &w.Modem.Timeout, 5*time.Second)
	k.num("watchdog.modem.failures", &w.Modem.Failures, 3)
	k.dur("watchdog.modem.backoff", &w.Modem.Backoff, 2*time.Minute)
	on(&w.Network.Enabled)
	k.dur("watchdog.network.interval", &w.Network.Interval, time.Minute)
	k.dur("watchdog.network.timeout", &w.Network.Timeout, 10*time.Second)
	k.num("watchdog.network.failures", &w.Network.Failures, 3)
	k.dur("watchdog.network.backoff", &w.Network.Backoff, 5*time.Minute)
	k.dur("watchdog.network.unregistered", &w.Network.Unregistered, 10*time.Minute)
	on(&w.Application.Enabled)
	k.dur("watchdog.application.interval", &w.Application.Interval, time.Minute)
	k.dur("watchdog.application.stall", &w.Application.Stall, 10*time.Minute)
	k.dur("watchdog.application.backlog", &w.Application.Backlog, time.Hour)
	k.dur("watchdog.application.backoff", &w.Application.Backoff, 10*time.Minute)

	str(&c.Metrics.Listen, "127.0.0.1:9110")
	str(&c.Log.Level, "info")
	str(&c.Log.Format, "text")
}

// busDefaults fills in a bus and its devices; id is the number of devices
// before this bus, and the number after it is returned.
func (k *checker) busDefaults(path string, b *Bus, id int) int {
	k.dur(path+".timeout", &b.Timeout, time.Second)
	if b.Retries == nil {
		one := 1
		b.Retries = &one
	}
	if b.RTU != nil {
		k.num(path+".rtu.baud", &b.RTU.Baud, 9600)
		if b.RTU.Format == (serial.Format{}) {
			b.RTU.Format = serial.Format{DataBits: 8, Parity: 'N', StopBits: 1}
		}
	}
	if b.TCP != nil {
		b.TCP.Address = withPort(b.TCP.Address, "502")
	}
	for j := range b.Devices {
		dp := fmt.Sprintf("%s.devices[%d]", path, j)
		d := &b.Devices[j]
		id++
		k.num(dp+".id", &d.ID, id)
		if !k.set(dp + ".timeout") {
			d.Timeout = b.Timeout.D()
		}
		if d.Retries == nil {
			r := *b.Retries
			d.Retries = &r
		}
		for i := range d.Registers {
			if r := &d.Registers[i]; r.Scale == 0 {
				r.Scale = 1
			}
		}
	}
	return id
}

// withPort adds port to an address that has none ("10.0.0.5", "[::1]",
// "::1"); anything else is left for validation.
func withPort(addr, port string) string {
	if addr == "" {
		return addr
	}
	if _, _, err := net.SplitHostPort(addr); err == nil {
		return addr
	}
	if strings.HasPrefix(addr, "[") && strings.HasSuffix(addr, "]") {
		return addr + ":" + port
	}
	if c := strings.Count(addr, ":"); c == 0 || c > 1 && net.ParseIP(addr) != nil {
		return net.JoinHostPort(addr, port)
	}
	return addr
}
