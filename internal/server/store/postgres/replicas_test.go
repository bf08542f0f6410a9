//go:build integration

package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/postgres/pgtest"
	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
	"github.com/cellgate/cellgate/internal/server/store/storetest"
)

// replicas opens two stores on one fresh database, as two
// cellgate-server replicas would.
func replicas(t *testing.T) (a, b *sqlstore.DB) {
	url := pgtest.URL(t)
	return open(t, url), open(t, url)
}

func TestReplicasSeeEachOthersChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	one, two := replicas(t)
	o, err := one.CreateOrg(ctx, store.Actor{Name: "test"}, "shared")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := two.OrgByName(ctx, "shared"); err != nil || got != o {
		t.Fatalf("the other replica reads %+v, %v; want %+v", got, err, o)
	}
	if _, err := two.CreateOrg(ctx, store.Actor{Name: "test"}, "shared"); !errorIs(err, store.KindConflict) {
		t.Fatalf("the same name through the other replica: %v, want a conflict", err)
	}
}

func errorIs(err error, kind store.Kind) bool {
	e, ok := store.AsError(err)
	return ok && e.Kind == kind
}

// statusOf is the status a SIM event says the SIM entered.
var statusOf = map[store.EventType]store.SIMStatus{
	store.EventSIMActivation: store.SIMActivated,
	store.EventSIMSuspension: store.SIMSuspended,
	store.EventSIMDeletion:   store.SIMDeleted,
}

// Both replicas change one SIM's status at once: every change is one legal
// step with its event, none is lost, and the deletion is final.
func TestReplicasChangeOneSIM(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	one, two := replicas(t)
	a := storetest.NewOrg(t, one)
	sim := storetest.ActiveSIMs(t, one, a, 1)[0]
	// The events the changes write come after the registration's.
	last, _, err := one.ListEvents(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 1})
	if err != nil || len(last) != 1 {
		t.Fatalf("the registration's events: %v, %v", last, err)
	}

	const perReplica = 50
	start := make(chan struct{})
	// The deletion waits until a third of the others have run, so that it
	// lands among them.
	halfway := make(chan struct{})
	var done atomic.Int32
	var mu sync.Mutex
	versions := map[int64]bool{}
	var wg sync.WaitGroup
	change := func(s *sqlstore.DB, to store.SIMStatus) {
		m, err := s.UpdateSIM(ctx, a, sim.ID, store.SIMUpdate{Status: &to})
		if done.Add(1) == 2*perReplica/3 {
			close(halfway)
		}
		if err != nil {
			if e, ok := store.AsError(err); !ok || e.Code != "illegal_transition" {
				t.Errorf("UpdateSIM to %s: %v; want success or an illegal transition", to, err)
			}
			return
		}
		if m.Status != to {
			t.Errorf("UpdateSIM to %s returned a SIM %s", to, m.Status)
		}
		mu.Lock()
		versions[m.Version] = true
		mu.Unlock()
	}
	for i := range 2 * perReplica {
		s, to := one, store.SIMSuspended
		if i%2 == 1 {
			s, to = two, store.SIMActivated
		}
		if i%4 >= 2 {
			to = store.SIMActivated + store.SIMSuspended - to
		}
		wg.Go(func() {
			<-start
			change(s, to)
		})
	}
	var deleted store.SIM
	wg.Go(func() {
		<-halfway
		var err error
		if deleted, err = two.UpdateSIM(ctx, a, sim.ID, store.SIMUpdate{Status: ptr(store.SIMDeleted)}); err != nil {
			t.Errorf("delete: %v", err)
		}
	})
	close(start)
	wg.Wait()
	if t.Failed() {
		return
	}

	final, err := one.SIM(ctx, a.OrgID, sim.ID)
	if err != nil {
		t.Fatal(err)
	}
	if final.Status != store.SIMDeleted || final.Version != deleted.Version {
		t.Fatalf("SIM after the changes: %s version %d; want Deleted, version %d", final.Status, final.Version, deleted.Version)
	}
	changes := 1 // the deletion
	for v := range versions {
		if v > sim.Version {
			changes++
		}
	}
	if int64(changes) != final.Version-sim.Version {
		t.Errorf("%d changes succeeded, but the version moved by %d", changes, final.Version-sim.Version)
	}

	all, _, err := two.ListEvents(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: store.MaxPerPage,
		Filter: []store.Filter{{Field: "sim", Value: fmt.Sprint(sim.ID)}}, Sort: []store.Sort{{Field: "id"}}})
	if err != nil {
		t.Fatal(err)
	}
	var evs []store.Event
	for _, e := range all {
		if e.ID > last[0].ID {
			evs = append(evs, e)
		}
	}
	if len(evs) != changes {
		t.Fatalf("%d events for %d changes", len(evs), changes)
	}
	status := store.SIMActivated
	for _, e := range evs {
		to, ok := statusOf[e.Type]
		if !ok {
			t.Fatalf("event %d is a %s", e.ID, e.Type)
		}
		if !status.CanBecome(to) {
			t.Fatalf("event %d moves the SIM from %s to %s", e.ID, status, to)
		}
		status = to
	}
	if status != store.SIMDeleted {
		t.Fatalf("the events leave the SIM %s", status)
	}
	t.Logf("%d of %d changes succeeded across two replicas", changes, 2*perReplica+1)
}

