package modbus

import (
	"errors"
	"fmt"
	"github.com/cellgate/cellgate/internal/testkit"
	"slices"
	"strings"
	"testing"
	"time"
)

// The AN32 application note's PLC1 as a list of registers: the same map as
// the Start and Number Words fields of the example (examples/titan-an32.yaml).
const (
	an32List = "1;10;11;12;55;56;69;70;72;73;74;75;76;77;78;79;80;100;101;102;103;104;105;106;107;108;109; 120;121;122;123;124;130;131;132;133;152;153;154;160;161;162;163;164;165;166;170"
)

func an32PLC1(t testing.TB) []Range {
	t.Helper()
	blocks, err := ParseTitanBlocks(testkit.AN32Blocks(t, "PLC1"))
	if err != nil {
		t.Fatal(err)
	}
	return blocks
}

var an32Config = PlanConfig{Baud: 9600, Latency: 20 * time.Millisecond}

func TestRequestCost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		count uint16
		cfg   PlanConfig
		want  time.Duration
	}{
		// (8 + 5 + 2) bytes + 7 characters of silence = 22 characters of
		// 11 bits at 9600 baud = 25.2083 ms, plus 20 ms.
		{"9600 11 bits one register", 1, an32Config, 45_208_326},
		// 8N1: 22 × 10 bits.
		{"9600 8N1", 1, PlanConfig{Baud: 9600, BitsPerChar: 10, Latency: 20 * time.Millisecond}, 42_916_674},
		// 125 registers: 263 bytes + 7 silence = 270 × 11 / 9600.
		{"9600 max", 125, PlanConfig{Baud: 9600}, 309_374_910},
		// Above 19200 the silences are 1.75 ms: 15 × 11 / 38400 + 3.5 ms.
		{"38400", 1, PlanConfig{Baud: 38400}, 4_296_870 + 3_500_000},
		// TCP: (12 + 9 + 2) bytes, no silences.
		{"tcp 8 bits 1 Mbit/s", 1, PlanConfig{TCP: true, Baud: 1_000_000, Latency: time.Millisecond}, 1_184_000},
		{"tcp no rate", 10, PlanConfig{TCP: true, Latency: 5 * time.Millisecond}, 5 * time.Millisecond},
	} {
		if got := RequestCost(Request{Start: 7, Count: tc.count}, tc.cfg); got != tc.want {
			t.Errorf("%s: got %v (%d ns), want %v", tc.name, got, int64(got), tc.want)
		}
	}
	if CharBits(8, 'N', 1) != 10 || CharBits(8, 'E', 1) != 11 || CharBits(8, 'N', 2) != 11 {
		t.Error("CharBits")
	}
}

func TestAN32Plan(t *testing.T) {
	t.Parallel()
	need := an32PLC1(t)
	fromList, err := ParseRegisters(an32List)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(need, fromList) {
		t.Fatalf("the seed's register list and its blocks differ:\n%v\n%v", fromList, need)
	}
	ours, err := PlanReads(need, an32Config)
	if err != nil {
		t.Fatal(err)
	}
	naive, greedy := NaivePlan(need, an32Config), GreedyPlan(need, an32Config)
	t.Logf("ours   %d requests %d registers %v %v", len(ours.Requests), ours.Registers(), ours.Cost, ours.Requests)
	t.Logf("naive  %d requests %d registers %v", len(naive.Requests), naive.Registers(), naive.Cost)
	t.Logf("greedy %d requests %d registers %v %v", len(greedy.Requests), greedy.Registers(), greedy.Cost, greedy.Requests)
	// At 9600 baud a request costs 20 characters (frames and silences,
	// 22.9 ms) and 20 ms more than its registers; a skipped register costs
	// 2 characters (2.29 ms), so gaps of up to 18 registers are worth
	// reading: the gaps 13-54 (42) and 81-99 (19) split the map.
	want := []Request{{1, 12}, {55, 26}, {100, 71}}
	if !slices.Equal(ours.Requests, want) {
		t.Errorf("plan %v, want %v", ours.Requests, want)
	}
	if ours.Cost != PlanCost(ours.Requests, an32Config) {
		t.Errorf("cost %v is not the sum of its requests", ours.Cost)
	}
	if naive.Cost != 579_791_562 || len(naive.Requests) != 11 {
		t.Errorf("naive: %d requests, %v", len(naive.Requests), naive.Cost)
	}
	if ours.Cost != 378_541_574 {
		t.Errorf("ours: %v", ours.Cost)
	}
	if ours.Cost > greedy.Cost || ours.Cost > naive.Cost {
		t.Errorf("ours %v worse than greedy %v or naive %v", ours.Cost, greedy.Cost, naive.Cost)
	}

	// PLC2: one block is one request whatever the planner.
	plc2 := []Range{{10, 5}}
	p2, err := PlanReads(plc2, an32Config)
	if err != nil || !slices.Equal(p2.Requests, []Request{{10, 5}}) || p2.Cost != NaivePlan(plc2, an32Config).Cost {
		t.Errorf("PLC2: %v %v", p2, err)
	}
}

