package modem

import (
	"context"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/gsm"
)

// Scan searches for networks with AT+COPS=? (up to minutes: the AT
// engine's timeout for it, 120 s by default, applies). progress, if
// set, is called about every second with the time spent so far; cancelling
// ctx aborts the scan (it is an abortive command).
func (m *Manager) Scan(ctx context.Context, progress func(elapsed time.Duration)) ([]gsm.Network, error) {
	type result struct {
		r   *at.Response
		err error
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		r, err := m.e.Command(ctx, "AT+COPS=?")
		done <- result{r, err}
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if progress != nil {
				progress(time.Since(start))
			}
		case res := <-done:
			if res.err != nil {
				return nil, fmt.Errorf("AT+COPS=?: %w", res.err)
			}
			for _, l := range res.r.Lines {
				if nets, err := gsm.ParseCOPSList(l); err == nil {
					return nets, nil
				}
			}
			return nil, fmt.Errorf("AT+COPS=?: no network list in %q", res.r.Lines)
		}
	}
}
