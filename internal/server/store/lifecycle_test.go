package store

import (
	"slices"
	"testing"
)

// TestSIMLifecycle checks every pair of states against the transitions
// emnify's guide allows ("SIM Life Cycle Management").
func TestSIMLifecycle(t *testing.T) {
	t.Parallel()
	allowed := map[[2]SIMStatus]bool{
		{SIMIssued, SIMActivated}:      true,
		{SIMIssued, SIMFactoryTest}:    true,
		{SIMFactoryTest, SIMActivated}: true,
		{SIMActivated, SIMSuspended}:   true,
		{SIMSuspended, SIMActivated}:   true,
		{SIMIssued, SIMDeleted}:        true,
		{SIMActivated, SIMDeleted}:     true,
		{SIMSuspended, SIMDeleted}:     true,
		{SIMFactoryTest, SIMDeleted}:   true,
	}
	for from := SIMStatus(-1); from <= 5; from++ {
		for to := SIMStatus(-1); to <= 5; to++ {
			if got := from.CanBecome(to); got != allowed[[2]SIMStatus{from, to}] {
				t.Errorf("%v → %v: CanBecome = %v", from, to, got)
			}
		}
	}
	if got := SIMIssued.Transitions(); !slices.Equal(got, []SIMStatus{SIMActivated, SIMDeleted, SIMFactoryTest}) {
		t.Errorf("Issued's transitions = %v", got)
	}
	if got := SIMDeleted.Transitions(); len(got) != 0 {
		t.Errorf("Deleted's transitions = %v", got)
	}
	for s, want := range map[SIMStatus]string{SIMIssued: "Issued", SIMFactoryTest: "Factory Test", 9: "SIMStatus(9)"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(s), s.String(), want)
		}
	}
}
