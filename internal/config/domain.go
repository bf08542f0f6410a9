package config

import (
	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/spool"
)

// Collect is the bus as the collector runs it: its devices, how to open
// it, and the line's speed and character format for planning reads.
func (b Bus) Collect() collect.Bus {
	cb := collect.Bus{Name: b.Name, Timeout: b.Timeout.D(), Devices: b.Devices}
	if b.Retries != nil {
		cb.Retries = *b.Retries
	}
	switch {
	case b.RTU != nil:
		line := b.RTU.Format.Line(b.RTU.Baud)
		cb.Open = collect.RTUOpener(b.RTU.Port, line)
		cb.Baud, cb.CharBits = line.Baud, b.RTU.Format.Bits()
	case b.TCP != nil:
		cb.Open = collect.TCPOpener(b.TCP.Address)
		cb.TCP = true
	}
	return cb
}

// CollectBuses is every bus as the collector runs it (Bus.Collect).
func (c *Config) CollectBuses() []collect.Bus {
	out := make([]collect.Bus, len(c.Buses))
	for i, b := range c.Buses {
		out[i] = b.Collect()
	}
	return out
}

// ManagerConfig is what the modem manager is asked to achieve.
func (m Modem) ManagerConfig() modem.Config {
	mc := modem.Config{
		Driver:         m.Vendor,
		PIN:            m.PIN.Value,
		APN:            m.APN,
		User:           m.User,
		Password:       m.Password.Value,
		PDPType:        m.PDPType,
		CID:            m.CID,
		Roaming:        m.Roaming,
		Operator:       m.Operator,
		Blacklist:      m.Blacklist,
		NoData:         m.NoData,
		SignalInterval: m.SignalInterval.D(),
		CheckInterval:  m.CheckInterval.D(),
	}
	if m.PSM != nil {
		mc.PSM = &modem.PSMRequest{TAU: m.PSM.TAU.D(), Active: m.PSM.Active.D()}
	}
	if m.EDRX != nil {
		mc.EDRX = &modem.EDRXRequest{LTEM: m.EDRX.RAT == "ltem", Cycle: m.EDRX.Cycle.D()}
	}
	return mc
}

// Options are the spool's limits and policy.
func (s Spool) Options() spool.Options {
	o := spool.Options{MaxBytes: s.MaxBytes.Bytes(), MaxAge: s.MaxAge.D(), SyncDelay: s.SyncDelay.D()}
	if s.Policy == "refuse" {
		o.Policy = spool.Refuse
	}
	return o
}
