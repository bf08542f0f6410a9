package modbus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// Opener opens the client of a bus that owns its port (OpenBus): an RTU
// master on a serial line, a TCP master. The bus calls it again after the
// client failed (a serial adapter unplugged, a port missing at start).
type Opener func(ctx context.Context) (Client, error)

// ErrNotOpen reports a request to a bus whose port is not open: it is
// missing, or its client failed and is being opened again.
var ErrNotOpen = errors.New("modbus: bus not open")

// Backoff of an Opener that fails, when BusOptions leave it zero.
const (
	DefaultOpenMin = time.Second
	DefaultOpenMax = time.Minute
)

// port is the client of a Bus that owns it: it passes each request on to
// the client the Opener gave, retires a client that fails, and is opened
// again by Run, so that the devices' counters and backoff stay.
type port struct {
	name     string
	open     Opener
	log      *slog.Logger
	onAnswer func(unit byte, req, resp []byte, took time.Duration)

	// opening is held while a client is opened and installed: by Run, or
	// by Acquire outside Run for the whole of its use.
	opening sync.Mutex

	mu      sync.Mutex
	fixed   bool   // a client given to NewBus: never opened, closed or retired
	managed bool   // Run opens and replaces the client
	cur     Client // nil when not open
	gen     uint64 // changes with cur
	worked  bool   // a request to cur got an answer
	cause   error  // why the bus is not open
	dead    []Client
	deadOK  bool          // the last failed client had worked
	broken  chan struct{} // a client failed
}

// current is the client and its generation; nil when the bus is not open.
func (p *port) current() (Client, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur, p.gen
}

// notOpen is the error of a request while the bus is not open.
func (p *port) notOpen() error {
	p.mu.Lock()
	cause := p.cause
	p.mu.Unlock()
	if cause == nil {
		return fmt.Errorf("%w: %s", ErrNotOpen, p.name)
	}
	return fmt.Errorf("%w: %s: %w", ErrNotOpen, p.name, cause)
}

// Do passes a request on to the current client, tells onAnswer of an
// answer, and retires the client when it fails as a client (not as the
// device) does.
func (p *port) Do(ctx context.Context, unit byte, pdu []byte) ([]byte, error) {
	c, gen := p.current()
	if c == nil {
		return nil, p.notOpen()
	}
	start := time.Now()
	resp, err := c.Do(ctx, unit, pdu)
	switch {
	case err == nil:
		took := time.Since(start)
		p.mu.Lock()
		if gen == p.gen {
			p.worked = true
		}
		p.mu.Unlock()
		if p.onAnswer != nil {
			p.onAnswer(unit, pdu, resp, took)
		}
	case ctx.Err() == nil && clientBroken(err):
		p.fail(gen, err)
	}
	return resp, err
}

// clientBroken reports an error that is not the device's but the client's:
// the port is gone or the connection cannot be made.
func clientBroken(err error) bool {
	for _, e := range []error{
		ErrTimeout, ErrCRC, ErrUnit, ErrResponse, ErrShortFrame, ErrMBAP, ErrFunction, ErrQuantity,
		context.Canceled, context.DeadlineExceeded, ErrNotOpen,
	} {
		if errors.Is(err, e) {
			return false
		}
	}
	var ex *Exception
	return !errors.As(err, &ex)
}

// fail retires the client of generation gen, which failed with err.
func (p *port) fail(gen uint64, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fixed || gen != p.gen || p.cur == nil {
		return
	}
	p.dead = append(p.dead, p.cur)
	p.deadOK = p.worked
	p.cur, p.cause = nil, err
	p.gen++
	select {
	case p.broken <- struct{}{}:
	default:
	}
}

// install opens a client and makes it current; the caller holds opening.
func (p *port) install(ctx context.Context) (uint64, error) {
	c, err := p.open(ctx)
	if err == nil && c == nil {
		err = errors.New("no client")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.cause = err
		return 0, err
	}
	p.cur, p.cause, p.worked = c, nil, false
	p.gen++
	return p.gen, nil
}

func closeAll(cs []Client) {
	for _, c := range cs {
		if cl, ok := c.(io.Closer); ok {
			cl.Close()
		}
	}
}

