package modbus

import (
	"encoding/binary"
	"testing"
	"time"
)

// FuzzPlanReads plans arbitrary maps: no panic, and every plan covers the
// needed registers, avoids the forbidden ones, respects the maximum and is
// no worse than the baselines.
func FuzzPlanReads(f *testing.F) {
	f.Add([]byte{0, 1, 0, 1, 0, 10, 0, 3}, []byte{0, 30, 0, 5}, uint16(9600), uint8(0), uint16(20))
	f.Add([]byte{255, 250, 0, 6}, []byte{}, uint16(0), uint8(16), uint16(0))
	f.Fuzz(func(t *testing.T, needB, forbB []byte, baud uint16, maxN uint8, latMs uint16) {
		need, forb := ranges(needB), ranges(forbB)
		cfg := PlanConfig{Baud: int(baud), MaxRegisters: int(maxN), Latency: time.Duration(latMs) * time.Millisecond, Forbidden: forb, TCP: baud%7 == 0}
		plan, err := PlanReads(need, cfg)
		if err != nil {
			return
		}
		checkPlan(t, plan, need, cfg)
		if g := GreedyPlan(need, cfg); plan.Cost > g.Cost {
			t.Fatalf("worse than greedy: %v > %v", plan.Cost, g.Cost)
		}
		if naive := NaivePlan(need, cfg); len(cfg.Forbidden) == 0 && plan.Cost > naive.Cost {
			t.Fatalf("worse than naive: %v > %v", plan.Cost, naive.Cost)
		}
	})
}

// ranges reads 4-byte (start, count) pairs.
func ranges(b []byte) []Range {
	var out []Range
	for ; len(b) >= 4 && len(out) < 64; b = b[4:] {
		out = append(out, Range{Start: binary.BigEndian.Uint16(b), Count: binary.BigEndian.Uint16(b[2:]) % 300})
	}
	return out
}

// BenchmarkPlanReads5000 plans a 5000-register map: blocks of 1 to 20
// registers with gaps of 0 to 30.
func BenchmarkPlanReads5000(b *testing.B) {
	var need []Range
	at, total := 0, 0
	for i := 0; total < 5000; i++ {
		at += (i * 7919) % 31
		n := 1 + (i*104729)%20
		need = append(need, Range{Start: uint16(at), Count: uint16(n)})
		at += n
		total += n
	}
	cfg := PlanConfig{Baud: 9600, Latency: 20 * time.Millisecond}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PlanReads(need, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
