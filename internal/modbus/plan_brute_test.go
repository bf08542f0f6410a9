package modbus

import (
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// Proof of optimality by exhaustion. Any plan that reads every needed
// register can be reduced, at no higher cost, to a partition of the sorted
// needed addresses into runs read one request each: drop requests until no
// request is covered by the others (the rest then have increasing starts
// and ends), give each needed address to the first request that reads it,
// and trim each request to its first and last address (a sub-range of an
// allowed request is allowed, and cost never grows with the count). So the
// least cost over all 2^(n-1) partitions is the least cost of any plan, and
// bruteForce enumerates exactly those partitions.
func bruteForce(addrs []int, cfg PlanConfig) (best time.Duration, ok bool) {
	n := len(addrs)
	forbidden := map[int]bool{}
	for _, f := range cfg.Forbidden {
		for a := int(f.Start); a < f.End(); a++ {
			forbidden[a] = true
		}
	}
	maxN := cfg.MaxRegisters
	if maxN == 0 {
		maxN = MaxReadRegisters
	}
	// Bit k of cuts set: a request ends after addrs[k].
	for cuts := 0; cuts < 1<<(n-1); cuts++ {
		var cost time.Duration
		valid, start := true, 0
		for k := 0; k < n && valid; k++ {
			if k < n-1 && cuts&(1<<k) == 0 {
				continue
			}
			lo, hi := addrs[start], addrs[k]
			if hi-lo+1 > maxN {
				valid = false
			}
			for a := lo; a <= hi && valid; a++ {
				valid = !forbidden[a]
			}
			cost += RequestCost(Request{Start: uint16(lo), Count: uint16(hi - lo + 1)}, cfg)
			start = k + 1
		}
		if valid && (!ok || cost < best) {
			best, ok = cost, true
		}
	}
	return best, ok
}

// randomMap draws up to 10 needed addresses in a space of up to 40, random
// forbidden ranges outside them, and a random line.
func randomMap(r *rand.Rand) ([]Range, []int, PlanConfig) {
	space := 2 + r.IntN(39)
	base := r.IntN(65536 - space)
	n := 1 + r.IntN(min(10, space))
	perm := r.Perm(space)[:n]
	sort.Ints(perm)
	addrs := make([]int, n)
	isNeeded := map[int]bool{}
	var need []Range
	for i, p := range perm {
		addrs[i] = base + p
		isNeeded[base+p] = true
		need = append(need, Range{Start: uint16(base + p), Count: 1})
	}
	bauds := []int{1200, 9600, 19200, 38400, 115200}
	cfg := PlanConfig{
		Baud:         bauds[r.IntN(len(bauds))],
		BitsPerChar:  10 + r.IntN(2),
		Latency:      time.Duration(r.IntN(50_000)) * time.Microsecond,
		MaxRegisters: []int{0, 1, 2, 3, 5, 8, 16, 125}[r.IntN(8)],
		TCP:          r.IntN(5) == 0,
	}
	for range r.IntN(4) {
		a := base + r.IntN(space)
		length := 1 + r.IntN(3)
		ok := true
		for x := a; x < a+length; x++ {
			ok = ok && !isNeeded[x] && x < 65536
		}
		if ok {
			cfg.Forbidden = append(cfg.Forbidden, Range{Start: uint16(a), Count: uint16(length)})
		}
	}
	return need, addrs, cfg
}

func TestPlanOptimalAgainstBruteForce(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		need, addrs, cfg := randomMap(r)
		plan, err := PlanReads(need, cfg)
		if err != nil {
			t.Fatalf("map %d %v %+v: %v", i, need, cfg, err)
		}
		checkPlan(t, plan, need, cfg)
		best, ok := bruteForce(addrs, cfg)
		if !ok {
			t.Fatalf("map %d: brute force found no plan", i)
		}
		if plan.Cost != best {
			t.Fatalf("map %d %v %+v: planned %v %v, brute force %v", i, need, cfg, plan.Requests, plan.Cost, best)
		}
	}
}

// On larger random maps, with blocks, the plan is never worse than the
// baselines.
func TestPlanNeverWorseThanBaselines(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 2000 {
		var need []Range
		at := r.IntN(1000)
		for range 1 + r.IntN(30) {
			at += r.IntN(60)
			count := 1 + r.IntN(40)
			if at+count > 65536 {
				break
			}
			need = append(need, Range{Start: uint16(at), Count: uint16(count)})
			at += count
		}
		if len(need) == 0 {
			continue
		}
		cfg := PlanConfig{Baud: []int{9600, 19200, 115200}[r.IntN(3)], Latency: time.Duration(r.IntN(40)) * time.Millisecond,
			MaxRegisters: []int{0, 16, 32}[r.IntN(3)]}
		plan, err := PlanReads(need, cfg)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, plan, need, cfg)
		naive, greedy := NaivePlan(need, cfg), GreedyPlan(need, cfg)
		checkPlan(t, greedy, need, cfg)
		if plan.Cost > naive.Cost || plan.Cost > greedy.Cost {
			t.Fatalf("map %d: ours %v, naive %v, greedy %v", i, plan.Cost, naive.Cost, greedy.Cost)
		}
	}
}
