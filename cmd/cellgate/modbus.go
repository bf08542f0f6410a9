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

const modbusUsage = `usage:
  cellgate modbus read (--rtu DEV[:9600,8N1] | --tcp HOST:PORT) [--unit N]
        [--fc 1|2|3|4] --start ADDR [--count N] [--type TYPE --order ORDER]
        read coils, inputs or registers; with --type, decode values of
        int16, uint16, int32, uint32, float32, int64, uint64, float64 in
        byte order ABCD, CDAB, BADC or DCBA
  cellgate modbus write (--rtu DEV[:9600,8N1] | --tcp HOST:PORT) [--unit N]
        (--coil ADDR=0|1[,0|1...] | --register ADDR=V[,V...])
        write one coil or register (FC 05, 06) or several (FC 15, 16)
  cellgate modbus plan ...
        plan the read requests for a set of registers

addresses are PDU addresses from 0; common flags: --timeout (1s)
example: cellgate modbus read --rtu /dev/ttyUSB0:9600,8N1 --unit 2 --start 10 --count 5
`

// runModbus implements "cellgate modbus".
func runModbus(args []string) error {
	return subcommand("modbus", modbusUsage, args, map[string]func([]string) error{
		"read":  modbusRead,
		"write": modbusWrite,
		"plan":  runModbusPlan,
	})
}

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

// modbusTarget is the flags that say which device to talk to.
type modbusTarget struct {
	rtu, tcp string
	unit     uint
	timeout  time.Duration
}

func (t *modbusTarget) flags(fs *flag.FlagSet) {
	fs.StringVar(&t.rtu, "rtu", "", "serial device for Modbus RTU, DEV[:BAUD[,8N1]]")
	fs.StringVar(&t.tcp, "tcp", "", "Modbus TCP device, HOST[:PORT]")
	fs.UintVar(&t.unit, "unit", 1, "unit (slave) address")
	fs.DurationVar(&t.timeout, "timeout", time.Second, "response timeout")
}

// open returns the client and a function that closes it.
func (t *modbusTarget) open() (modbus.Client, func(), error) {
	if t.unit > 255 {
		return nil, nil, fmt.Errorf("modbus: unit %d out of range", t.unit)
	}
	switch {
	case (t.rtu == "") == (t.tcp == ""):
		return nil, nil, errors.New("modbus: give one of --rtu and --tcp")
	case t.tcp != "":
		c := modbus.NewTCP(t.tcp)
		c.Timeout = t.timeout
		return c, func() { c.Close() }, nil
	}
	path, cfg, err := serial.ParseSpec(t.rtu)
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

func modbusRead(args []string) error {
	fs := flag.NewFlagSet("modbus read", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), modbusUsage) }
	var t modbusTarget
	t.flags(fs)
	fc := fs.Uint("fc", 3, "function code: 1 coils, 2 discrete inputs, 3 holding registers, 4 input registers")
	start := fs.Uint("start", 0, "first address")
	count := fs.Uint("count", 0, "number of items (default: 1, or one value of --type)")
	typ := fs.String("type", "", "decode registers as this type")
	order := fs.String("order", "ABCD", "byte order of --type")
	rest, err := parseArgsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("modbus read: unexpected %q", rest[0])
	}
	var vt modbus.Type
	var vo modbus.Order
	if *typ != "" {
		if vt, err = modbus.ParseType(*typ); err != nil {
			return err
		}
		if vo, err = modbus.ParseOrder(*order); err != nil {
			return err
		}
		if *fc == 1 || *fc == 2 {
			return errors.New("modbus read: --type needs registers (--fc 3 or 4)")
		}
	}
	n := *count
	if n == 0 {
		n = 1
		if *typ != "" {
			n = uint(vt.Registers())
		}
	}
	if *start > 0xFFFF || n > 0xFFFF || *fc > 4 {
		return errors.New("modbus read: --fc, --start or --count out of range")
	}
	req, err := modbus.ReadRequest(byte(*fc), uint16(*start), uint16(n))
	if err != nil {
		return err
	}
	r, err := t.transact(req)
	if err != nil {
		return err
	}
	switch {
	case r.Bits != nil:
		for i, b := range r.Bits {
			v := 0
			if b {
				v = 1
			}
			fmt.Fprintf(stdout, "%d\t%d\n", int(*start)+i, v)
		}
	case *typ != "":
		size := vt.Registers()
		for i := 0; i+size <= len(r.Registers); i += size {
			v, err := modbus.Decode(r.Registers[i:], vt, vo)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%d\t%v\n", int(*start)+i, v)
		}
	default:
		for i, v := range r.Registers {
			fmt.Fprintf(stdout, "%d\t%d\t0x%04X\n", int(*start)+i, v, v)
		}
	}
	return nil
}

func modbusWrite(args []string) error {
	fs := flag.NewFlagSet("modbus write", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), modbusUsage) }
	var t modbusTarget
	t.flags(fs)
	coil := fs.String("coil", "", "ADDR=0|1[,0|1...]")
	register := fs.String("register", "", "ADDR=V[,V...]")
	rest, err := parseArgsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("modbus write: unexpected %q", rest[0])
	}
	if (*coil == "") == (*register == "") {
		return errors.New("modbus write: give one of --coil and --register")
	}
	var req []byte
	if *coil != "" {
		addr, vals, err := parseAssignment(*coil, 1)
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
		addr, vals, perr := parseAssignment(*register, 0xFFFF)
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
