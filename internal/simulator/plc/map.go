package plc

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"
)

// Table is one of a unit's four Modbus data tables.
type Table int

// The four tables.
const (
	Coils Table = iota
	DiscreteInputs
	InputRegisters
	HoldingRegisters
)

func (t Table) String() string {
	return [...]string{"coils", "discrete inputs", "input registers", "holding registers"}[t]
}

func (t Table) bits() bool { return t == Coils || t == DiscreteInputs }

// Errors of Map.Read and Map.Write.
var (
	ErrUnknownUnit    = errors.New("plc: unknown unit")
	ErrIllegalAddress = errors.New("plc: illegal data address")
)

// MapSpec is a register map as written in a JSON map file:
//
//	{"units": [{"id": 2, "name": "PLC2",
//	  "holding_registers": [{"addr": 10, "values": [10, 11, 12, 0, 0]}]}]}
type MapSpec struct {
	Units []UnitSpec `json:"units"`
}

// UnitSpec is one unit id's tables; addresses are PDU addresses (0-based).
type UnitSpec struct {
	ID               byte    `json:"id"`
	Name             string  `json:"name,omitempty"`
	Coils            []Block `json:"coils,omitempty"`
	DiscreteInputs   []Block `json:"discrete_inputs,omitempty"`
	InputRegisters   []Block `json:"input_registers,omitempty"`
	HoldingRegisters []Block `json:"holding_registers,omitempty"`
}

func (u *UnitSpec) tables() [4][]Block {
	return [4][]Block{u.Coils, u.DiscreteInputs, u.InputRegisters, u.HoldingRegisters}
}

// Map holds the units of a bus and their sparse tables. Only the addresses
// its blocks define exist. It is safe for concurrent use.
type Map struct {
	spec  MapSpec
	mu    sync.Mutex
	start time.Time
	now   func() time.Time
	units map[byte]*unit
}

type unit struct {
	name   string
	cells  [4]map[uint16]cell
	writes [4]map[uint16]uint16 // values written, overriding the blocks
}

type cell struct {
	b   *Block
	off int
}

// NewMap builds a map from its spec.
func NewMap(spec MapSpec) (*Map, error) {
	m := &Map{spec: spec, start: time.Now(), now: time.Now, units: map[byte]*unit{}}
	for _, us := range spec.Units {
		if us.ID == 0 || us.ID > 247 {
			return nil, fmt.Errorf("plc map: unit id %d out of 1..247", us.ID)
		}
		if m.units[us.ID] != nil {
			return nil, fmt.Errorf("plc map: unit %d defined twice", us.ID)
		}
		u := &unit{name: us.Name}
		for t, blocks := range us.tables() {
			u.cells[t], u.writes[t] = map[uint16]cell{}, map[uint16]uint16{}
			for i := range blocks {
				b := blocks[i]
				if err := b.check(Table(t).bits()); err != nil {
					return nil, fmt.Errorf("plc map: unit %d %s at %d: %w", us.ID, Table(t), b.Addr, err)
				}
				for off := range b.Count {
					a := b.Addr + uint16(off)
					if _, dup := u.cells[t][a]; dup {
						return nil, fmt.Errorf("plc map: unit %d %s: address %d defined twice", us.ID, Table(t), a)
					}
					u.cells[t][a] = cell{&b, off}
				}
			}
		}
		m.units[us.ID] = u
	}
	return m, nil
}

// ParseMap builds a map from its JSON spec.
func ParseMap(data []byte) (*Map, error) {
	var spec MapSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("plc map: %w", err)
	}
	return NewMap(spec)
}

// LoadMap reads a JSON map file.
func LoadMap(path string) (*Map, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseMap(data)
}

// Spec gives the spec the map was built from.
func (m *Map) Spec() MapSpec { return m.spec }

// SetClock replaces the map's clock (time.Now); the time it gives when
// called is the map's start, from which counters, ramps and sines run.
func (m *Map) SetClock(now func() time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now, m.start = now, now()
}

// Units lists the unit ids, ascending.
func (m *Map) Units() []byte {
	ids := make([]byte, 0, len(m.units))
	for id := range m.units {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// HasUnit reports whether the map holds unit id.
func (m *Map) HasUnit(id byte) bool { return m.units[id] != nil }

// Read gives n values from addr of a table (bits as 0 or 1), or
// ErrIllegalAddress if any of those addresses is not defined.
func (m *Map) Read(id byte, t Table, addr uint16, n int) ([]uint16, error) {
	u := m.units[id]
	if u == nil {
		return nil, ErrUnknownUnit
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !u.defined(t, addr, n) {
		return nil, ErrIllegalAddress
	}
	el := m.now().Sub(m.start)
	out := make([]uint16, n)
	for i := range out {
		a := addr + uint16(i)
		if v, ok := u.writes[t][a]; ok {
			out[i] = v
			continue
		}
		c := u.cells[t][a]
		out[i] = c.b.word(c.off, el)
		if t.bits() {
			out[i] &= 1
		}
	}
	return out, nil
}

// Write stores values from addr in a table (bits as 0 or non-zero); it
// writes nothing if any of those addresses is not defined.
func (m *Map) Write(id byte, t Table, addr uint16, vals []uint16) error {
	u := m.units[id]
	if u == nil {
		return ErrUnknownUnit
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !u.defined(t, addr, len(vals)) {
		return ErrIllegalAddress
	}
	for i, v := range vals {
		if t.bits() && v != 0 {
			v = 1
		}
		u.writes[t][addr+uint16(i)] = v
	}
	return nil
}

func (u *unit) defined(t Table, addr uint16, n int) bool {
	if n <= 0 || int(addr)+n > 0x10000 {
		return false
	}
	for i := range n {
		if _, ok := u.cells[t][addr+uint16(i)]; !ok {
			return false
		}
	}
	return true
}
