package config

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/modbus"
)

// seen remembers which field first used a name or number.
type seen[K comparable] map[K]string

// used remembers which device first used a unit or id: its path and name.
type used map[int][2]string

// buses checks the buses and their devices: names unique over the file,
// units unique on a bus, ids unique over the file.
func (k *checker) buses(c *Config) {
	busNames, devNames, ids := seen[string]{}, seen[string]{}, used{}
	for i := range c.Buses {
		p := fmt.Sprintf("buses[%d]", i)
		b := &c.Buses[i]
		switch prev, dup := busNames[b.Name]; {
		case b.Name == "":
			k.errorf(p+".name", "missing; expected a name for the bus, such as COM1")
		case dup:
			k.errorf(p+".name", "duplicate bus name %q (also at line %d)", b.Name, k.line(prev))
		default:
			busNames[b.Name] = p + ".name"
		}
		k.link(p, b)
		k.positive(p+".timeout", b.Timeout, "1s")
		if *b.Retries < 0 {
			k.errorf(p+".retries", "%d is negative; expected a number of retries such as 1", *b.Retries)
		}
		units := used{}
		for j := range b.Devices {
			dp := fmt.Sprintf("%s.devices[%d]", p, j)
			d := &b.Devices[j]
			k.device(dp, b, d)
			if prev, dup := devNames[d.Name]; dup && d.Name != "" {
				k.errorf(dp+".name", "duplicate device name %q (also at line %d)", d.Name, k.line(prev))
			} else if d.Name != "" {
				devNames[d.Name] = dp + ".name"
			}
			if prev, dup := units[d.Unit]; dup {
				k.errorf(dp+".unit", "duplicate unit %d on bus %s (also %s at line %d)", d.Unit, b.Name, prev[1], k.lineOr(prev[0]+".unit", prev[0]))
			} else {
				units[d.Unit] = [2]string{dp, d.Name}
			}
			if prev, dup := ids[d.ID]; dup {
				k.errorf(dp+".id", "duplicate id %d (also %s at line %d); expected every device to have its own id", d.ID, prev[1], k.lineOr(prev[0]+".id", prev[0]))
			} else {
				ids[d.ID] = [2]string{dp, d.Name}
			}
		}
	}
}

// lineOr is the line of path, or of fallback when path was not written.
func (k *checker) lineOr(path, fallback string) int {
	if l := k.line(path); l > 0 {
		return l
	}
	return k.line(fallback)
}

// link checks that a bus has exactly one of rtu and tcp, and that one.
func (k *checker) link(p string, b *Bus) {
	switch {
	case b.RTU != nil && b.TCP != nil:
		k.errorf(p, "both rtu and tcp given; expected exactly one")
	case b.RTU == nil && b.TCP == nil:
		k.errorf(p, "neither rtu nor tcp given; expected exactly one, such as rtu: {port: /dev/ttyS1} or tcp: {address: 10.0.0.5:502}")
	}
	if r := b.RTU; r != nil {
		if r.Port == "" {
			k.errorf(p+".rtu.port", "missing; expected the serial port, such as /dev/ttyS1")
		}
		k.baud(p+".rtu.baud", r.Baud)
	}
	if t := b.TCP; t != nil {
		if err := hostPort(t.Address, false); err != nil {
			k.errorf(p+".tcp.address", "%q: %v; expected HOST:PORT such as 10.0.0.5:502", t.Address, err)
		}
	}
}

// device checks one device of bus b.
func (k *checker) device(p string, b *Bus, d *collect.Device) {
	if d.Name == "" {
		k.errorf(p+".name", "missing; expected a name for the device, such as PLC1")
	}
	if d.ID < 1 {
		k.errorf(p+".id", "%d is out of range; expected a device number of 1 or more", d.ID)
	}
	if b.RTU != nil && (d.Unit < 1 || d.Unit > 247) {
		k.errorf(p+".unit", "%d is out of range; expected a Modbus unit id from 1 to 247 (0 is broadcast on a serial line)", d.Unit)
	} else if d.Unit < 0 || d.Unit > 247 {
		k.errorf(p+".unit", "%d is out of range; expected a Modbus unit id from 0 to 247", d.Unit)
	}
	const poll = "expected how often to poll the device, at least 1s, such as 10m"
	switch {
	case !k.set(p + ".interval"):
		k.errorf(p+".interval", "missing; %s", poll)
	case d.Interval == 0:
		k.errorf(p+".interval", "off is not allowed; %s", poll)
	case d.Interval < time.Second:
		k.errorf(p+".interval", "%v is too short; %s", Duration(d.Interval), poll)
	}
	k.positive(p+".timeout", Duration(d.Timeout), "1s")
	if *d.Retries < 0 {
		k.errorf(p+".retries", "%d is negative; expected a number of retries such as 1", *d.Retries)
	}
	k.what(p, d)
}

