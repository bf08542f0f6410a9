package bench

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// planMap is a register map to plan, with its line.
type planMap struct {
	name string
	need []modbus.Range
	cfg  modbus.PlanConfig
}

// an32Line is the application note's line, 9600 baud, with 20 ms turnaround.
var an32Line = modbus.PlanConfig{Baud: 9600, Latency: 20 * time.Millisecond}

func planMaps(b *testing.B) []planMap {
	an32, err := modbus.ParseTitanBlocks("1;10;55;69;72;100;120;130;152;160;170", "1;3;2;2;9;10;5;4;3;7;1")
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	blocks := func(n, maxLen, maxGap int) []modbus.Range {
		var out []modbus.Range
		at := 0
		for range n {
			at += r.IntN(maxGap + 1)
			l := 1 + r.IntN(maxLen)
			out = append(out, modbus.Range{Start: uint16(at), Count: uint16(l)})
			at += l + 1
		}
		return out
	}
	sparse := blocks(60, 1, 40)
	withForbidden := an32Line
	for range 15 {
		a := 1 + r.IntN(2000)
		withForbidden.Forbidden = append(withForbidden.Forbidden, modbus.Range{Start: uint16(a), Count: uint16(1 + r.IntN(5))})
	}
	forbiddenNeed := blocks(80, 4, 20)
	// Drop the blocks that a forbidden range hits: those are needed.
	var keep []modbus.Range
	for _, n := range forbiddenNeed {
		ok := true
		for _, f := range withForbidden.Forbidden {
			ok = ok && (n.End() <= int(f.Start) || f.End() <= int(n.Start))
		}
		if ok {
			keep = append(keep, n)
		}
	}
	max16 := an32Line
	max16.MaxRegisters = 16
	return []planMap{
		{"an32-plc1", an32, an32Line},
		{"an32-plc1-max16", an32, max16},
		{"sparse", sparse, an32Line},
		{"dense", blocks(60, 8, 3), an32Line},
		{"wide-gaps", blocks(40, 10, 300), an32Line},
		{"long-blocks-max16", blocks(20, 60, 10), max16},
		{"random-forbidden", keep, withForbidden},
	}
}

// BenchmarkModbusPlan reports, per map, the simulated bus time of a cycle
// (the plan's cost at 9600 baud, 20 ms turnaround) for the optimal plan and
// its ratios to one request per block (naive, the Titan's way) and to a
// greedy left-to-right merge. That the optimal plan is never worse is a
// correctness check, not a timing assertion.
func BenchmarkModbusPlan(b *testing.B) {
	for _, m := range planMaps(b) {
		b.Run(m.name, func(b *testing.B) {
			var ours modbus.Plan
			var err error
			for b.Loop() {
				if ours, err = modbus.PlanReads(m.need, m.cfg); err != nil {
					b.Fatal(err)
				}
			}
			naive, greedy := modbus.NaivePlan(m.need, m.cfg), modbus.GreedyPlan(m.need, m.cfg)
			if ours.Cost > naive.Cost || ours.Cost > greedy.Cost {
				b.Fatalf("optimal plan %v worse than naive %v or greedy %v", ours.Cost, naive.Cost, greedy.Cost)
			}
			b.ReportMetric(float64(ours.Cost)/1e6, "ms/cycle")
			b.ReportMetric(float64(ours.Cost)/float64(naive.Cost), "ours/naive")
			b.ReportMetric(float64(ours.Cost)/float64(greedy.Cost), "ours/greedy")
			b.ReportMetric(float64(len(ours.Requests)), "requests")
		})
	}
}
