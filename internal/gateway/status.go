package gateway

import (
	"time"

	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/uplink"
	"github.com/cellgate/cellgate/internal/watchdog"
)

// Status is what the local status API serves and "cellgate status" shows.
type Status struct {
	Version  string                         `json:"version"`
	Started  time.Time                      `json:"started"`
	Uptime   string                         `json:"uptime"`
	Config   string                         `json:"config"`
	IMEI     string                         `json:"imei"`
	Modem    *modem.Status                  `json:"modem,omitempty"`
	ModemUp  bool                           `json:"modem_port_open"`
	Outputs  []OutputStatus                 `json:"outputs"`
	Devices  map[string]collect.DeviceStats `json:"devices,omitempty"`
	Watchdog map[string]watchdog.LayerStats `json:"watchdog,omitempty"`
}

// OutputStatus is one output and its spool.
type OutputStatus struct {
	Name      string            `json:"name"`
	Connected bool              `json:"connected"`
	Spool     spool.Stats       `json:"spool"`
	MQTT      *uplink.Stats     `json:"mqtt,omitempty"`
	HTTPS     *uplink.HTTPStats `json:"https,omitempty"`
}

// Status returns a snapshot of the running gateway.
func (g *Gateway) Status() Status {
	s := Status{
		Version: g.opts.Version,
		Started: g.started.UTC(),
		Uptime:  time.Since(g.started).Round(time.Second).String(),
		Config:  g.config().Path,
	}
	a := g.cur.Load()
	if a == nil {
		return s
	}
	s.IMEI = a.rec.IMEI()
	if a.modem != nil {
		ms := a.modem.mgr.Status()
		s.Modem = &ms
		s.ModemUp = a.modem.up.Load()
	}
	for _, o := range a.outs {
		os := OutputStatus{Name: o.name, Connected: o.connected(), Spool: o.sp.Stats()}
		if pub := o.publisher(); pub != nil {
			st := pub.Stats()
			os.MQTT = &st
		}
		if post := o.poster(); post != nil {
			st := post.Stats()
			os.HTTPS = &st
		}
		s.Outputs = append(s.Outputs, os)
	}
	if c := a.coll.collector(); c != nil {
		s.Devices = c.Stats()
	}
	if w := a.wd.watchdog(); w != nil {
		s.Watchdog = w.Stats()
	}
	return s
}
