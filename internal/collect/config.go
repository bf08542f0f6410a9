package collect

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/record"
)

// Device is one Modbus device polled on a schedule, as the configuration
// file's buses[].devices[] declare it (the yaml tags are its keys).
type Device struct {
	Name string `yaml:"name"`
	// ID is the Titan ID (the device's number in the router's list).
	ID int `yaml:"id"`
	// Unit is the Modbus unit (slave) id: 1 to 247 on a serial line, 0 to
	// 247 over TCP.
	Unit int `yaml:"unit"`
	// Interval is the time between polls; polls fall on multiples of it
	// since the Unix epoch.
	Interval time.Duration `yaml:"interval"`
	// Function is the registers read: holding (FC 03, the zero value) or
	// input (FC 04).
	Function Function `yaml:"function"`
	// Start and Words are Titan-style register blocks: the first register
	// and the number of registers of each ("1;10;55" and "1;3;2").
	Start modbus.TitanList `yaml:"start"`
	Words modbus.TitanList `yaml:"words"`
	// Blocks are register blocks given directly, in place of Start and
	// Words. Either blocks or Registers are given.
	Blocks []modbus.Range `yaml:"-"`
	// Registers are typed values.
	Registers []Register `yaml:"registers"`
	// Timeout is per attempt (0: the bus's).
	Timeout time.Duration `yaml:"timeout"`
	// Retries are the attempts after a timeout or CRC error (nil: the
	// bus's).
	Retries *int `yaml:"retries"`
}

// TitanBlocks is the device's register blocks: Blocks, or those of Start
// and Words; nil for a device of typed registers.
func (d Device) TitanBlocks() ([]modbus.Range, error) {
	if len(d.Blocks) > 0 || len(d.Start) == 0 && len(d.Words) == 0 {
		return d.Blocks, nil
	}
	return modbus.TitanBlocks(d.Start, d.Words)
}

// Function is the register table a device is read from.
type Function int

// The register tables.
const (
	Holding Function = iota // holding registers, FC 03
	Input                   // input registers, FC 04
)

var functionNames = [...]string{Holding: "holding", Input: "input"}

func (f Function) String() string {
	if f < 0 || int(f) >= len(functionNames) {
		return fmt.Sprintf("Function(%d)", int(f))
	}
	return functionNames[f]
}

// UnmarshalText reads "holding" or "input".
func (f *Function) UnmarshalText(text []byte) error {
	for i, n := range functionNames {
		if string(text) == n {
			*f = Function(i)
			return nil
		}
	}
	return fmt.Errorf("%q is not known; expected one of holding, input", text)
}

// MarshalText writes f's name.
func (f Function) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// code is the function code that reads the table.
func (f Function) code() byte {
	if f == Input {
		return modbus.FuncReadInputRegisters
	}
	return modbus.FuncReadHoldingRegisters
}

// Register is one typed value of a device, as the configuration file's
// registers[] declare it: a number of Type, a String of Count registers, or
// a Bool, one Bit of a register.
type Register struct {
	Name    string       `yaml:"name"`
	Address int          `yaml:"address"`
	Type    modbus.Type  `yaml:"type"`  // uint16 (the zero value) ... float64, string, bool
	Order   modbus.Order `yaml:"order"` // ABCD (the zero value), CDAB, BADC, DCBA
	// Count is the number of registers of a String (two characters each).
	Count int `yaml:"count"`
	// Bit is the bit (0 the least significant) of a Bool.
	Bit int `yaml:"bit"`
	// Scale multiplies a number (0 is taken as 1) before Offset is added.
	Scale  float64 `yaml:"scale"`
	Offset float64 `yaml:"offset"`
	Unit   string  `yaml:"unit"` // engineering unit, for humans
}

// Bus is one bus and its devices. Its modbus.Bus owns the port: Open opens
// the client, and is called again after the client failed (a serial
// adapter unplugged, a port missing at start) with backoff
// (Options.OpenMin, OpenMax), so a missing port does not stop the other
// buses. A client that is an io.Closer is closed when it is replaced, when
// Run ends, and after a PollNow outside Run.
type Bus struct {
	Name string
	Open modbus.Opener
	// Timeout is per attempt (0: modbus.DefaultTimeout).
	Timeout time.Duration
	// Retries are the attempts after a timeout or CRC error (0: none).
	Retries int
	Devices []Device

	// Baud is the serial line rate, for planning (0 for TCP).
	Baud int
	// CharBits is the length of a serial character (modbus.CharBits: 10
	// for 8N1, 11 for 8E1); 0 means 11 on a serial line and 8 for TCP.
	CharBits int
	// TCP selects Modbus TCP frame sizes for planning.
	TCP bool
	// Latency is the devices' expected turnaround, the planner's first
	// estimate before it measures it (0: 20 ms).
	Latency time.Duration
	// MaxRegisters is the most registers per request (0: 125).
	MaxRegisters int
	// Options tune the sharing of the bus: retries of busy devices and the
	// backoff of failing ones.
	Options modbus.BusOptions
}

// Format is how records are written.
type Format int

// The record formats.
const (
	// FormatTitan is the Titan router's logger line:
	// {TYPE:MODB,ID:2,TS:...,IMEI:...,P:...,A:2,ST:10,N:5,V:[...]}.
	FormatTitan Format = iota
	// FormatTitanJSON is the same record as strict JSON.
	FormatTitanJSON
	// FormatJSON is cellgate's typed JSON record (record.Record).
	FormatJSON
)

var formatNames = [...]string{FormatTitan: "titan", FormatTitanJSON: "titan-json", FormatJSON: "json"}

// ParseFormat parses "titan", "titan-json" or "json".
func ParseFormat(s string) (Format, error) {
	for f, n := range formatNames {
		if s == n {
			return Format(f), nil
		}
	}
	return 0, fmt.Errorf("collect: unknown record format %q (titan, titan-json or json)", s)
}

func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// Config configures a Collector. IMEI, Sequencer, Sink and OnPoll are
// called from the devices' goroutines, several at once.
type Config struct {
	Buses  []Bus
	Format Format
	// P is the Titan P field (the configured ID).
	P string
	// Seq adds the Titan SEQ field.
	Seq bool
	// Location is the zone of Titan TS fields (nil: UTC).
	Location *time.Location
	// IMEI gives the gateway's IMEI at record time (nil: none).
	IMEI func() string
	// Sequencer hands out the sequence numbers, keyed by the IMEI, so that
	// (IMEI, seq) is unique; JSON records always carry one, Titan records
	// only with Seq.
	Sequencer *record.Sequencer
	// Sink appends a record to the spool. An error is logged and counted,
	// and that record is lost. It is never called while a bus is held, and
	// a record read when Run's context ends is still written (within 10 s).
	Sink func(ctx context.Context, data []byte) error
	// Now is the wall clock of timestamps and schedules (nil: time.Now).
	Now    func() time.Time
	Logger *slog.Logger
	// OnPoll, if set, is called after every poll, for metrics.
	OnPoll func(Poll)
}

// Poll is the outcome of one poll of a device.
type Poll struct {
	Bus, Device string
	// Time is when the poll started.
	Time time.Time
	// Duration is the time spent reading the device.
	Duration time.Duration
	// Err is why no record was written: the device failed, or the record
	// could not be made or written.
	Err error
	// Registers is how many registers were read from the device, fillers
	// between needed ones included.
	Registers int
}
