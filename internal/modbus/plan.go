package modbus

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Request planning: which read requests fetch a set of registers in the
// least bus time. The cost of a cycle is the sum of RequestCost over its
// requests; PlanReads finds a plan of least cost by dynamic programming,
// NaivePlan and GreedyPlan are the baselines it is measured against.

// Protocol limits and timing constants of Modbus over serial line (V1.02).
const (
	// MaxReadRegisters is the most registers one read request may ask for.
	MaxReadRegisters = 125
	// rtuRequestBytes is a read request: address, function, start (2),
	// quantity (2), CRC (2).
	rtuRequestBytes = 8
	// rtuResponseBytes is a read response without its data: address,
	// function, byte count, CRC (2).
	rtuResponseBytes = 5
	// tcpRequestBytes is a read request with its MBAP header (7) and PDU (5).
	tcpRequestBytes = 12
	// tcpResponseBytes is a read response without its data: MBAP header (7),
	// function, byte count.
	tcpResponseBytes = 9
	// fastSilence is the fixed 3.5-character silence above 19200 baud.
	fastSilence = 1750 * time.Microsecond
	// fastBaud is the rate above which silences are fixed.
	fastBaud = 19200
	// maxLatency bounds the turnaround so that plan costs cannot overflow.
	maxLatency = time.Hour
)

// Range is a run of Count register addresses from Start.
type Range struct{ Start, Count uint16 }

// End is the address one past the range, as an int so that a range ending at
// 65535 has End 65536.
func (r Range) End() int { return int(r.Start) + int(r.Count) }

func (r Range) String() string {
	if r.Count == 1 {
		return fmt.Sprint(r.Start)
	}
	return fmt.Sprintf("%d-%d", r.Start, r.End()-1)
}

// Request is one read of Count consecutive registers from Start.
type Request struct{ Start, Count uint16 }

// PlanConfig describes the line and the device a plan is made for.
type PlanConfig struct {
	// Baud is the line rate in bits per second. For Modbus TCP it may be 0,
	// which counts no transmission time.
	Baud int
	// BitsPerChar is start + data + parity + stop bits (CharBits); 0 means
	// 11 on a serial line (the 8E1 or 8N2 frame Modbus RTU prescribes) and
	// 8 for TCP.
	BitsPerChar int
	// Latency is the device's turnaround: from the end of a request to the
	// start of its response.
	Latency time.Duration
	// MaxRegisters is the most registers per request; 0 means 125.
	MaxRegisters int
	// Forbidden are addresses that must never be read (the device answers
	// exception 02, illegal data address).
	Forbidden []Range
	// TCP selects Modbus TCP frame sizes (MBAP header, no silences).
	TCP bool
}

// Plan is a list of read requests, in address order, and its cost.
type Plan struct {
	Requests []Request
	// Cost is the sum of RequestCost over Requests.
	Cost time.Duration
}

// Registers is the number of registers the plan reads, fillers included.
func (p Plan) Registers() int {
	n := 0
	for _, r := range p.Requests {
		n += int(r.Count)
	}
	return n
}

// Errors of PlanReads; the returned errors wrap them.
var (
	ErrNoRegisters      = errors.New("no registers to read")
	ErrBadRange         = errors.New("bad register range")
	ErrForbiddenNeeded  = errors.New("needed register is forbidden")
	ErrBadPlanConfig    = errors.New("bad plan configuration")
	errUnreachablePlans = errors.New("no plan covers the registers")
)

// CharBits is the length of one serial character: a start bit, the data
// bits, a parity bit unless parity is 'N', and the stop bits (8N1 is 10,
// 8E1 and 8N2 are 11).
func CharBits(dataBits int, parity byte, stopBits int) int {
	n := 1 + dataBits + stopBits
	if parity != 'N' && parity != 'n' {
		n++
	}
	return n
}

// normalize fills in defaults and checks the configuration.
func (c PlanConfig) normalize() (PlanConfig, error) {
	if c.BitsPerChar == 0 {
		c.BitsPerChar = 11
		if c.TCP {
			c.BitsPerChar = 8
		}
	}
	if c.MaxRegisters == 0 {
		c.MaxRegisters = MaxReadRegisters
	}
	switch {
	case c.Baud < 0 || (!c.TCP && c.Baud == 0):
		return c, fmt.Errorf("%w: baud rate %d", ErrBadPlanConfig, c.Baud)
	case c.BitsPerChar < 7 || c.BitsPerChar > 12:
		return c, fmt.Errorf("%w: %d bits per character (want 7 to 12)", ErrBadPlanConfig, c.BitsPerChar)
	case c.MaxRegisters < 1 || c.MaxRegisters > MaxReadRegisters:
		return c, fmt.Errorf("%w: at most %d registers per request (want 1 to %d)", ErrBadPlanConfig, c.MaxRegisters, MaxReadRegisters)
	case c.Latency < 0 || c.Latency > maxLatency:
		return c, fmt.Errorf("%w: latency %v (want 0 to %v)", ErrBadPlanConfig, c.Latency, maxLatency)
	}
	return c, nil
}

// RequestCost is the expected bus time of one read request: the request
// and response frames at the line rate, two 3.5-character silences on a
// serial line (1.75 ms each above 19200 baud) and the device's latency.
// Defaults are those of PlanConfig; a zero baud rate counts no transmission
// time. The cost depends on r.Count only and never decreases with it.
func RequestCost(r Request, cfg PlanConfig) time.Duration {
	c, _ := cfg.normalize()
	return requestCost(int(r.Count), c)
}

