package modbus

import (
	"slices"
	"sync"
	"time"
)

// Re-planning policy of Planner.
const (
	// latencyWeight is the weight of a new observation in the latency
	// estimate (an exponentially weighted moving average).
	latencyWeight = 0.25
	// replanChange is the relative change of the estimate, against the
	// latency of the current plan, that makes Planner plan again.
	replanChange = 0.25
)

// Planner keeps the plan of one device up to date: it plans again when the
// device's measured turnaround drifts away from the one the plan was made
// for, and when a range turns out to be unreadable. It is safe for
// concurrent use.
type Planner struct {
	mu      sync.Mutex
	need    []Range
	cfg     PlanConfig
	plan    Plan
	est     float64       // latency estimate, in nanoseconds
	planned time.Duration // latency the current plan was made with
}

// NewPlanner plans the reads of need under cfg; cfg.Latency is the initial
// latency estimate.
func NewPlanner(need []Range, cfg PlanConfig) (*Planner, error) {
	plan, err := PlanReads(need, cfg)
	if err != nil {
		return nil, err
	}
	cfg.Forbidden = slices.Clone(cfg.Forbidden)
	return &Planner{need: slices.Clone(need), cfg: cfg, plan: plan, est: float64(cfg.Latency), planned: cfg.Latency}, nil
}

// Plan is the current plan.
func (p *Planner) Plan() Plan {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.plan
}

// Latency is the current latency estimate.
func (p *Planner) Latency() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Duration(p.est)
}

// Observe adds a measured turnaround to the estimate. When the estimate has
// moved by more than 25 % from the latency of the current plan, it plans
// again with the estimate; it returns the current plan and whether it
// changed. Negative measurements are ignored.
func (p *Planner) Observe(latency time.Duration) (Plan, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if latency < 0 {
		return p.plan, false
	}
	p.est += latencyWeight * (float64(latency) - p.est)
	est := time.Duration(p.est)
	diff := est - p.planned
	if diff < 0 {
		diff = -diff
	}
	if float64(diff) <= replanChange*float64(p.planned) || diff == 0 {
		return p.plan, false
	}
	cfg := p.cfg
	cfg.Latency = min(est, maxLatency)
	plan, err := PlanReads(p.need, cfg)
	if err != nil {
		return p.plan, false // unreachable: need and cfg were valid
	}
	p.cfg, p.planned = cfg, cfg.Latency
	changed := !slices.Equal(plan.Requests, p.plan.Requests)
	p.plan = plan
	return plan, changed
}

// Forbid marks a range as unreadable, as learnt from exception 02, and
// plans again. When the range holds a needed register the planner is left
// unchanged and the error wraps ErrForbiddenNeeded.
func (p *Planner) Forbid(r Range) (Plan, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cfg := p.cfg
	cfg.Forbidden = append(slices.Clone(cfg.Forbidden), r)
	plan, err := PlanReads(p.need, cfg)
	if err != nil {
		return p.plan, err
	}
	p.cfg, p.plan = cfg, plan
	return plan, nil
}
