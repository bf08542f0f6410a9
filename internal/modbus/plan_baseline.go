package modbus

// NaivePlan reads each block as its own request, in the order given, as a
// Titan router does with its Start and Number Words lists; a block longer
// than cfg.MaxRegisters is split. It ignores cfg.Forbidden (the blocks are
// what the user asked for). It returns the zero Plan when need or cfg is
// invalid; PlanReads says why.
func NaivePlan(need []Range, cfg PlanConfig) Plan {
	c, err := cfg.normalize()
	if err != nil {
		return Plan{}
	}
	var p Plan
	for _, r := range need {
		if checkRange(r) != nil {
			return Plan{}
		}
		for start, end := int(r.Start), r.End(); start < end; start += c.MaxRegisters {
			n := min(end-start, c.MaxRegisters)
			p.Requests = append(p.Requests, Request{Start: uint16(start), Count: uint16(n)})
			p.Cost += requestCost(n, c)
		}
	}
	return p
}

// GreedyPlan walks the needed addresses from left to right and extends the
// current request to the next needed address while that is allowed (no
// forbidden address, within the maximum) and costs no more than starting a
// new request for it. It returns the zero Plan when need or cfg is invalid;
// PlanReads says why.
func GreedyPlan(need []Range, cfg PlanConfig) Plan {
	p, err := newProblem(need, cfg)
	if err != nil {
		return Plan{}
	}
	var plan Plan
	emit := func(s, e int) {
		plan.Requests = append(plan.Requests, Request{Start: uint16(s), Count: uint16(e - s + 1)})
		plan.Cost += p.cost[e-s+1]
	}
	s, e := p.addrs[0], p.addrs[0]
	for k := 1; k < len(p.addrs); k++ {
		x := p.addrs[k]
		if x-s+1 <= p.cfg.MaxRegisters && !p.gap[k-1] && p.cost[x-s+1] <= p.cost[e-s+1]+p.cost[1] {
			e = x
			continue
		}
		emit(s, e)
		s, e = x, x
	}
	emit(s, e)
	return plan
}

// Fillers returns the addresses a request reads that are not needed: when
// the device answers such a request with exception 02 (illegal data
// address), these are the suspects to Forbid.
func Fillers(r Request, need []Range) []Range {
	needed, err := mergeRanges(need, "needed")
	if err != nil || r.Count == 0 {
		return nil
	}
	var out []Range
	at, end := int(r.Start), int(r.Start)+int(r.Count)
	for _, n := range needed {
		if n.End() <= at {
			continue
		}
		if int(n.Start) >= end {
			break
		}
		if int(n.Start) > at {
			out = append(out, Range{Start: uint16(at), Count: uint16(int(n.Start) - at)})
		}
		at = n.End()
	}
	if at < end {
		out = append(out, Range{Start: uint16(at), Count: uint16(end - at)})
	}
	return out
}