// what checks what a device reads: Titan blocks or typed registers.
func (k *checker) what(p string, d *collect.Device) {
	// A list that could not be read was given, and is reported already.
	start := len(d.Start) > 0 || k.bad[p+".start"]
	words := len(d.Words) > 0 || k.bad[p+".words"]
	blocks := start || words
	switch {
	case blocks && len(d.Registers) > 0:
		k.errorf(p, "both start/words and registers given; expected one: Titan blocks (start and words) or typed registers")
	case !blocks && len(d.Registers) == 0:
		k.errorf(p, "nothing to read; expected start and words (Titan blocks, such as start \"1;10;55\" and words \"1;3;2\") or registers")
	case blocks && !start:
		k.errorf(p+".start", "missing; words needs start, a \";\"-separated list of first registers such as \"1;10;55\"")
	case blocks && !words:
		k.errorf(p+".words", "missing; start needs words, a \";\"-separated list of register counts such as \"1;3;2\"")
	case blocks && !k.bad[p+".start"] && !k.bad[p+".words"]:
		if _, err := modbus.TitanBlocks(d.Start, d.Words); err != nil {
			msg := strings.ReplaceAll(err.Error(), "counts", "words")
			msg = strings.ReplaceAll(msg, "count", "words")
			k.errorf(p+".start", "with words: %s; expected \";\"-separated lists of equal length, such as start \"1;10;55\" and words \"1;3;2\"", msg)
		}
	}
	names := seen[string]{}
	for i := range d.Registers {
		rp := fmt.Sprintf("%s.registers[%d]", p, i)
		r := &d.Registers[i]
		switch prev, dup := names[r.Name]; {
		case r.Name == "":
			k.errorf(rp+".name", "missing; expected a name for the value, such as temperature")
		case dup:
			k.errorf(rp+".name", "duplicate register name %q in the device (also at line %d)", r.Name, k.line(prev))
		default:
			names[r.Name] = rp + ".name"
		}
		k.register(rp, r)
	}
}

// register checks one typed register.
func (k *checker) register(p string, r *collect.Register) {
	n := 1
	if !k.bad[p+".type"] { // else what the type takes is not known
		switch r.Type {
		case modbus.String:
			if r.Count < 1 {
				k.errorf(p+".count", "%d: a string needs its number of registers; expected a count such as 10", r.Count)
			}
			n = max(r.Count, 1)
		case modbus.Bool:
		default:
			n = r.Type.Registers()
		}
		if r.Count != 0 && r.Type != modbus.String {
			k.errorf(p+".count", "count is only for type string; %s takes a fixed number of registers", r.Type)
		}
		switch bit := k.set(p + ".bit"); {
		case !bit && r.Type == modbus.Bool:
			k.errorf(p+".bit", "missing; a bool is one bit of a register: expected a bit number from 0 to 15")
		case bit && r.Type != modbus.Bool:
			k.errorf(p+".bit", "bit is only for type bool, not %s", r.Type)
		case bit && (r.Bit < 0 || r.Bit > 15):
			k.errorf(p+".bit", "%d is out of range; expected a bit number from 0 to 15", r.Bit)
		}
	}
	if r.Address < 0 || r.Address > 65536-n {
		k.errorf(p+".address", "%d is out of range; expected a register address from 0 to 65535 (%d registers from it)", r.Address, n)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"scale", r.Scale}, {"offset", r.Offset}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			k.errorf(p+"."+f.name, "%v is not a finite number", f.v)
		}
	}
}
