package uplink

import (
	"context"
	"fmt"
	"sync"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// sent is a record published and waiting for its PUBACK.
type sent struct {
	id  uint64
	tok paho.Token
}

// session drains src over one connection until ctx ends, the connection is
// lost or a publish fails. Records are published in ID order with at most
// InFlight unacknowledged; each is acknowledged in src after its PUBACK. A
// record whose PUBACK never came stays in src and is sent again on the next
// connection (the server drops duplicates by device and seq).
func (p *Publisher) session(ctx context.Context, c paho.Client, lost <-chan error, src Source) error {
	sctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait() // runs after cancel below
	defer cancel()

	if src == nil {
		select {
		case err := <-lost:
			return fmt.Errorf("uplink: connection lost: %w", err)
		case <-ctx.Done():
			return nil
		}
	}
	slots := make(chan struct{}, p.cfg.InFlight)
	pending := make(chan sent, p.cfg.InFlight)
	failed := make(chan error, 1)
	wg.Add(1)
	go func() { defer wg.Done(); p.acker(sctx, src, pending, slots, failed) }()

	poll := time.NewTicker(p.cfg.PollInterval)
	defer poll.Stop()
	var after uint64
	for {
		select {
		case err := <-lost:
			return fmt.Errorf("uplink: connection lost: %w", err)
		case err := <-failed:
			return err
		case <-ctx.Done():
			return nil
		default:
		}
		recs, err := src.Read(after, p.cfg.InFlight)
		if err != nil {
			p.fail(fmt.Errorf("uplink: read spool: %w", err))
		}
		if len(recs) == 0 {
			select {
			case <-src.Notify():
			case <-poll.C:
			case err := <-lost:
				return fmt.Errorf("uplink: connection lost: %w", err)
			case err := <-failed:
				return err
			case <-ctx.Done():
				return nil
			}
			continue
		}
		for _, r := range recs {
			select { // a free slot in the window
			case slots <- struct{}{}:
			case err := <-lost:
				return fmt.Errorf("uplink: connection lost: %w", err)
			case err := <-failed:
				return err
			case <-ctx.Done():
				return nil
			}
			tok := c.Publish(p.recordTopic(r.Topic), 1, false, r.Data)
			p.published.Add(1)
			p.inFlight.Add(1)
			pending <- sent{r.ID, tok} // never blocks: slots bounds it
			after = r.ID
		}
	}
}

// acker waits for PUBACKs in order and acknowledges records in src.
func (p *Publisher) acker(ctx context.Context, src Source, pending <-chan sent, slots <-chan struct{}, failed chan<- error) {
	defer func() { // abandoned records stay in src
		for {
			select {
			case <-pending:
				p.inFlight.Add(-1)
			default:
				return
			}
		}
	}()
	for {
		var s sent
		select {
		case s = <-pending:
		case <-ctx.Done():
			return
		}
		select {
		case <-s.tok.Done():
		case <-ctx.Done():
			p.inFlight.Add(-1)
			return
		}
		p.inFlight.Add(-1)
		<-slots
		if err := s.tok.Error(); err != nil {
			select {
			case failed <- fmt.Errorf("uplink: record %d: %w", s.id, err):
			default:
			}
			return
		}
		p.acked.Add(1)
		if err := src.Ack(s.id); err != nil {
			p.fail(fmt.Errorf("uplink: ack record %d in spool: %w", s.id, err))
		}
	}
}

// recordTopic expands a record's topic template; the logger topic when it
// has none or it cannot be expanded (the record is still delivered).
func (p *Publisher) recordTopic(tmpl string) string {
	if tmpl == "" {
		return p.topics.logger
	}
	p.routeMu.Lock()
	defer p.routeMu.Unlock()
	if t, ok := p.routes[tmpl]; ok {
		return t
	}
	t, err := p.Topic(tmpl)
	if err == nil {
		err = checkTopic(t, false)
	}
	if err != nil {
		p.log.Warn("record topic unusable, publishing to the logger topic", "topic", tmpl, "err", err)
		t = p.topics.logger
	}
	if p.routes == nil {
		p.routes = map[string]string{}
	}
	p.routes[tmpl] = t
	return t
}