func TestPlanTable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		need []Range
		cfg  PlanConfig
		want []Request
	}{
		{"max 16 splits", []Range{{0, 40}}, PlanConfig{Baud: 9600, MaxRegisters: 16}, []Request{{0, 16}, {16, 16}, {32, 8}}},
		{"forbidden gap", []Range{{1, 1}, {5, 1}}, PlanConfig{Baud: 9600, Latency: 20 * time.Millisecond, Forbidden: []Range{{3, 1}}}, []Request{{1, 1}, {5, 1}}},
		{"forbidden elsewhere", []Range{{1, 1}, {5, 1}}, PlanConfig{Baud: 9600, Latency: 20 * time.Millisecond, Forbidden: []Range{{6, 100}}}, []Request{{1, 5}}},
		{"wide gap", []Range{{0, 1}, {1000, 1}}, PlanConfig{Baud: 9600, Latency: 20 * time.Millisecond}, []Request{{0, 1}, {1000, 1}}},
		{"overlapping needs", []Range{{10, 5}, {12, 5}, {10, 1}}, an32Config, []Request{{10, 7}}},
		{"top of the map", []Range{{65530, 6}}, an32Config, []Request{{65530, 6}}},
		{"no latency fast line", []Range{{0, 1}, {10, 1}}, PlanConfig{Baud: 115200}, []Request{{0, 11}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := PlanReads(tc.need, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Requests, tc.want) {
				t.Errorf("got %v, want %v", p.Requests, tc.want)
			}
			checkPlan(t, p, tc.need, tc.cfg)
		})
	}
}

func TestPlanErrors(t *testing.T) {
	t.Parallel()
	ok := []Range{{1, 1}}
	for _, tc := range []struct {
		name string
		need []Range
		cfg  PlanConfig
		want error
	}{
		{"nothing", nil, an32Config, ErrNoRegisters},
		{"zero count", []Range{{1, 0}}, an32Config, ErrBadRange},
		{"past 65535", []Range{{65535, 2}}, an32Config, ErrBadRange},
		{"needed forbidden", ok, PlanConfig{Baud: 9600, Forbidden: []Range{{0, 5}}}, ErrForbiddenNeeded},
		{"bad forbidden", ok, PlanConfig{Baud: 9600, Forbidden: []Range{{9, 0}}}, ErrBadRange},
		{"no baud", ok, PlanConfig{}, ErrBadPlanConfig},
		{"max 126", ok, PlanConfig{Baud: 9600, MaxRegisters: 126}, ErrBadPlanConfig},
		{"negative max", ok, PlanConfig{Baud: 9600, MaxRegisters: -1}, ErrBadPlanConfig},
		{"negative latency", ok, PlanConfig{Baud: 9600, Latency: -1}, ErrBadPlanConfig},
		{"bits", ok, PlanConfig{Baud: 9600, BitsPerChar: 40}, ErrBadPlanConfig},
	} {
		if _, err := PlanReads(tc.need, tc.cfg); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		if p := GreedyPlan(tc.need, tc.cfg); len(p.Requests) != 0 {
			t.Errorf("%s: greedy planned %v", tc.name, p)
		}
	}
}

func TestParseTitanBlocks(t *testing.T) {
	t.Parallel()
	if b, err := ParseTitanBlocks(" 10 ", "5"); err != nil || !slices.Equal(b, []Range{{10, 5}}) {
		t.Errorf("PLC2: %v %v", b, err)
	}
	for _, tc := range []struct{ starts, counts, want string }{
		{"1;10", "1", "2 starts but 1 counts"},
		{"", "1", "no start given"},
		{"1;;3", "1;1;1", "start 2 is empty"},
		{"1;x", "1;1", `start 2: "x" is not a number`},
		{"70000", "1", "not a number from 0 to 65535"},
		{"1", "0", "count is 0"},
		{"65530", "7", "run past 65535"},
		{"1;10;5", "1;3;6", "block 3 (5-10) overlaps block 2 (10-12)"},
	} {
		_, err := ParseTitanBlocks(tc.starts, tc.counts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q %q: got %v, want %q", tc.starts, tc.counts, err, tc.want)
		}
	}
}

