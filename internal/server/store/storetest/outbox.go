package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
)

// hooked creates an endpoint whose service profile has a callback, with a
// SIM assigned, and returns it after draining the deliveries its creation
// queued.
func hooked(t *testing.T, s store.Store) (store.Endpoint, store.Callback) {
	t.Helper()
	ctx := context.Background()
	f := newFleet(t, s)
	cb, err := s.CreateCallback(ctx, f.a, store.Callback{URL: "https://hooks.example.com/outbox", Secret: "sealed-secret"})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := s.ServiceProfile(ctx, f.a.OrgID, f.service)
	if err != nil {
		t.Fatal(err)
	}
	sp.APICallbackID = cb.ID
	if _, err := s.UpdateServiceProfile(ctx, f.a, sp); err != nil {
		t.Fatal(err)
	}
	sim := ActiveSIMs(t, s, f.a, 1)[0]
	e := f.endpoint("hooked")
	e.SIMID = sim.ID
	return f.create(t, s, e)[0], cb
}

// claimFor claims due deliveries and keeps those of callback cb: other
// tests share the database.
func claimFor(t *testing.T, s store.Store, cb int64, now time.Time, lease time.Duration) []store.Delivery {
	t.Helper()
	ds, err := s.ClaimDeliveries(context.Background(), now, lease, 1000)
	if err != nil {
		t.Fatalf("ClaimDeliveries: %v", err)
	}
	var mine []store.Delivery
	for _, d := range ds {
		if d.CallbackID == cb {
			mine = append(mine, d)
		}
	}
	return mine
}

var _ = register("OutboxLeasesAndSettlesUnderTheClaim", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	e, cb := hooked(t, s)
	now := time.Now().Add(time.Second)
	ds := claimFor(t, s, cb.ID, now, time.Minute)
	if len(ds) == 0 {
		t.Fatal("creating an endpoint with a SIM queued no delivery")
	}
	for _, d := range ds {
		if d.URL != cb.URL || d.Secret != "sealed-secret" || d.Claim == "" {
			t.Errorf("delivery %+v", d)
		}
		var body struct {
			ID       int64 `json:"id"`
			Endpoint struct {
				ID int64 `json:"id"`
			} `json:"endpoint"`
			EventType struct {
				ID int `json:"id"`
			} `json:"event_type"`
		}
		if err := json.Unmarshal(d.Payload, &body); err != nil || body.ID != d.EventID || body.Endpoint.ID != e.ID {
			t.Errorf("payload %s: %+v, %v", d.Payload, body, err)
		}
	}
	// Leased: nobody else gets them until the lease runs out.
	if again := claimFor(t, s, cb.ID, now, time.Minute); len(again) != 0 {
		t.Fatalf("claimed twice within the lease: %+v", again)
	}
	first := ds[0]
	// The lease ran out (the sender crashed): the delivery is due again,
	// under a new claim; the old claim can no longer settle it.
	later := now.Add(2 * time.Minute)
	re := claimFor(t, s, cb.ID, later, time.Minute)
	if len(re) != len(ds) || re[0].ID != first.ID || re[0].Claim == first.Claim {
		t.Fatalf("after the lease: %+v", re)
	}
	if err := s.DeliverySucceeded(ctx, first.ID, first.Claim, later); !errors.Is(err, store.ErrClaimLost) {
		t.Fatalf("settled under a lost claim: %v", err)
	}
	// A failure schedules the next attempt; the delivery is not due before it.
	next := later.Add(10 * time.Minute)
	if err := s.DeliveryFailed(ctx, first.ID, re[0].Claim, next, 1, "HTTP 500"); err != nil {
		t.Fatal(err)
	}
	for _, d := range claimFor(t, s, cb.ID, next.Add(-time.Second), time.Minute) {
		if d.ID == first.ID {
			t.Fatalf("due before its next attempt: %+v", d)
		}
	}
	due := claimFor(t, s, cb.ID, next, time.Minute)
	var d store.Delivery
	for _, x := range due {
		if x.ID == first.ID {
			d = x
		}
	}
	if d.ID == 0 || d.Attempts != 1 || d.LastError != "HTTP 500" {
		t.Fatalf("the retried delivery: %+v in %+v", d, due)
	}
	if err := s.DeliverySucceeded(ctx, d.ID, d.Claim, next); err != nil {
		t.Fatal(err)
	}
	if err := s.DeliverySucceeded(ctx, d.ID, d.Claim, next); !errors.Is(err, store.ErrClaimLost) {
		t.Fatalf("settled twice: %v", err)
	}
	// Given up deliveries are not claimed again either.
	for _, x := range due {
		if x.ID != d.ID {
			if err := s.DeliveryAbandoned(ctx, x.ID, x.Claim, 9, "gone"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, x := range claimFor(t, s, cb.ID, next.Add(time.Hour), time.Minute) {
		if x.ID == d.ID || x.EventID <= d.EventID {
			t.Fatalf("a settled delivery came back: %+v", x)
		}
	}
})

var _ = register("EventsWithoutCallbackQueueNothing", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	sim := ActiveSIMs(t, s, f.a, 1)[0]
	e := f.endpoint("quiet")
	e.SIMID = sim.ID
	ep := f.create(t, s, e)[0]
	ev, err := s.AddEvent(ctx, store.Event{OrgID: f.a.OrgID, Type: store.EventType(1), EndpointID: ep.ID, SIMID: sim.ID, Description: "update location"})
	if err != nil || ev.ID == 0 {
		t.Fatalf("AddEvent = %+v, %v", ev, err)
	}
	ds, err := s.ClaimDeliveries(ctx, time.Now().Add(time.Hour), time.Minute, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.EventID == ev.ID {
			t.Fatalf("an endpoint without a callback got a delivery: %+v", d)
		}
	}
	if got := events(t, s, f.a.OrgID, "endpoint", itoa(ep.ID)); len(got) == 0 || got[0].ID != ev.ID {
		t.Fatalf("the added event is not listed first: %+v", got)
	}
})
