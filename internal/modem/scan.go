package modem

import (
	"context"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/gsm"
)

// Scan searches for networks with AT+COPS=? (up to minutes: the AT
// engine's timeout for it, 120 s by default, applies). progress, if
// set, is called about every second with the time spent so far; cancelling
// ctx aborts the scan (it is an abortive command).
func (m *Manager) Scan(ctx context.Context, progress func(elapsed time.Duration)) ([]gsm.Network, error) {
	r, err := m.long(ctx, "AT+COPS=?", progress)
	if err != nil {
		return nil, err
	}
	for _, l := range r.Lines {
		if nets, err := gsm.ParseCOPSList(l); err == nil {
			return nets, nil
		}
	}
	return nil, fmt.Errorf("AT+COPS=?: no network list in %q", r.Lines)
}
