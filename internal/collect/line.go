package collect

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// ErrNotOpen reports a poll of a device whose bus is not open: its port is
// missing, or its client failed and is being opened again.
var ErrNotOpen = errors.New("collect: bus not open")

// line is a Bus at run time. It is the modbus.Client of its modbus.Bus and
// passes each request on to the client Open gave, so that the client can be
// replaced while the devices' counters and backoff stay.
type line struct {
	Bus
	plan     modbus.PlanConfig
	mb       *modbus.Bus
	log      *slog.Logger
	planners map[byte][]*modbus.Planner // by unit, for turnaround measurements

	// opening is held while a client is opened and installed: by Run, or by
	// PollNow outside Run for the whole of its poll.
	opening sync.Mutex

	mu      sync.Mutex
	managed bool          // Run opens and replaces the client
	cur     modbus.Client // nil when not open
	gen     uint64        // changes with cur
	worked  bool          // a request to cur got an answer
	cause   error         // why the bus is not open
	dead    []modbus.Client
	deadOK  bool          // the last failed client had worked
	broken  chan struct{} // a client failed
}

func newLine(b Bus, log *slog.Logger) (*line, error) {
	switch {
	case b.Name == "":
		return nil, errors.New("bus without a name")
	case b.Open == nil:
		return nil, fmt.Errorf("bus %q: no Open", b.Name)
	case len(b.Devices) == 0:
		return nil, fmt.Errorf("bus %q: no devices", b.Name)
	case b.Timeout < 0 || b.Retries < 0:
		return nil, fmt.Errorf("bus %q: timeout %v, retries %d", b.Name, b.Timeout, b.Retries)
	case b.Baud == 0 && !b.TCP:
		return nil, fmt.Errorf("bus %q: a serial bus needs its baud rate", b.Name)
	}
	l := &line{Bus: b, log: log.With("bus", b.Name), planners: map[byte][]*modbus.Planner{}, broken: make(chan struct{}, 1)}
	if l.Timeout == 0 {
		l.Timeout = modbus.DefaultTimeout
	}
	if l.Latency == 0 {
		l.Latency = defaultLatency
	}
	l.plan = modbus.PlanConfig{Baud: b.Baud, BitsPerChar: b.CharBits, Latency: l.Latency, MaxRegisters: b.MaxRegisters, TCP: b.TCP}
	l.mb = modbus.NewBus(l, b.Options)
	return l, nil
}

// add puts a device on the bus.
func (l *line) add(d *device) error {
	md := modbus.Device{Name: d.Name, Unit: byte(d.Unit), Timeout: d.Timeout, Retries: l.Retries}
	if md.Timeout == 0 {
		md.Timeout = l.Timeout
	}
	if d.Retries != nil {
		md.Retries = *d.Retries
	}
	if err := l.mb.Add(md); err != nil {
		return err
	}
	l.planners[byte(d.Unit)] = append(l.planners[byte(d.Unit)], d.planner)
	return nil
}

// Do passes a request on to the current client.
func (l *line) Do(ctx context.Context, unit byte, pdu []byte) ([]byte, error) {
	l.mu.Lock()
	c, gen := l.cur, l.gen
	l.mu.Unlock()
	if c == nil {
		return nil, l.notOpen()
	}
	start := time.Now()
	resp, err := c.Do(ctx, unit, pdu)
	switch {
	case err == nil:
		l.answered(gen, unit, pdu, resp, time.Since(start))
	case ctx.Err() == nil && broken(err):
		l.fail(gen, err)
	}
	return resp, err
}

// notOpen is the error of a request while the bus is not open.
func (l *line) notOpen() error {
	l.mu.Lock()
	cause := l.cause
	l.mu.Unlock()
	if cause == nil {
		return fmt.Errorf("%w: %s", ErrNotOpen, l.Name)
	}
	return fmt.Errorf("%w: %s: %w", ErrNotOpen, l.Name, cause)
}

func (l *line) isOpen() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cur != nil
}

// broken reports an error that is not the device's but the client's: the
// port is gone or the connection cannot be made.
func broken(err error) bool {
	for _, e := range []error{
		modbus.ErrTimeout, modbus.ErrCRC, modbus.ErrUnit, modbus.ErrResponse,
		modbus.ErrShortFrame, modbus.ErrMBAP, modbus.ErrFunction, modbus.ErrQuantity,
		context.Canceled, context.DeadlineExceeded, ErrNotOpen,
	} {
		if errors.Is(err, e) {
			return false
		}
	}
	var ex *modbus.Exception
	return !errors.As(err, &ex)
}

// answered notes that the client works and feeds the planners of the unit
// with the turnaround of a read: the time taken less the frames' time.
func (l *line) answered(gen uint64, unit byte, pdu, resp []byte, took time.Duration) {
	l.mu.Lock()
	if gen == l.gen {
		l.worked = true
	}
	l.mu.Unlock()
	fc := pdu[0]
	if len(pdu) != 5 || (fc != modbus.FuncReadHoldingRegisters && fc != modbus.FuncReadInputRegisters) || len(resp) == 0 || resp[0] != fc {
		return
	}
	cfg := l.plan
	cfg.Latency = 0
	lat := took - modbus.RequestCost(modbus.Request{Count: binary.BigEndian.Uint16(pdu[3:])}, cfg)
	for _, p := range l.planners[unit] {
		p.Observe(lat)
	}
}

// fail retires the client of generation gen, which failed with err.
func (l *line) fail(gen uint64, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen || l.cur == nil {
		return
	}
	l.dead = append(l.dead, l.cur)
	l.deadOK = l.worked
	l.cur, l.cause = nil, err
	l.gen++
	select {
	case l.broken <- struct{}{}:
	default:
	}
}

func closeAll(cs []modbus.Client) {
	for _, c := range cs {
		if cl, ok := c.(io.Closer); ok {
			cl.Close()
		}
	}
}