// requestCost is RequestCost for a normalized configuration. The character
// time is rounded to the nanosecond once, so that costs are exactly linear
// in the register count and plans compare without rounding artefacts.
func requestCost(count int, c PlanConfig) time.Duration {
	lat := max(c.Latency, 0)
	if c.Baud <= 0 {
		return lat
	}
	char := time.Duration(divRound(int64(c.BitsPerChar)*1e9, int64(c.Baud)))
	if c.TCP {
		return lat + time.Duration(tcpRequestBytes+tcpResponseBytes+2*count)*char
	}
	chars := time.Duration(rtuRequestBytes + rtuResponseBytes + 2*count)
	if c.Baud > fastBaud {
		return lat + 2*fastSilence + chars*char
	}
	// Two silences of 3.5 characters each.
	return lat + (chars+7)*char
}

func divRound(a, b int64) int64 { return (a + b/2) / b }

// problem is a planning input in canonical form.
type problem struct {
	cfg   PlanConfig
	addrs []int  // needed addresses, sorted, distinct
	gap   []bool // gap[k]: a forbidden address lies between addrs[k] and addrs[k+1]
	cost  []time.Duration
}

// newProblem checks and canonicalizes the input of a planner.
func newProblem(need []Range, cfg PlanConfig) (*problem, error) {
	c, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	needed, err := mergeRanges(need, "needed")
	if err != nil {
		return nil, err
	}
	if len(needed) == 0 {
		return nil, ErrNoRegisters
	}
	forbidden, err := mergeRanges(c.Forbidden, "forbidden")
	if err != nil {
		return nil, err
	}
	p := &problem{cfg: c, cost: make([]time.Duration, c.MaxRegisters+1)}
	for n := range p.cost {
		p.cost[n] = requestCost(n, c)
	}
	for _, r := range needed {
		for a := int(r.Start); a < r.End(); a++ {
			p.addrs = append(p.addrs, a)
		}
	}
	// Both lists are sorted: walk them together.
	f := 0
	for _, a := range p.addrs {
		for f < len(forbidden) && forbidden[f].End() <= a {
			f++
		}
		if f < len(forbidden) && int(forbidden[f].Start) <= a {
			return nil, fmt.Errorf("%w: %d (forbidden %v)", ErrForbiddenNeeded, a, forbidden[f])
		}
	}
	p.gap = make([]bool, len(p.addrs))
	f = 0
	for k := 0; k+1 < len(p.addrs); k++ {
		lo, hi := p.addrs[k]+1, p.addrs[k+1]-1
		if lo > hi {
			continue
		}
		for f < len(forbidden) && forbidden[f].End() <= lo {
			f++
		}
		p.gap[k] = f < len(forbidden) && int(forbidden[f].Start) <= hi
	}
	return p, nil
}

// mergeRanges checks ranges and returns their union, sorted.
func mergeRanges(rs []Range, what string) ([]Range, error) {
	for _, r := range rs {
		if err := checkRange(r); err != nil {
			return nil, fmt.Errorf("%s %w", what, err)
		}
	}
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b Range) int { return int(a.Start) - int(b.Start) })
	var out []Range
	for _, r := range s {
		if n := len(out); n > 0 && int(r.Start) <= out[n-1].End() {
			if end := r.End(); end > out[n-1].End() {
				out[n-1].Count = uint16(end - int(out[n-1].Start))
			}
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

func checkRange(r Range) error {
	switch {
	case r.Count == 0:
		return fmt.Errorf("%w: %d registers from %d", ErrBadRange, r.Count, r.Start)
	case r.End() > math.MaxUint16+1:
		return fmt.Errorf("%w: %d registers from %d run past 65535", ErrBadRange, r.Count, r.Start)
	}
	return nil
}

// PlanReads returns a plan of least cost that reads every needed register,
// never a forbidden one, and at most cfg.MaxRegisters per request.
//
// Dynamic programming over the sorted needed addresses a[0..n): best[i] is
// the least cost of reading a[0..i), and the last request of that plan reads
// a[j]..a[i-1] for some j whose span fits the maximum and holds no forbidden
// address, so best[i] = min over j of best[j] + cost(a[i-1]-a[j]+1). Only
// requests that start and end on needed addresses are considered: trimming
// a request to its first and last needed register never raises its cost.
// The time is O(n·MaxRegisters).
func PlanReads(need []Range, cfg PlanConfig) (Plan, error) {
	p, err := newProblem(need, cfg)
	if err != nil {
		return Plan{}, err
	}
	n, maxN := len(p.addrs), p.cfg.MaxRegisters
	best := make([]time.Duration, n+1)
	from := make([]int32, n+1)
	for i := 1; i <= n; i++ {
		last := p.addrs[i-1]
		best[i], from[i] = math.MaxInt64, -1
		for j := i - 1; j >= 0; j-- {
			if j < i-1 && p.gap[j] {
				break
			}
			span := last - p.addrs[j] + 1
			if span > maxN {
				break
			}
			if c := best[j] + p.cost[span]; c < best[i] {
				best[i], from[i] = c, int32(j)
			}
		}
		if from[i] < 0 {
			return Plan{}, errUnreachablePlans // unreachable: one register always fits
		}
	}
	reqs := make([]Request, 0, 8)
	for i := n; i > 0; i = int(from[i]) {
		j := int(from[i])
		reqs = append(reqs, Request{Start: uint16(p.addrs[j]), Count: uint16(p.addrs[i-1] - p.addrs[j] + 1)})
	}
	slices.Reverse(reqs)
	return Plan{Requests: reqs, Cost: best[n]}, nil
}

// PlanCost is the cost of reading the requests under cfg.
func PlanCost(reqs []Request, cfg PlanConfig) time.Duration {
	c, _ := cfg.normalize()
	var sum time.Duration
	for _, r := range reqs {
		sum += requestCost(int(r.Count), c)
	}
	return sum
}
