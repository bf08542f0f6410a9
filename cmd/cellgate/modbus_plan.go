package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// modbusPlanHelp is the text of "cellgate modbus plan -h".
const modbusPlanHelp = `The read requests that fetch the registers in the least bus time, with the
estimated cycle time next to one request per block (what a Titan router
does) and a left-to-right greedy merge. Give --registers, or --start and
--count.

  --registers  addresses separated by ; or , (ranges as 100-109)
  --start      a Titan "Start" field, e.g. 1;10;55
  --count      a Titan "Number Words" field, e.g. 1;3;2
  --format     serial character: data bits, parity, stop bits (8N1 is 10
               bits a character, 8E1 and 8N2 are 11)
  --forbid     addresses never to read (exception 02), e.g. 30-40,200

example: cellgate modbus plan --start '1;10;55;69;72;100;120;130;152;160;170' \
           --count '1;3;2;2;9;10;5;4;3;7;1' --baud 9600 --latency 20ms
`

// planReport is one plan in the output of "cellgate modbus plan".
type planReport struct {
	Requests  []planRequest `json:"requests"`
	Registers int           `json:"registers"`
	CycleMS   float64       `json:"cycle_ms"`
	Ratio     float64       `json:"ratio_to_naive"`
}

type planRequest struct {
	Start   uint16  `json:"start"`
	Count   uint16  `json:"count"`
	Fillers int     `json:"fillers"`
	CostMS  float64 `json:"cost_ms"`
}

// modbusPlanFlags is "cellgate modbus plan".
func modbusPlanFlags(fs *flag.FlagSet) func([]string) error {
	registers := fs.String("registers", "", "register addresses")
	starts := fs.String("start", "", "Titan Start field")
	counts := fs.String("count", "", "Titan Number Words field")
	baud := fs.Int("baud", 9600, "line rate")
	format := fs.String("format", "8E1", "serial character format")
	latency := fs.Duration("latency", 20*time.Millisecond, "device turnaround")
	maxN := fs.Int("max", modbus.MaxReadRegisters, "registers per request at most")
	forbid := fs.String("forbid", "", "addresses never to read")
	tcp := fs.Bool("tcp", false, "Modbus TCP frames")
	var out output
	out.add(fs)
	return func(rest []string) error {
		return modbusPlan(fs, out, *registers, *starts, *counts, *baud, *format, *latency, *maxN, *forbid, *tcp, rest)
	}
}

func modbusPlan(fs *flag.FlagSet, asJSON output, registers, starts, counts string, baud int, format string, latency time.Duration, maxN int, forbid string, tcp bool, rest []string) error {
	var err error
	if len(rest) > 0 {
		return fmt.Errorf("modbus plan: unexpected argument %q", rest[0])
	}
	var need []modbus.Range
	switch {
	case registers != "" && (starts != "" || counts != ""):
		return errors.New("modbus plan: give --registers or --start and --count, not both")
	case registers != "":
		need, err = modbus.ParseRegisters(registers)
	case starts != "" || counts != "":
		need, err = modbus.ParseTitanBlocks(starts, counts)
	default:
		table.WriteHelp(stdout, root.Find("modbus", "plan"), "cellgate modbus plan")
		return errors.New("modbus plan: no registers: give --registers or --start and --count")
	}
	if err != nil {
		return fmt.Errorf("modbus plan: %w", err)
	}
	cfg := modbus.PlanConfig{Baud: baud, Latency: latency, MaxRegisters: maxN, TCP: tcp}
	if cfg.BitsPerChar, err = modbus.ParseCharFormat(format); err != nil {
		return fmt.Errorf("modbus plan: --format: %w", err)
	}
	if tcp && !isFlagSet(fs, "format") {
		cfg.BitsPerChar = 8
	}
	if forbid != "" {
		if cfg.Forbidden, err = modbus.ParseRanges(forbid); err != nil {
			return fmt.Errorf("modbus plan: --forbid: %w", err)
		}
	}
	ours, err := modbus.PlanReads(need, cfg)
	if err != nil {
		return fmt.Errorf("modbus plan: %w", err)
	}
	naive, greedy := modbus.NaivePlan(need, cfg), modbus.GreedyPlan(need, cfg)
	plans := map[string]planReport{
		"ours":   report(ours, naive, need, cfg),
		"naive":  report(naive, naive, need, cfg),
		"greedy": report(greedy, naive, need, cfg),
	}
	if asJSON.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(plans)
	}
	printPlan(plans, need)
	return nil
}

func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func report(p, naive modbus.Plan, need []modbus.Range, cfg modbus.PlanConfig) planReport {
	r := planReport{Requests: []planRequest{}, Registers: p.Registers(), CycleMS: ms(p.Cost)}
	if naive.Cost > 0 {
		r.Ratio = float64(p.Cost) / float64(naive.Cost)
	}
	for _, q := range p.Requests {
		fillers := 0
		for _, f := range modbus.Fillers(q, need) {
			fillers += int(f.Count)
		}
		r.Requests = append(r.Requests, planRequest{Start: q.Start, Count: q.Count, Fillers: fillers, CostMS: ms(modbus.RequestCost(q, cfg))})
	}
	return r
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func printPlan(out map[string]planReport, need []modbus.Range) {
	needed := 0
	for _, r := range need {
		needed += int(r.Count)
	}
	ours := out["ours"]
	fmt.Fprintf(stdout, "%d registers needed in %d blocks\n\n", needed, len(need))
	fmt.Fprintf(stdout, "%-7s %-11s %5s %7s %10s\n", "request", "registers", "count", "fillers", "time")
	for i, q := range ours.Requests {
		span := fmt.Sprintf("%d-%d", q.Start, int(q.Start)+int(q.Count)-1)
		fmt.Fprintf(stdout, "%-7d %-11s %5d %7d %8.1fms\n", i+1, span, q.Count, q.Fillers, q.CostMS)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "%-8s %8s %9s %10s %9s\n", "plan", "requests", "registers", "cycle", "vs naive")
	for _, name := range []string{"ours", "greedy", "naive"} {
		p := out[name]
		fmt.Fprintf(stdout, "%-8s %8d %9d %8.1fms %8.0f%%\n", name, len(p.Requests), p.Registers, p.CycleMS, 100*p.Ratio)
	}
	if len(ours.Requests) == len(out["naive"].Requests) && ours.CycleMS == out["naive"].CycleMS {
		fmt.Fprintln(stdout, "\n(one request per block is already the best plan)")
	}
}
