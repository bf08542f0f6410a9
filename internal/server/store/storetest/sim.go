package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
)

var _ = register("BatchRegistration", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := NewOrg(t, s)
	other := NewOrg(t, s)
	bic := Batch(t, s, 5)

	b, err := s.BatchByBIC(ctx, a.OrgID, bic)
	if err != nil || b.SIMCount != 5 || b.OrgID != 0 {
		t.Fatalf("BatchByBIC before registration = %+v, %v; want 5 SIMs, no organisation", b, err)
	}
	if _, _, err := s.ListSIMs(ctx, a.OrgID, Page); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RegisterBatch(ctx, a, bic, store.SIMSuspended); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("register as Suspended: %v, want invalid", err)
	}
	b, err = s.RegisterBatch(ctx, a, bic, store.SIMActivated)
	if err != nil || b.OrgID != a.OrgID {
		t.Fatalf("RegisterBatch = %+v, %v", b, err)
	}
	sims, total, err := s.ListSIMs(ctx, a.OrgID, Page)
	if err != nil || total != 5 || len(sims) != 5 {
		t.Fatalf("ListSIMs = %d of %d, %v; want 5", len(sims), total, err)
	}
	for _, m := range sims {
		if m.Status != store.SIMActivated || m.Activated.IsZero() || m.OrgID != a.OrgID {
			t.Errorf("SIM %s after registration: %+v", m.ICCID, m)
		}
	}
	// The batch now belongs to a: the other organisation sees nothing.
	if _, err := s.RegisterBatch(ctx, other, bic, store.SIMActivated); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second registration by another organisation: %v, want not found", err)
	}
	if _, err := s.BatchByBIC(ctx, other.OrgID, bic); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("BatchByBIC by another organisation: %v, want not found", err)
	}
	mustKind(t, func() error { _, err := s.RegisterBatch(ctx, a, bic, store.SIMActivated); return err }(), store.KindConflict, "already_registered")
	if _, n, _ := s.ListSIMs(ctx, other.OrgID, Page); n != 0 {
		t.Fatalf("the other organisation lists %d SIMs", n)
	}
	if _, err := s.SIM(ctx, other.OrgID, sims[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SIM from another organisation: %v, want not found", err)
	}
	// One registration event and one activation event per SIM.
	evs, n, err := s.ListEvents(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 100, Filter: []store.Filter{{Field: "event_type", Value: "100"}}})
	if err != nil || n != 5 || evs[0].Source != store.SourceAPI || evs[0].SIMID == 0 {
		t.Fatalf("registration events = %d, %v (%+v)", n, err, evs)
	}
	if _, n, _ := s.ListEvents(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 100, Filter: []store.Filter{{Field: "event_type", Value: "8"}}}); n != 5 {
		t.Fatalf("activation events = %d, want 5", n)
	}
})

var _ = register("BatchImportIsAllOrNothing", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	sims := SIMs(3)
	sims[2].ICCID = sims[0].ICCID
	_, err := s.ImportBatch(ctx, store.Actor{}, store.Batch{BIC: "DUPBATCH" + sims[1].ICCID}, sims)
	mustKind(t, err, store.KindConflict, "duplicate")
	if e, _ := store.AsError(err); e.Field != "iccid" {
		t.Errorf("duplicate ICCID error names %q, want iccid", e.Field)
	}
	// Nothing of the failed batch remains: its first SIM imports again.
	if _, err := s.ImportBatch(ctx, store.Actor{}, store.Batch{BIC: "DUPBATCH" + sims[1].ICCID}, sims[:2]); err != nil {
		t.Fatalf("import after a failed import: %v", err)
	}
	_, err = s.ImportBatch(ctx, store.Actor{}, store.Batch{BIC: "DUPBATCH" + sims[1].ICCID}, SIMs(1))
	mustKind(t, err, store.KindConflict, "duplicate")
})

