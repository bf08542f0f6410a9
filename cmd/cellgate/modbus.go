package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/serial"
)

// modbusHelp is the text of "cellgate modbus read -h" and "write -h".
const modbusHelp = `The device is a serial line (--port DEV [--baud 9600] [--format 8N1], or
the older --rtu DEV[:9600,8N1]) for Modbus RTU, or --tcp HOST:PORT for
Modbus TCP. Addresses are PDU addresses from 0.

example: cellgate modbus read --port /dev/ttyUSB0 --baud 9600 --unit 2 --start 10 --count 5
         cellgate modbus read --rtu /dev/ttyUSB0:9600,8N1 --unit 2 --start 10 --count 5
`

// transact opens the target, sends one request PDU and parses the answer;
// Ctrl-C abandons it.
func (t *modbusTarget) transact(req []byte) (modbus.Response, error) {
	c, done, err := t.open()
	if err != nil {
		return modbus.Response{}, err
	}
	defer done()
	ctx, cancel := signalContext()
	defer cancel()
	return modbus.Transact(ctx, c, byte(t.unit), req)
}

// modbusTarget is the flags that say which device to talk to: a serial
// line spelled as a modem's (--port, --baud) with its character --format,
// or the same in one --rtu DEV[:BAUD[,8N1]], or a Modbus TCP address.
type modbusTarget struct {
	rtu, tcp string
	port     string
	baud     int
	format   string
	unit     uint
	timeout  time.Duration
	fs       *flag.FlagSet
}

func (t *modbusTarget) flags(fs *flag.FlagSet) {
	t.fs = fs
	fs.StringVar(&t.port, "port", "", "serial device `DEV` for Modbus RTU")
	fs.IntVar(&t.baud, "baud", serial.DefaultConfig.Baud, "baud rate of --port")
	fs.StringVar(&t.format, "format", "8N1", "character format of --port: data bits, parity, stop bits")
	fs.StringVar(&t.rtu, "rtu", "", "the serial line in one `DEV[:BAUD[,8N1]]`, as scripts spell it: the same as --port, --baud and --format")
	fs.StringVar(&t.tcp, "tcp", "", "Modbus TCP device, `HOST[:PORT]`")
	fs.UintVar(&t.unit, "unit", 1, "unit (slave) address")
	fs.DurationVar(&t.timeout, "timeout", time.Second, "response timeout")
}

// serialSpec is the serial line as one DEV[:BAUD[,FORMAT]] from --rtu or
// from --port, --baud and --format; empty for none.
func (t *modbusTarget) serialSpec() (string, error) {
	if t.port == "" {
		if t.rtu != "" && t.fs != nil && (isFlagSet(t.fs, "baud") || isFlagSet(t.fs, "format")) {
			return "", errors.New("modbus: --baud and --format go with --port; --rtu has them in DEV:BAUD,8N1")
		}
		return t.rtu, nil
	}
	if t.rtu != "" {
		return "", errors.New("modbus: give --port or --rtu, not both")
	}
	return fmt.Sprintf("%s:%d,%s", t.port, t.baud, t.format), nil
}

// open returns the client and a function that closes it.
func (t *modbusTarget) open() (modbus.Client, func(), error) {
	if t.unit > 255 {
		return nil, nil, fmt.Errorf("modbus: unit %d out of range", t.unit)
	}
	spec, err := t.serialSpec()
	if err != nil {
		return nil, nil, err
	}
	switch {
	case (spec == "") == (t.tcp == ""):
		return nil, nil, errors.New("modbus: give one of --port (or --rtu) and --tcp")
	case t.tcp != "":
		c := modbus.NewTCP(t.tcp)
		c.Timeout = t.timeout
		return c, func() { c.Close() }, nil
	}
	path, cfg, err := serial.ParseSpec(spec)
	if err != nil {
		return nil, nil, err
	}
	port, err := serial.Open(path, cfg)
	if err != nil {
		return nil, nil, err
	}
	c := modbus.NewRTU(port, cfg.Baud)
	c.Timeout = t.timeout
	return c, func() { port.Close() }, nil
}

// modbusReadFlags is "modbus read": coils, inputs or registers; with
// --type, values decoded.
func modbusReadFlags(fs *flag.FlagSet) func([]string) error {
	var t modbusTarget
	t.flags(fs)
	fc := fs.Uint("fc", 3, "function code: 1 coils, 2 discrete inputs, 3 holding registers, 4 input registers")
	start := fs.Uint("start", 0, "first address")
	count := fs.Uint("count", 0, "number of items (default: 1, or one value of --type)")
	typ := fs.String("type", "", "decode registers as this type")
	order := fs.String("order", "ABCD", "byte order of --type")
	var out output
	out.add(fs)
	return func(rest []string) error {
		return modbusRead(&t, out, *fc, *start, *count, *typ, *order, rest)
	}
}

