package modbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// Bus shares one Client among several devices: one transaction at a time,
// retries on timeouts and CRC errors, a busy device (exception 06) asked
// again after a wait, and a device that fails MaxFailures times in a row
// skipped, with exponential backoff, so that it does not stall the others.
// A Bus made by OpenBus owns its port: Run opens it, and opens it again
// after its client failed, as at.Engine does the modem's.
type Bus struct {
	port  *port
	opts  BusOptions
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	mu      sync.Mutex // one transaction at a time
	smu     sync.Mutex // devices and their counters
	devices map[string]*device
}

// BusOptions are a Bus's defaults; zero fields take the values given.
type BusOptions struct {
	MaxFailures int           // consecutive failures before a device is skipped; 3
	BackoffMin  time.Duration // first skip; 5 s
	BackoffMax  time.Duration // longest skip; 5 min
	BusyWait    time.Duration // wait before asking a busy device again; 100 ms
	BusyRetries int           // times a busy device is asked again; 3

	// OpenMin and OpenMax are the backoff of an Opener that fails (OpenBus):
	// DefaultOpenMin, doubling up to DefaultOpenMax.
	OpenMin, OpenMax time.Duration
	// Logger receives the opening and failing of the port (nil: none).
	Logger *slog.Logger
	// OnAnswer, if set, is told of every answered request with the time
	// the client took, as a planner measures turnaround.
	OnAnswer func(unit byte, req, resp []byte, took time.Duration)
}

// Device is a device's place on a bus: the unit it answers as and how
// patiently it is asked. What is read from it, and when, is its poller's.
type Device struct {
	Name    string
	Unit    byte
	Timeout time.Duration // per attempt; the client's own when zero
	Retries int           // attempts after a timeout or CRC error
}

// DeviceStats are a device's counters.
type DeviceStats struct {
	Requests   int // transactions asked for, skipped ones included
	Responses  int // transactions answered, exceptions included
	Timeouts   int // attempts unanswered
	Exceptions int // exception responses
	CRCErrors  int // attempts answered with a bad CRC
	Errors     int // other failed attempts
	Skipped    int // transactions refused while in backoff
	Failures   int // consecutive failed transactions now
	SkipUntil  time.Time
}

type device struct {
	Device
	stats   DeviceStats
	backoff retry.Backoff // the skips after repeated failures
}

// ErrSkipped reports a request to a device that failed too often and is not
// asked again until its backoff has passed.
var ErrSkipped = errors.New("modbus: device skipped after repeated failures")

// NewBus returns a bus on c, which it neither opens nor closes.
func NewBus(c Client, opts BusOptions) *Bus {
	return newBus(&port{fixed: true, cur: c, name: "bus"}, opts)
}

// OpenBus returns the bus name whose port open opens: it is not open until
// Run (or Acquire, outside Run) opens it.
func OpenBus(name string, open Opener, opts BusOptions) *Bus {
	return newBus(&port{name: name, open: open}, opts)
}

func newBus(p *port, opts BusOptions) *Bus {
	if opts.MaxFailures <= 0 {
		opts.MaxFailures = 3
	}
	if opts.BackoffMin <= 0 {
		opts.BackoffMin = 5 * time.Second
	}
	if opts.BackoffMax < opts.BackoffMin {
		opts.BackoffMax = max(5*time.Minute, opts.BackoffMin)
	}
	if opts.BusyWait <= 0 {
		opts.BusyWait = 100 * time.Millisecond
	}
	if opts.BusyRetries <= 0 {
		opts.BusyRetries = 3
	}
	if opts.OpenMin <= 0 {
		opts.OpenMin = DefaultOpenMin
	}
	if opts.OpenMax < opts.OpenMin {
		opts.OpenMax = max(DefaultOpenMax, opts.OpenMin)
	}
	p.log = opts.Logger
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	p.onAnswer = opts.OnAnswer
	p.broken = make(chan struct{}, 1)
	return &Bus{port: p, opts: opts, now: time.Now, sleep: sleepCtx, devices: map[string]*device{}}
}

