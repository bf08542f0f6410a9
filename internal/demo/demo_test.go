package demo

import (
	"io"
	"strings"
	"testing"
)

func TestRunRefusesAShortInterval(t *testing.T) {
	t.Parallel()
	err := Run(t.Context(), Config{Out: io.Discard, Interval: 500_000_000})
	if err == nil || !strings.Contains(err.Error(), "--interval must be at least 1s") {
		t.Errorf("err %v", err)
	}
}

func TestCycleTallyCountsCompleteSlots(t *testing.T) {
	t.Parallel()
	var c cycleTally
	if c.add("t1", 1) || !c.add("t1", 2) || c.add("t2", 2) {
		t.Error("a slot is complete with both PLCs")
	}
	if c.complete() != 1 || len(c.order) != 2 {
		t.Errorf("complete %d, order %q", c.complete(), c.order)
	}
}