// readItem is one line of "modbus read --json".
type readItem struct {
	Address int `json:"address"`
	Value   any `json:"value"`
}

func modbusRead(t *modbusTarget, out output, fc, start, count uint, typ, order string, rest []string) error {
	if len(rest) > 0 {
		return fmt.Errorf("modbus read: unexpected %q", rest[0])
	}
	var (
		vt  modbus.Type
		vo  modbus.Order
		err error
	)
	if typ != "" {
		if vt, err = modbus.ParseType(typ); err != nil {
			return err
		}
		if vo, err = modbus.ParseOrder(order); err != nil {
			return err
		}
		if fc == 1 || fc == 2 {
			return errors.New("modbus read: --type needs registers (--fc 3 or 4)")
		}
	}
	n := count
	if n == 0 {
		n = 1
		if typ != "" {
			n = uint(vt.Registers())
		}
	}
	if start > 0xFFFF || n > 0xFFFF || fc > 4 {
		return errors.New("modbus read: --fc, --start or --count out of range")
	}
	req, err := modbus.ReadRequest(byte(fc), uint16(start), uint16(n))
	if err != nil {
		return err
	}
	r, err := t.transact(req)
	if err != nil {
		return err
	}
	// emit prints one item: a tab-separated line, or with --json an
	// object a line.
	emit := func(addr int, value any, text string) {
		if out.json {
			printJSON(readItem{Address: addr, Value: value})
			return
		}
		fmt.Fprintf(stdout, "%d\t%s\n", addr, text)
	}
	switch {
	case r.Bits != nil:
		for i, b := range r.Bits {
			v := 0
			if b {
				v = 1
			}
			emit(int(start)+i, v, fmt.Sprint(v))
		}
	case typ != "":
		size := vt.Registers()
		for i := 0; i+size <= len(r.Registers); i += size {
			v, err := modbus.Decode(r.Registers[i:], vt, vo)
			if err != nil {
				return err
			}
			emit(int(start)+i, v, fmt.Sprint(v))
		}
	default:
		for i, v := range r.Registers {
			emit(int(start)+i, v, fmt.Sprintf("%d\t0x%04X", v, v))
		}
	}
	return nil
}

// modbusWriteFlags is "modbus write": one coil or register (FC 05, 06) or
// several (FC 15, 16).
func modbusWriteFlags(fs *flag.FlagSet) func([]string) error {
	var t modbusTarget
	t.flags(fs)
	coil := fs.String("coil", "", "`ADDR=0|1[,0|1...]`")
	register := fs.String("register", "", "`ADDR=V[,V...]`")
	return func(rest []string) error { return modbusWrite(&t, *coil, *register, rest) }
}

func modbusWrite(t *modbusTarget, coil, register string, rest []string) error {
	var err error
	if len(rest) > 0 {
		return fmt.Errorf("modbus write: unexpected %q", rest[0])
	}
	if (coil == "") == (register == "") {
		return errors.New("modbus write: give one of --coil and --register")
	}
	var req []byte
	if coil != "" {
		addr, vals, err := parseAssignment(coil, 1)
		if err != nil {
			return fmt.Errorf("modbus write: --coil: %w", err)
		}
		if len(vals) == 1 {
			req = modbus.WriteSingleCoil(addr, vals[0] == 1)
		} else {
			bits := make([]bool, len(vals))
			for i, v := range vals {
				bits[i] = v == 1
			}
			req, err = modbus.WriteMultipleCoils(addr, bits)
		}
	} else {
		addr, vals, perr := parseAssignment(register, 0xFFFF)
		if perr != nil {
			return fmt.Errorf("modbus write: --register: %w", perr)
		}
		if len(vals) == 1 {
			req = modbus.WriteSingleRegister(addr, vals[0])
		} else {
			req, err = modbus.WriteMultipleRegisters(addr, vals)
		}
	}
	if err != nil {
		return err
	}
	if _, err := t.transact(req); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// parseAssignment parses ADDR=V[,V...] with values up to max; values may be
// decimal or 0x-prefixed hexadecimal.
func parseAssignment(s string, max uint64) (uint16, []uint16, error) {
	a, vs, ok := strings.Cut(s, "=")
	if !ok {
		return 0, nil, fmt.Errorf("%q is not ADDR=VALUE", s)
	}
	addr, err := strconv.ParseUint(a, 0, 16)
	if err != nil {
		return 0, nil, fmt.Errorf("address %q: %w", a, err)
	}
	var vals []uint16
	for _, f := range strings.Split(vs, ",") {
		v, err := strconv.ParseUint(strings.TrimSpace(f), 0, 16)
		if err != nil || v > max {
			return 0, nil, fmt.Errorf("value %q out of range 0-%d", f, max)
		}
		vals = append(vals, uint16(v))
	}
	return uint16(addr), vals, nil
}
