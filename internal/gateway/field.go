package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/collect"
)

// startCollector starts polling the Modbus devices into the spools.
func (p *parts) startCollector() error {
	if len(p.cfg.Buses) == 0 {
		return nil
	}
	bs := p.cfg.CollectBuses()
	format, err := collect.ParseFormat(p.cfg.Records.Format)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(p.cfg.Records.Timezone)
	if err != nil {
		return fmt.Errorf("records.timezone: %w", err)
	}
	c, err := collect.New(collect.Config{
		Buses:     bs,
		Format:    format,
		P:         p.cfg.Records.P,
		Seq:       p.cfg.Records.Seq,
		Location:  loc,
		IMEI:      p.IMEI,
		Sequencer: p.seq,
		Sink:      func(ctx context.Context, data []byte) error { return p.append(data) },
		Logger:    p.log,
		OnPoll:    p.g.obs.onPoll,
	})
	if err != nil {
		return err
	}
	p.collMu.Lock()
	p.coll = c
	p.collMu.Unlock()
	p.field.Go(func(ctx context.Context) { _ = c.Run(ctx) })
	return nil
}

func (p *parts) collector() *collect.Collector {
	p.collMu.Lock()
	defer p.collMu.Unlock()
	return p.coll
}
