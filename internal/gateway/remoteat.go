package gateway

import (
	"sync"

	"github.com/cellgate/cellgate/internal/atpolicy"
	"github.com/cellgate/cellgate/internal/config"
)

// atLimits holds the one remote AT rate limiter that MQTT requests (keyed
// by topic) and the SMS console's "at" (keyed by sender) share. It outlives
// a reload; a new remote_at.rate starts a new limiter.
type atLimits struct {
	mu   sync.Mutex
	rate string
	lim  *atpolicy.Limiter
}

// limiter returns the limiter for rate ("10/1m").
func (a *atLimits) limiter(rate string) (*atpolicy.Limiter, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.lim != nil && a.rate == rate {
		return a.lim, nil
	}
	n, per, err := config.RateLimit(rate)
	if err != nil {
		return nil, err
	}
	a.rate, a.lim = rate, &atpolicy.Limiter{N: n, Per: per}
	return a.lim, nil
}

// atPolicy turns remote_at into the policy and the shared limiter.
func (p *parts) atPolicy(c config.RemoteAT) (*atpolicy.Policy, *atpolicy.Limiter, error) {
	lim, err := p.g.atLimits.limiter(c.Rate)
	if err != nil {
		return nil, nil, err
	}
	return &atpolicy.Policy{Allow: c.Allow, Deny: c.Deny}, lim, nil
}