func TestParseRegisters(t *testing.T) {
	t.Parallel()
	got, err := ParseRegisters("5,1-3;4, 9")
	if err != nil || !slices.Equal(got, []Range{{1, 5}, {9, 1}}) {
		t.Errorf("%v %v", got, err)
	}
	for _, bad := range []string{"", ";", "x", "5-3", "1-70000"} {
		if _, err := ParseRegisters(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if rs, err := ParseRanges("30-40,200"); err != nil || !slices.Equal(rs, []Range{{30, 11}, {200, 1}}) {
		t.Errorf("ParseRanges: %v %v", rs, err)
	}
	if _, err := ParseRanges("30-40,"); err == nil {
		t.Error("ParseRanges: trailing comma accepted")
	}
	for s, want := range map[string]int{"8N1": 10, "8E1": 11, "8N2": 11, "7E1": 10} {
		if got, err := ParseCharFormat(s); err != nil || got != want {
			t.Errorf("%s: %d %v", s, got, err)
		}
	}
	if _, err := ParseCharFormat("9N1"); err == nil {
		t.Error("9N1 accepted")
	}
}

func TestFillers(t *testing.T) {
	t.Parallel()
	got := Fillers(Request{1, 20}, []Range{{1, 1}, {10, 3}, {30, 1}})
	want := []Range{{2, 8}, {13, 8}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := Fillers(Request{10, 3}, []Range{{10, 3}}); len(got) != 0 {
		t.Errorf("no fillers expected: %v", got)
	}
}

func TestPlanner(t *testing.T) {
	t.Parallel()
	need := an32PLC1(t)
	p, err := NewPlanner(need, an32Config)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Plan().Requests; len(got) != 3 {
		t.Fatalf("initial plan %v", got)
	}
	// Small drift: no new plan.
	if _, changed := p.Observe(22 * time.Millisecond); changed || p.Plan().Cost != 378_541_574 {
		t.Errorf("re-planned on a small drift (estimate %v)", p.Latency())
	}
	// The device becomes fast: at ~1 ms turnaround gaps cost more than new
	// requests, and the plan splits.
	var changed bool
	for range 20 {
		if _, c := p.Observe(time.Millisecond); c {
			changed = true
		}
	}
	if !changed || len(p.Plan().Requests) <= 2 {
		t.Errorf("no re-plan at %v: %v", p.Latency(), p.Plan().Requests)
	}
	// Exception 02 on filler 60 of the request 55-80 splits it.
	p2, _ := NewPlanner(need, an32Config)
	plan, err := p2.Forbid(Range{60, 1})
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, plan, need, PlanConfig{Baud: 9600, Latency: 20 * time.Millisecond, Forbidden: []Range{{60, 1}}})
	if want := []Request{{1, 12}, {55, 2}, {69, 12}, {100, 71}}; !slices.Equal(plan.Requests, want) {
		t.Errorf("after Forbid(60): %v", plan.Requests)
	}
	if _, err := p2.Forbid(Range{11, 1}); !errors.Is(err, ErrForbiddenNeeded) {
		t.Errorf("forbidding a needed register: %v", err)
	}
	if !slices.Equal(p2.Plan().Requests, plan.Requests) {
		t.Error("a refused Forbid changed the plan")
	}
}

// checkPlan checks that a plan covers every needed register, reads no
// forbidden one, respects the maximum and costs what its requests cost.
func checkPlan(t testing.TB, p Plan, need []Range, cfg PlanConfig) {
	t.Helper()
	maxN := cfg.MaxRegisters
	if maxN == 0 {
		maxN = MaxReadRegisters
	}
	read := map[int]bool{}
	for _, r := range p.Requests {
		if r.Count == 0 || int(r.Count) > maxN || int(r.Start)+int(r.Count) > 65536 {
			t.Fatalf("bad request %v (max %d)", r, maxN)
		}
		for a := int(r.Start); a < int(r.Start)+int(r.Count); a++ {
			read[a] = true
		}
	}
	for _, f := range cfg.Forbidden {
		for a := int(f.Start); a < f.End(); a++ {
			if read[a] {
				t.Fatalf("forbidden %d read by %v", a, p.Requests)
			}
		}
	}
	for _, n := range need {
		for a := int(n.Start); a < n.End(); a++ {
			if !read[a] {
				t.Fatalf("needed %d not read by %v", a, p.Requests)
			}
		}
	}
	if got := PlanCost(p.Requests, cfg); got != p.Cost {
		t.Fatalf("cost %v, requests cost %v", p.Cost, got)
	}
}

func ExamplePlanReads() {
	need, _ := ParseTitanBlocks("1;10;55;69;72;100;120;130;152;160;170", "1;3;2;2;9;10;5;4;3;7;1")
	cfg := PlanConfig{Baud: 9600, Latency: 20 * time.Millisecond}
	plan, _ := PlanReads(need, cfg)
	fmt.Println(plan.Requests, plan.Cost.Round(time.Millisecond))
	fmt.Println(NaivePlan(need, cfg).Cost.Round(time.Millisecond))
	// Output:
	// [{1 12} {55 26} {100 71}] 379ms
	// 580ms
}