var _ = register("SIMLifecycle", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := NewOrg(t, s)
	bic := Batch(t, s, 1)
	if _, err := s.RegisterBatch(ctx, a, bic, store.SIMFactoryTest); err != nil {
		t.Fatal(err)
	}
	sims, _, _ := s.ListSIMs(ctx, a.OrgID, Page)
	id := sims[0].ID
	steps := []struct {
		to   store.SIMStatus
		ok   bool
		code string
	}{
		{store.SIMSuspended, false, "illegal_transition"}, // Factory Test → Suspended
		{store.SIMIssued, false, "illegal_transition"},
		{store.SIMActivated, true, ""},
		{store.SIMFactoryTest, false, "illegal_transition"},
		{store.SIMSuspended, true, ""},
		{store.SIMActivated, true, ""},
		{store.SIMSuspended, true, ""},
		{store.SIMDeleted, true, ""},
		{store.SIMActivated, false, "illegal_transition"},
	}
	for i, st := range steps {
		to := st.to
		m, err := s.UpdateSIM(ctx, a, id, store.SIMUpdate{Status: &to})
		if st.ok {
			if err != nil || m.Status != to {
				t.Fatalf("step %d to %s: %+v, %v", i, to, m, err)
			}
			continue
		}
		mustKind(t, err, store.KindConflict, st.code)
	}
	bad := store.SIMStatus(9)
	sims, _, _ = s.ListSIMs(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 10, Filter: []store.Filter{{Field: "status", Value: "3"}}})
	if len(sims) != 1 {
		t.Fatalf("filter status:3 found %d SIMs", len(sims))
	}
	bic = Batch(t, s, 1)
	s.RegisterBatch(ctx, a, bic, store.SIMActivated)
	m, _ := s.SIMByICCID(ctx, a.OrgID, mustFirstICCID(t, s, a, bic))
	_, err := s.UpdateSIM(ctx, a, m.ID, store.SIMUpdate{Status: &bad})
	mustKind(t, err, store.KindInvalid, "")
	// Suspension and deletion left events with the SIM's IMSI.
	evs, _, _ := s.ListEvents(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 100, Filter: []store.Filter{{Field: "sim", Value: itoa(id)}}})
	kinds := map[store.EventType]int{}
	for _, e := range evs {
		kinds[e.Type]++
		if e.IMSI == "" {
			t.Errorf("event %+v has no IMSI", e)
		}
	}
	if kinds[store.EventSIMSuspension] != 2 || kinds[store.EventSIMDeletion] != 1 || kinds[store.EventSIMActivation] != 2 {
		t.Errorf("events by type = %v", kinds)
	}
	// Every change is audited with its actor.
	audit, _, err := s.ListAudit(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 100, Filter: []store.Filter{{Field: "action", Value: "sim.update"}}})
	if err != nil || len(audit) < 5 || audit[0].Actor != "tester" || audit[0].IP != "192.0.2.1" || len(audit[0].Before) == 0 || len(audit[0].After) == 0 {
		t.Fatalf("audit = %d entries, %v: %+v", len(audit), err, audit)
	}
})

// mustFirstICCID returns the ICCID of some SIM of org's in batch bic.
func mustFirstICCID(t *testing.T, s store.Store, a store.Actor, bic string) string {
	t.Helper()
	b, err := s.BatchByBIC(context.Background(), a.OrgID, bic)
	if err != nil {
		t.Fatal(err)
	}
	sims, _, err := s.ListSIMs(context.Background(), a.OrgID, store.ListQuery{Page: 1, PerPage: 1, Filter: []store.Filter{{Field: "batch", Value: itoa(b.ID)}}})
	if err != nil || len(sims) == 0 {
		t.Fatalf("no SIM in batch %s: %v", bic, err)
	}
	return sims[0].ICCID
}

var _ = register("ConcurrentLifecycleChangesStayLegal", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := NewOrg(t, s)
	bic := Batch(t, s, 1)
	s.RegisterBatch(ctx, a, bic, store.SIMActivated)
	m, _ := s.SIMByICCID(ctx, a.OrgID, mustFirstICCID(t, s, a, bic))
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			to := store.SIMSuspended
			if i%2 == 1 {
				to = store.SIMActivated
			}
			if i == 39 {
				to = store.SIMDeleted
			}
			_, err := s.UpdateSIM(ctx, a, m.ID, store.SIMUpdate{Status: &to})
			if err != nil && !errors.Is(err, store.ErrConflict) {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent change: %v", err)
	}
	// Replay the audit trail: every recorded move was legal from the state
	// the previous one left.
	audit, _, err := s.ListAudit(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 100, Sort: []store.Sort{{Field: "id"}}, Filter: []store.Filter{{Field: "action", Value: "sim.update"}}})
	if err != nil {
		t.Fatal(err)
	}
	state := store.SIMActivated
	for _, e := range audit {
		from, to := statusOf(t, e.Before), statusOf(t, e.After)
		if from != state || !from.CanBecome(to) {
			t.Fatalf("audit entry %d moves %s → %s while the SIM was %s", e.ID, from, to, state)
		}
		state = to
	}
	final, _ := s.SIM(ctx, a.OrgID, m.ID)
	if final.Status != state {
		t.Fatalf("SIM is %s, audit trail ends at %s", final.Status, state)
	}
})
