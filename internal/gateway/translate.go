package gateway

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/spool"
)

// settingKeys maps the SMS console's settings onto the configuration they
// override.
func applySettings(c *config.Config, get func(key string) (string, bool)) {
	if v, ok := get("modem.apn"); ok {
		c.Modem.APN = v
	}
	if v, ok := get("modem.user"); ok {
		c.Modem.User = v
	}
	if v, ok := get("modem.password"); ok {
		c.Modem.Password.Value = v
	}
	if v, ok := get("modem.pin"); ok {
		c.Modem.PIN.Value = v
	}
	if v, ok := get("modem.operator"); ok {
		c.Modem.Operator = v
	}
	if v, ok := get("modem.roaming"); ok {
		c.Modem.Roaming = v == "true"
	}
	if v, ok := get("console.password"); ok {
		c.SMS.Console.Password.Value = v
	}
}

// settingDefaults are the console settings as the configuration file gives
// them.
func settingDefaults(c *config.Config) map[string]string {
	return map[string]string{
		"modem.apn":        c.Modem.APN,
		"modem.user":       c.Modem.User,
		"modem.password":   c.Modem.Password.Value,
		"modem.pin":        c.Modem.PIN.Value,
		"modem.operator":   c.Modem.Operator,
		"modem.roaming":    strconv.FormatBool(c.Modem.Roaming),
		"console.password": c.SMS.Console.Password.Value,
	}
}

func modemConfig(c config.Modem) modem.Config {
	mc := modem.Config{
		Driver:         c.Vendor,
		PIN:            c.PIN.Value,
		APN:            c.APN,
		User:           c.User,
		Password:       c.Password.Value,
		PDPType:        c.PDPType,
		CID:            c.CID,
		Roaming:        c.Roaming,
		Operator:       c.Operator,
		Blacklist:      c.Blacklist,
		NoData:         c.NoData,
		SignalInterval: c.SignalInterval.D(),
		CheckInterval:  c.CheckInterval.D(),
	}
	if c.PSM != nil {
		mc.PSM = &modem.PSMRequest{TAU: c.PSM.TAU.D(), Active: c.PSM.Active.D()}
	}
	if c.EDRX != nil {
		mc.EDRX = &modem.EDRXRequest{LTEM: c.EDRX.RAT == "ltem", Cycle: c.EDRX.Cycle.D()}
	}
	return mc
}

func spoolOptions(c config.Spool) spool.Options {
	o := spool.Options{MaxBytes: c.MaxBytes.Bytes(), MaxAge: c.MaxAge.D(), SyncDelay: c.SyncDelay.D()}
	if c.Policy == "refuse" {
		o.Policy = spool.Refuse
	}
	return o
}

// buses turns the configured buses into the collector's.
func buses(c *config.Config) ([]collect.Bus, error) {
	var out []collect.Bus
	for _, b := range c.Buses {
		cb := collect.Bus{Name: b.Name, Timeout: b.Timeout.D()}
		if b.Retries != nil {
			cb.Retries = *b.Retries
		}
		switch {
		case b.RTU != nil:
			bits, err := modbus.ParseCharFormat(b.RTU.Format)
			if err != nil {
				return nil, fmt.Errorf("bus %s: %w", b.Name, err)
			}
			cb.Open = collect.RTUOpener(b.RTU.Port, b.RTU.Baud, b.RTU.Format)
			cb.Baud, cb.CharBits = b.RTU.Baud, bits
		case b.TCP != nil:
			cb.Open = collect.TCPOpener(b.TCP.Address)
			cb.TCP = true
		}
		for _, d := range b.Devices {
			cd, err := device(d)
			if err != nil {
				return nil, fmt.Errorf("bus %s: device %s: %w", b.Name, d.Name, err)
			}
			cb.Devices = append(cb.Devices, cd)
		}
		out = append(out, cb)
	}
	return out, nil
}

func device(d config.Device) (collect.Device, error) {
	cd := collect.Device{
		Name: d.Name, ID: d.ID, Unit: byte(d.Unit), Interval: d.Interval.D(),
		Input: d.Function == "input", Timeout: d.Timeout.D(),
	}
	if d.Retries != nil {
		cd.Retries = *d.Retries
		if cd.Retries == 0 {
			cd.Retries = -1 // none, rather than the bus's
		}
	}
	if d.Start != "" {
		blocks, err := modbus.ParseTitanBlocks(d.Start, d.Words)
		if err != nil {
			return cd, err
		}
		cd.Blocks = blocks
	}
	for _, r := range d.Registers {
		t, o, bit, count := modbus.Uint16, modbus.ABCD, -1, 0
		switch r.Type {
		case "string":
			count = r.Count
		case "bool":
			if r.Bit != nil {
				bit = *r.Bit
			}
		case "":
		default:
			var err error
			if t, err = modbus.ParseType(r.Type); err != nil {
				return cd, err
			}
		}
		if r.Order != "" {
			var err error
			if o, err = modbus.ParseOrder(r.Order); err != nil {
				return cd, err
			}
		}
		cd.Registers = append(cd.Registers, collect.Register{
			Name: r.Name, Address: uint16(r.Address), Type: t, Order: o, Count: count,
			Bit: bit, Scale: modbus.Scale{Factor: r.Scale, Offset: r.Offset}, Unit: r.Unit,
		})
	}
	return cd, nil
}

// parseRate reads "10/1m": at most 10 per minute.
func parseRate(s string) (int, time.Duration, error) {
	if s == "" {
		return 10, time.Minute, nil
	}
	a, b, ok := strings.Cut(s, "/")
	n, err1 := strconv.Atoi(strings.TrimSpace(a))
	per, err2 := time.ParseDuration(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n <= 0 || per <= 0 {
		return 0, 0, fmt.Errorf("rate %q: expected N/period such as 10/1m", s)
	}
	return n, per, nil
}
