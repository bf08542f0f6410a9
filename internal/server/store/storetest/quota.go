package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
)

var _ = register("Quotas", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	other := newFleet(t, s)
	e := f.create(t, s, f.endpoint("metered"))[0]
	theirs := other.create(t, s, other.endpoint("theirs"))[0]
	expiry := time.Now().Add(30 * 24 * time.Hour).UTC()
	good := store.Quota{EndpointID: e.ID, Kind: store.QuotaData, Volume: 100, Expiry: expiry, ThresholdPercentage: 80, Action: store.QuotaBlock}
	if _, err := s.Quota(ctx, f.a.OrgID, e.ID, store.QuotaData); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Quota before one is set: %v, want not found", err)
	}
	cases := []struct {
		name  string
		edit  func(*store.Quota)
		field string
	}{
		{"kind", func(q *store.Quota) { q.Kind = "voice" }, "kind"},
		{"no volume", func(q *store.Quota) { q.Volume = 0 }, "volume"},
		{"negative volume", func(q *store.Quota) { q.Volume = -5 }, "volume"},
		{"threshold over 100", func(q *store.Quota) { q.ThresholdPercentage = 101 }, "threshold_percentage"},
		{"negative threshold", func(q *store.Quota) { q.ThresholdPercentage = -1 }, "threshold_percentage"},
		{"no action", func(q *store.Quota) { q.Action = 0 }, "action_on_exhaustion"},
		{"unknown action", func(q *store.Quota) { q.Action = 3 }, "action_on_exhaustion"},
		{"throttle without a rate", func(q *store.Quota) { q.Action = store.QuotaThrottle }, "peak_throughput"},
		{"throttle to an unknown rate", func(q *store.Quota) { q.Action, q.PeakThroughput = store.QuotaThrottle, 100000 }, "peak_throughput"},
		{"no expiry", func(q *store.Quota) { q.Expiry = time.Time{} }, "expiry_date"},
		{"expired", func(q *store.Quota) { q.Expiry = time.Now().Add(-time.Hour) }, "expiry_date"},
		{"status", func(q *store.Quota) { q.Status = 4 }, "status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := good
			c.edit(&q)
			_, err := s.SetQuota(ctx, f.a, q)
			mustKind(t, err, store.KindInvalid, "")
			if e, _ := store.AsError(err); e.Field != c.field {
				t.Errorf("error %v names %q, want %q", err, e.Field, c.field)
			}
		})
	}
	q, err := s.SetQuota(ctx, f.a, good)
	if err != nil || q.Status != store.QuotaActive || q.Updated.IsZero() {
		t.Fatalf("SetQuota = %+v, %v", q, err)
	}
	got, err := s.Quota(ctx, f.a.OrgID, e.ID, store.QuotaData)
	if err != nil || got != q {
		t.Fatalf("Quota = %+v, %v; want %+v", got, err, q)
	}
	if _, err := s.Quota(ctx, f.a.OrgID, e.ID, store.QuotaSMS); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SMS quota: %v, want not found", err)
	}
	// Setting it again replaces it.
	throttled := good
	throttled.Volume, throttled.Action, throttled.PeakThroughput, throttled.AutoRefill = 250.5, store.QuotaThrottle, 128000, true
	if _, err := s.SetQuota(ctx, f.a, throttled); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Quota(ctx, f.a.OrgID, e.ID, store.QuotaData)
	if got.Volume != 250.5 || got.Action != store.QuotaThrottle || got.PeakThroughput != 128000 || !got.AutoRefill {
		t.Fatalf("replaced quota = %+v", got)
	}
	sms := good
	sms.Kind, sms.Volume, sms.PeakThroughput = store.QuotaSMS, 50, 64000 // a rate means nothing when blocking
	if q, err := s.SetQuota(ctx, f.a, sms); err != nil || q.PeakThroughput != 0 {
		t.Fatalf("SMS quota = %+v, %v", q, err)
	}
	// Another organisation's endpoint is not found, to read or to write.
	if _, err := s.Quota(ctx, other.a.OrgID, e.ID, store.QuotaData); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Quota from another organisation: %v", err)
	}
	stolen := good
	stolen.EndpointID = theirs.ID
	_, err = s.SetQuota(ctx, f.a, stolen)
	mustKind(t, err, store.KindNotFound, "")
	mustKind(t, s.DeleteQuota(ctx, other.a, e.ID, store.QuotaData), store.KindNotFound, "")
	if err := s.DeleteQuota(ctx, f.a, e.ID, store.QuotaData); err != nil {
		t.Fatal(err)
	}
	mustKind(t, s.DeleteQuota(ctx, f.a, e.ID, store.QuotaData), store.KindNotFound, "")
	if _, err := s.Quota(ctx, f.a.OrgID, e.ID, store.QuotaSMS); err != nil {
		t.Fatalf("deleting the data quota took the SMS quota: %v", err)
	}
	au := audits(t, s, f.a.OrgID, "quota.set")
	if len(au) != 3 || len(au[0].Before) != 0 || len(au[1].Before) == 0 {
		t.Fatalf("quota.set audit = %+v; want 3, the second replacing the first", au)
	}
	if n := len(audits(t, s, f.a.OrgID, "quota.delete")); n != 1 {
		t.Fatalf("%d quota deletions audited", n)
	}
	if n := len(events(t, s, f.a.OrgID, "endpoint", itoa(e.ID), "event_type", itoa(int64(store.EventQuotaChanged)))); n != 4 {
		t.Fatalf("%d quota events, want 4", n)
	}
	// Deleting the endpoint takes its quotas with it.
	if err := s.DeleteEndpoint(ctx, f.a, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Quota(ctx, f.a.OrgID, e.ID, store.QuotaSMS); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("quota of a deleted endpoint: %v", err)
	}
})

