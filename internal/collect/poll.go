package collect

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// sinkTimeout bounds a write to the spool, which goes on when Run's context
// ends so that a reading already taken is kept.
const sinkTimeout = 10 * time.Second

// poll reads a device, writes its record and accounts for it. A poll that
// ctx ended is not accounted.
func (c *Collector) poll(ctx context.Context, d *device) error {
	d.pollMu.Lock()
	defer d.pollMu.Unlock()
	start := c.now()
	t0 := time.Now()
	regs, n, err := d.read(ctx)
	took := time.Since(t0)
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	var data []byte
	if err == nil {
		if data, err = c.encode(d, start, regs); err != nil {
			err = fmt.Errorf("record: %w", err)
		}
	}
	d.polled(start, took, err)
	p := Poll{Bus: d.line.Name, Device: d.Name, Time: start, Duration: took, Err: err, Registers: n}
	if err == nil {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sinkTimeout)
		if err := c.cfg.Sink(sctx, data); err != nil {
			p.Err = fmt.Errorf("spool: %w", err)
		}
		cancel()
		d.sunk(p.Err)
	}
	if c.cfg.OnPoll != nil {
		c.cfg.OnPoll(p)
	}
	return p.Err
}

// read reads the registers of a device and gives them by address, with the
// number of registers read. When the device refuses a request with
// exception 02 and the request read registers between needed ones, those
// are forbidden to the planner and the poll starts again with its new plan.
func (d *device) read(ctx context.Context) (map[uint16]uint16, int, error) {
	if !d.line.mb.IsOpen() {
		return nil, 0, d.line.mb.NotOpen()
	}
	for round := 0; ; round++ {
		plan := d.planner.Plan()
		regs := make(map[uint16]uint16, plan.Registers())
		n, again := 0, false
		for _, r := range plan.Requests {
			req, err := modbus.ReadRequest(d.fc, r.Start, r.Count)
			if err != nil {
				return nil, n, err
			}
			resp, err := d.line.mb.Do(ctx, d.Name, req)
			if err != nil {
				// Each round forbids a new gap: there are fewer than
				// len(d.need) of them.
				if fill := modbus.Fillers(r, d.need); len(fill) > 0 && round < len(d.need) && illegalAddress(err) {
					for _, f := range fill {
						if _, err := d.planner.Forbid(f); err != nil {
							return nil, n, err
						}
					}
					d.log.Debug("modbus device refused registers between needed ones; planned again", "request", modbus.Range(r), "gaps", fill)
					again = true
					break
				}
				return nil, n, fmt.Errorf("reading %d registers from %d: %w", r.Count, r.Start, err)
			}
			if len(resp.Registers) != int(r.Count) {
				return nil, n, fmt.Errorf("reading %d registers from %d: %d registers in the response", r.Count, r.Start, len(resp.Registers))
			}
			for i, v := range resp.Registers {
				regs[r.Start+uint16(i)] = v
			}
			n += int(r.Count)
		}
		if !again {
			return regs, n, nil
		}
	}
}

func illegalAddress(err error) bool {
	var ex *modbus.Exception
	return errors.As(err, &ex) && ex.Code == modbus.IllegalDataAddress
}

// polled accounts for a poll and logs a change of the device's state.
func (d *device) polled(start time.Time, took time.Duration, err error) {
	d.mu.Lock()
	s, st := &d.stats, &d.state
	s.Polls++
	s.LastPoll, s.LastDuration, s.Failing = start, took, err != nil
	first, failed, recovered, failures := false, false, false, st.failures
	if err != nil {
		s.Errors++
		s.LastError = err.Error()
		st.failures++
		failed, st.failing = !st.failing, true
	} else {
		first, recovered = !st.polled, st.failing
		st.polled, st.failing, st.failures = true, false, 0
	}
	d.mu.Unlock()
	switch {
	case failed:
		d.log.Warn("modbus poll failed; no record", "unit", d.Unit, "err", err)
	case recovered:
		d.log.Info("modbus poll succeeds again", "unit", d.Unit, "failed_polls", failures)
	case first:
		d.log.Info("modbus device answers", "unit", d.Unit, "took", took)
	}
}

// sunk accounts for a write to the spool and logs a change of its state.
func (d *device) sunk(err error) {
	d.mu.Lock()
	s, st := &d.stats, &d.state
	failed, recovered := false, false
	if err != nil {
		s.SinkErrors++
		s.LastError = err.Error()
		failed, st.sinkFailing = !st.sinkFailing, true
	} else {
		s.Records++
		recovered, st.sinkFailing = st.sinkFailing, false
	}
	d.mu.Unlock()
	switch {
	case failed:
		d.log.Error("cannot write records to the spool; readings are lost", "err", err)
	case recovered:
		d.log.Info("records are written to the spool again")
	}
}