// IsOpen reports whether the bus has a client.
func (b *Bus) IsOpen() bool {
	c, _ := b.port.current()
	return c != nil
}

// NotOpen is the error of a request while the bus is not open: ErrNotOpen
// with why.
func (b *Bus) NotOpen() error { return b.port.notOpen() }

// Run opens the bus's port and opens it again whenever its client fails,
// until ctx ends; then it closes the client. Failed opens are retried
// after BusOptions.OpenMin, doubling up to OpenMax; a client that worked is
// replaced at once, one that failed before it worked after the same
// backoff. A failure is logged when it starts, not at every attempt. A bus
// on a client given to NewBus has nothing to run: Run waits for ctx.
func (b *Bus) Run(ctx context.Context) {
	p := b.port
	p.mu.Lock()
	fixed := p.fixed
	p.managed = !fixed
	p.mu.Unlock()
	if fixed {
		<-ctx.Done()
		return
	}
	defer p.shutdown()
	backoff := retry.Backoff{Min: b.opts.OpenMin, Max: b.opts.OpenMax}
	attempts, openFailing, first := 0, false, true
	for {
		p.opening.Lock()
		_, err := p.install(ctx)
		p.opening.Unlock()
		if ctx.Err() != nil {
			return
		}
		attempts++
		if err != nil {
			delay := backoff.Next()
			if !openFailing {
				p.log.Warn("cannot open modbus bus; retrying", "err", err, "retry", delay)
				openFailing = true
			} else {
				p.log.Debug("cannot open modbus bus", "err", err, "attempts", attempts, "retry", delay)
			}
			if !retry.Sleep(ctx, delay) {
				return
			}
			continue
		}
		if first || openFailing {
			p.log.Info("modbus bus open", "attempts", attempts)
		} else {
			p.log.Debug("modbus bus opened again", "attempts", attempts)
		}
		attempts, openFailing, first = 0, false, false
		worked, cause := p.waitFailure(ctx)
		if ctx.Err() != nil {
			return
		}
		if worked {
			p.log.Warn("modbus bus failed; opening it again", "err", cause)
			backoff.Reset()
			continue
		}
		delay := backoff.Next()
		p.log.Debug("modbus client failed before it worked", "err", cause, "retry", delay)
		if !retry.Sleep(ctx, delay) {
			return
		}
	}
}

// waitFailure waits until the current client fails, closes it and says why.
func (p *port) waitFailure(ctx context.Context) (worked bool, cause error) {
	for {
		select {
		case <-ctx.Done():
			return false, nil
		case <-p.broken:
		}
		p.mu.Lock()
		dead, open, cause, worked := p.dead, p.cur != nil, p.cause, p.deadOK
		p.dead = nil
		p.mu.Unlock()
		closeAll(dead)
		if !open {
			return worked, cause
		}
	}
}

// shutdown closes the clients at the end of Run.
func (p *port) shutdown() {
	p.mu.Lock()
	dead := append(p.dead, p.cur)
	p.cur, p.dead, p.managed = nil, nil, false
	p.gen++
	p.mu.Unlock()
	closeAll(dead)
}

// Acquire makes sure the bus has a client for a while outside Run: it opens
// one, which release closes. Under Run, or on a client given to NewBus, it
// does nothing. An open that fails is ErrNotOpen with why.
func (b *Bus) Acquire(ctx context.Context) (release func(), err error) {
	p := b.port
	nothing := func() {}
	p.mu.Lock()
	skip := p.managed || p.fixed
	p.mu.Unlock()
	if skip {
		return nothing, nil
	}
	p.opening.Lock()
	p.mu.Lock()
	skip = p.managed
	p.mu.Unlock()
	if skip {
		p.opening.Unlock()
		return nothing, nil
	}
	gen, err := p.install(ctx)
	if err != nil {
		p.opening.Unlock()
		return nil, fmt.Errorf("%w: %s: %w", ErrNotOpen, p.name, err)
	}
	return func() {
		p.mu.Lock()
		dead := p.dead
		if p.gen == gen {
			dead = append(dead, p.cur)
			p.cur = nil
			p.gen++
		}
		p.dead = nil
		select {
		case <-p.broken:
		default:
		}
		p.mu.Unlock()
		closeAll(dead)
		p.opening.Unlock()
	}, nil
}