var _ = register("OperatorBlacklist", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	other := newFleet(t, s)
	e := f.create(t, s, f.endpoint("roamer"))[0]
	ops, err := s.Operators(ctx)
	if err != nil || len(ops) == 0 {
		t.Fatalf("Operators = %d, %v", len(ops), err)
	}
	if bl, err := s.Blacklist(ctx, f.a.OrgID, e.ID); err != nil || len(bl) != 0 {
		t.Fatalf("Blacklist of a new endpoint = %+v, %v", bl, err)
	}
	for _, id := range []int64{ops[2].ID, ops[0].ID} {
		if err := s.SetBlacklisted(ctx, f.a, e.ID, id, true); err != nil {
			t.Fatal(err)
		}
	}
	bl, err := s.Blacklist(ctx, f.a.OrgID, e.ID)
	if err != nil || len(bl) != 2 || bl[0].ID != ops[0].ID || bl[1].ID != ops[2].ID || bl[0].Name != ops[0].Name || len(bl[0].MCCMNC) == 0 {
		t.Fatalf("Blacklist = %+v, %v", bl, err)
	}
	mustKind(t, s.SetBlacklisted(ctx, f.a, e.ID, ops[0].ID, true), store.KindConflict, "already_blacklisted")
	mustKind(t, s.SetBlacklisted(ctx, f.a, e.ID, ops[1].ID, false), store.KindConflict, "not_blacklisted")
	mustKind(t, s.SetBlacklisted(ctx, f.a, e.ID, 9999, true), store.KindNotFound, "")
	mustKind(t, s.SetBlacklisted(ctx, other.a, e.ID, ops[1].ID, true), store.KindNotFound, "")
	if _, err := s.Blacklist(ctx, other.a.OrgID, e.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Blacklist from another organisation: %v", err)
	}
	if err := s.SetBlacklisted(ctx, f.a, e.ID, ops[2].ID, false); err != nil {
		t.Fatal(err)
	}
	if bl, _ := s.Blacklist(ctx, f.a.OrgID, e.ID); len(bl) != 1 || bl[0].ID != ops[0].ID {
		t.Fatalf("Blacklist after removal = %+v", bl)
	}
	if n := len(audits(t, s, f.a.OrgID, "endpoint.blacklist_add")); n != 2 {
		t.Fatalf("%d additions audited, want 2", n)
	}
	if n := len(audits(t, s, f.a.OrgID, "endpoint.blacklist_remove")); n != 1 {
		t.Fatalf("%d removals audited, want 1", n)
	}
	// Deleting the endpoint takes its blacklist with it.
	if err := s.DeleteEndpoint(ctx, f.a, e.ID); err != nil {
		t.Fatal(err)
	}
})
