package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/config"
)

// collector polls the Modbus devices into the spools, through the
// recorder.
type collector struct {
	cfg    *config.Config
	log    *slog.Logger
	rec    *recorder
	onPoll func(collect.Poll)
	run    routines

	mu   sync.Mutex
	coll *collect.Collector // nil until started
}

func newCollector(cfg *config.Config, log *slog.Logger, rec *recorder, onPoll func(collect.Poll)) *collector {
	return &collector{cfg: cfg, log: log, rec: rec, onPoll: onPoll}
}

// Start starts polling; the identity is known. Without buses it does
// nothing.
func (c *collector) Start(ctx context.Context) error {
	c.run.init(ctx)
	if len(c.cfg.Buses) == 0 {
		return nil
	}
	bs := c.cfg.CollectBuses()
	format, err := collect.ParseFormat(c.cfg.Records.Format)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(c.cfg.Records.Timezone)
	if err != nil {
		return fmt.Errorf("records.timezone: %w", err)
	}
	coll, err := collect.New(collect.Config{
		Buses:     bs,
		Format:    format,
		P:         c.cfg.Records.P,
		Seq:       c.cfg.Records.Seq,
		Location:  loc,
		IMEI:      c.rec.IMEI,
		Sequencer: c.rec.seq,
		Sink:      func(ctx context.Context, data []byte) error { return c.rec.append(data) },
		Logger:    c.log,
		OnPoll:    c.onPoll,
	})
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.coll = coll
	c.mu.Unlock()
	c.run.Go(func(ctx context.Context) { _ = coll.Run(ctx) })
	return nil
}

// Close stops polling.
func (c *collector) Close() error {
	c.run.stop()
	return nil
}

// collector returns the running collector, nil before it started.
func (c *collector) collector() *collect.Collector {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.coll
}