func ptr[T any](v T) *T { return &v }

// Dispatchers on both replicas claim the outbox at once: each delivery is
// handed to exactly one of them.
func TestReplicasClaimDeliveriesOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	one, two := replicas(t)
	a := storetest.NewOrg(t, one)
	cb, err := one.CreateCallback(ctx, a, store.Callback{URL: "https://hooks.example.com/cellgate", Secret: "sealed"})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := one.CreateServiceProfile(ctx, a, store.ServiceProfile{Name: "hooked", AllowedRATs: []store.RAT{store.RAT4G}, APICallbackID: cb.ID})
	if err != nil {
		t.Fatal(err)
	}
	tp, err := one.CreateTariffProfile(ctx, a, store.TariffProfile{Name: "tariff", AllowedCountries: []string{"DE"}})
	if err != nil {
		t.Fatal(err)
	}
	es, err := one.CreateEndpoints(ctx, a, []store.Endpoint{{Name: "meter", ServiceProfileID: sp.ID, TariffProfileID: tp.ID}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if _, err := two.AddEvent(ctx, store.Event{OrgID: a.OrgID, EndpointID: es[0].ID, Type: store.EventGeneric,
			Source: store.SourceAPI, Severity: store.SeverityInfo, Description: fmt.Sprintf("event %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	var queued int
	if err := one.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries`).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if queued < 300 {
		t.Fatalf("%d deliveries queued for 300 events", queued)
	}

	now := time.Now().Add(time.Minute)
	var mu sync.Mutex
	claimedBy := map[int64]int{}
	claims := map[int64]string{}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		s := []*sqlstore.DB{one, two}[w%2]
		wg.Go(func() {
			<-start
			for {
				ds, err := s.ClaimDeliveries(ctx, now, time.Hour, 7)
				if err != nil {
					t.Errorf("dispatcher %d: %v", w, err)
					return
				}
				if len(ds) == 0 {
					return
				}
				mu.Lock()
				for _, d := range ds {
					if other, ok := claimedBy[d.ID]; ok {
						t.Errorf("delivery %d handed to dispatchers %d and %d", d.ID, other, w)
					}
					claimedBy[d.ID], claims[d.ID] = w, d.Claim
				}
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	if len(claimedBy) != queued {
		t.Fatalf("%d of %d deliveries claimed", len(claimedBy), queued)
	}
	perWorker := map[int]int{}
	for _, w := range claimedBy {
		perWorker[w]++
	}
	t.Logf("claims per dispatcher: %v", perWorker)
	// Each claim settles once, through either replica.
	for id, claim := range claims {
		s := []*sqlstore.DB{one, two}[id%2]
		if err := s.DeliverySucceeded(ctx, id, claim, now); err != nil {
			t.Fatalf("settle delivery %d: %v", id, err)
		}
	}
	if ds, err := two.ClaimDeliveries(ctx, now.Add(2*time.Hour), time.Hour, 10); err != nil || len(ds) != 0 {
		t.Fatalf("claim after every delivery settled: %d, %v", len(ds), err)
	}
}

// One replica deletes a service profile while the other creates endpoints
// with it: each call either succeeds or is refused with the store's own
// error (in use, or no such profile), never a raw foreign-key failure.
func TestReplicasRaceOnAProfile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	one, two := replicas(t)
	a := storetest.NewOrg(t, one)
	for i := range 20 {
		sp, tp := storetest.Profiles(t, one, a)
		var wg sync.WaitGroup
		var createErr, deleteErr error
		wg.Go(func() {
			_, createErr = two.CreateEndpoints(ctx, a, []store.Endpoint{{Name: fmt.Sprintf("racer-%d", i), ServiceProfileID: sp, TariffProfileID: tp}})
		})
		wg.Go(func() { deleteErr = one.DeleteServiceProfile(ctx, a, sp) })
		wg.Wait()
		for _, err := range []error{createErr, deleteErr} {
			if err != nil {
				if _, ok := store.AsError(err); !ok {
					t.Fatalf("round %d: %v", i, err)
				}
			}
		}
		if (createErr == nil) == (deleteErr == nil) {
			t.Fatalf("round %d: the create (%v) and the delete (%v) both succeeded or both failed", i, createErr, deleteErr)
		}
	}
}
