package collect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Collector polls the devices of a Config.
type Collector struct {
	cfg     Config
	log     *slog.Logger
	loc     *time.Location
	lines   []*line
	devices []*device
	byName  map[string]*device
	running atomic.Bool
}

// New checks a configuration and plans the devices' reads; it starts
// nothing.
func New(cfg Config) (*Collector, error) {
	c := &Collector{cfg: cfg, log: cfg.Logger, loc: cfg.Location, byName: map[string]*device{}}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.loc == nil {
		c.loc = time.UTC
	}
	if c.cfg.Now == nil {
		c.cfg.Now = time.Now
	}
	switch {
	case cfg.Format < FormatTitan || cfg.Format > FormatJSON:
		return nil, fmt.Errorf("collect: record format %d", int(cfg.Format))
	case cfg.Sink == nil:
		return nil, errors.New("collect: no Sink")
	case cfg.Sequencer == nil && cfg.Format == FormatJSON:
		return nil, errors.New("collect: JSON records need a Sequencer")
	case cfg.Sequencer == nil && cfg.Seq:
		return nil, errors.New("collect: the Titan SEQ field needs a Sequencer")
	}
	names := map[string]bool{}
	for _, b := range cfg.Buses {
		if names[b.Name] {
			return nil, fmt.Errorf("collect: bus %q twice", b.Name)
		}
		names[b.Name] = true
		l, err := newLine(b, c.log)
		if err != nil {
			return nil, fmt.Errorf("collect: %w", err)
		}
		for _, dc := range b.Devices {
			d, err := newDevice(dc, l)
			if err != nil {
				return nil, fmt.Errorf("collect: bus %q: %w", b.Name, err)
			}
			if c.byName[d.Name] != nil {
				return nil, fmt.Errorf("collect: device %q twice", d.Name)
			}
			if err := l.add(d); err != nil {
				return nil, fmt.Errorf("collect: bus %q: %w", b.Name, err)
			}
			d.log = l.log.With("device", d.Name)
			c.byName[d.Name] = d
			c.devices = append(c.devices, d)
		}
		c.lines = append(c.lines, l)
	}
	return c, nil
}

func (c *Collector) now() time.Time { return c.cfg.Now() }

// Run opens the buses and polls every device on its schedule until ctx
// ends, then closes the buses and returns nil once all its goroutines have
// ended. A bus that cannot be opened is tried again with backoff while the
// others are polled.
func (c *Collector) Run(ctx context.Context) error {
	if !c.running.CompareAndSwap(false, true) {
		return errors.New("collect: already running")
	}
	defer c.running.Store(false)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for _, l := range c.lines {
		wg.Go(func() { l.run(ctx) })
	}
	for _, d := range c.devices {
		wg.Go(func() { c.schedule(ctx, d) })
	}
	<-ctx.Done()
	wg.Wait()
	return nil
}

// PollNow polls a device at once, out of its schedule, and writes its
// record. Outside Run it opens the device's bus for the poll and closes it
// afterwards.
func (c *Collector) PollNow(ctx context.Context, device string) error {
	d := c.byName[device]
	if d == nil {
		return fmt.Errorf("collect: no device %q", device)
	}
	// When the bus cannot be opened, the poll fails with ErrNotOpen and
	// is accounted as any other.
	if release, err := d.line.mb.Acquire(ctx); err == nil {
		defer release()
	}
	if err := c.poll(ctx, d); err != nil {
		return fmt.Errorf("collect: %s: %w", device, err)
	}
	return nil
}