// sleepCtx waits for d, or fails with the end of ctx.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if !retry.Sleep(ctx, d) {
		return ctx.Err()
	}
	return nil
}

// Add adds a device; names are unique.
func (b *Bus) Add(d Device) error {
	b.smu.Lock()
	defer b.smu.Unlock()
	if _, ok := b.devices[d.Name]; ok {
		return fmt.Errorf("modbus: device %q already on the bus", d.Name)
	}
	b.devices[d.Name] = &device{Device: d, backoff: retry.Backoff{Min: b.opts.BackoffMin, Max: b.opts.BackoffMax}}
	return nil
}

// Stats returns a copy of every device's counters, by name.
func (b *Bus) Stats() map[string]DeviceStats {
	b.smu.Lock()
	defer b.smu.Unlock()
	m := make(map[string]DeviceStats, len(b.devices))
	for name, d := range b.devices {
		m[name] = d.stats
	}
	return m
}

// Do sends the request PDU req to the named device and parses its response.
// A device in backoff is not asked: Do returns ErrSkipped at once.
func (b *Bus) Do(ctx context.Context, name string, req []byte) (Response, error) {
	b.smu.Lock()
	d, ok := b.devices[name]
	if !ok {
		b.smu.Unlock()
		return Response{}, fmt.Errorf("modbus: no device %q", name)
	}
	d.stats.Requests++
	if b.now().Before(d.stats.SkipUntil) {
		d.stats.Skipped++
		b.smu.Unlock()
		return Response{}, fmt.Errorf("%w: %s until %s", ErrSkipped, name, d.stats.SkipUntil.Format(time.TimeOnly))
	}
	dev := d.Device
	probe := d.stats.Failures >= b.opts.MaxFailures // out of backoff: one attempt
	b.smu.Unlock()

	b.mu.Lock()
	r, err := b.transact(ctx, d, dev, req, probe)
	b.mu.Unlock()

	b.smu.Lock()
	defer b.smu.Unlock()
	var ex *Exception
	switch {
	case err == nil || errors.As(err, &ex):
		d.stats.Responses++
		d.stats.Failures, d.stats.SkipUntil = 0, time.Time{}
		d.backoff.Reset()
	case ctx.Err() != nil:
	default:
		d.stats.Failures++
		if d.stats.Failures >= b.opts.MaxFailures {
			d.stats.SkipUntil = b.now().Add(d.backoff.Next())
		}
	}
	return r, err
}

// transact makes the attempts of one transaction.
func (b *Bus) transact(ctx context.Context, d *device, dev Device, req []byte, probe bool) (Response, error) {
	attempts := 1 + max(dev.Retries, 0)
	if probe {
		attempts = 1
	}
	busy := 0
	for {
		actx, cancel := ctx, context.CancelFunc(func() {})
		if dev.Timeout > 0 {
			actx, cancel = context.WithTimeout(ctx, dev.Timeout)
		}
		r, err := Transact(actx, b.port, dev.Unit, req)
		timedOut := actx.Err() != nil && ctx.Err() == nil
		cancel()
		if timedOut {
			err = fmt.Errorf("%w: %v", ErrTimeout, err)
		}
		if err == nil || ctx.Err() != nil {
			return r, err
		}
		var ex *Exception
		b.count(d, err, &ex)
		if ex != nil {
			if ex.Code != ServerDeviceBusy || busy >= b.opts.BusyRetries {
				return r, err
			}
			busy++
			if err := b.sleep(ctx, b.opts.BusyWait); err != nil {
				return r, err
			}
			continue
		}
		attempts--
		if attempts == 0 || !(errors.Is(err, ErrTimeout) || errors.Is(err, ErrCRC)) {
			return r, err
		}
	}
}

func (b *Bus) count(d *device, err error, ex **Exception) {
	b.smu.Lock()
	defer b.smu.Unlock()
	switch {
	case errors.As(err, ex):
		d.stats.Exceptions++
	case errors.Is(err, ErrTimeout):
		d.stats.Timeouts++
	case errors.Is(err, ErrCRC):
		d.stats.CRCErrors++
	default:
		d.stats.Errors++
	}
}
