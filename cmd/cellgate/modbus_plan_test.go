package main

import (
	"bytes"
	"encoding/json"
	"github.com/cellgate/cellgate/internal/testkit"
	"strings"
	"testing"
)

func runPlanCaptured(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	old := stdout
	stdout = &out
	defer func() { stdout = old }()
	err := run(append([]string{"modbus", "plan"}, args...))
	return out.String(), err
}

func TestModbusPlanAN32(t *testing.T) {
	start, words := testkit.AN32Blocks(t, "PLC1")
	out, err := runPlanCaptured(t, "--start", start, "--count", words, "--baud", "9600", "--latency", "20ms")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"47 registers needed in 11 blocks",
		"1       1-12           12       8     70.4ms",
		"2       55-80          26      13    102.5ms",
		"3       100-170        71      41    205.6ms",
		"greedy          3       109    378.5ms       65%",
		"ours            3       109    378.5ms       65%",
		"naive          11        47    579.8ms      100%",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	t.Log("\n" + out)
}

func TestModbusPlanJSON(t *testing.T) {
	list := "1;10;11;12;55;56;69;70;72;73;74;75;76;77;78;79;80;100;101;102;103;104;105;106;107;108;109; 120;121;122;123;124;130;131;132;133;152;153;154;160;161;162;163;164;165;166;170"
	out, err := runPlanCaptured(t, "--registers", list, "--json", "--forbid", "60,140-150", "--max", "16")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]planReport
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	ours, naive := got["ours"], got["naive"]
	if len(naive.Requests) != 11 || ours.CycleMS > naive.CycleMS || ours.CycleMS > got["greedy"].CycleMS {
		t.Errorf("ours %+v\nnaive %+v", ours, naive)
	}
	for _, q := range ours.Requests {
		end := int(q.Start) + int(q.Count)
		if q.Count > 16 || (int(q.Start) <= 60 && 60 < end) || (int(q.Start) <= 150 && 140 < end) {
			t.Errorf("request %+v breaks --max or --forbid", q)
		}
	}
}

func TestModbusPlanErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no registers"},
		{[]string{"--registers", "1", "--start", "1", "--count", "1"}, "not both"},
		{[]string{"--start", "1;2", "--count", "1"}, "2 starts but 1 counts"},
		{[]string{"--registers", "1;x"}, `"x" is not an address`},
		{[]string{"--registers", "5", "--forbid", "1-10"}, "needed register is forbidden"},
		{[]string{"--registers", "5", "--max", "200"}, "at most 200 registers"},
		{[]string{"--registers", "5", "--format", "8X1"}, "character format"},
		{[]string{"--registers", "5", "--forbid", "1-"}, "--forbid"},
		{[]string{"--registers", "5", "extra"}, "unexpected argument"},
	} {
		_, err := runPlanCaptured(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.args, err, tc.want)
		}
	}
}
