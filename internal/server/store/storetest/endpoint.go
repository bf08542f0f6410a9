package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
)

var _ = register("EndpointCreateAndRead", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	other := newFleet(t, s)
	sim := ActiveSIMs(t, s, f.a, 1)[0]
	e := f.endpoint("  pump-1  ")
	e.Tags, e.IMEI, e.IMEILock, e.Status, e.IPAddress, e.SIMID = "plant,north", IMEI(), true, store.EndpointDisabled, "10.0.0.7", sim.ID
	got := f.create(t, s, e)[0]
	if got.ID == 0 || got.OrgID != f.a.OrgID || got.Name != "pump-1" || got.Version != 1 || got.Created.IsZero() || got.SIMID != sim.ID {
		t.Fatalf("created %+v", got)
	}
	read, err := s.Endpoint(ctx, f.a.OrgID, got.ID)
	if err != nil || read != got {
		t.Fatalf("Endpoint = %+v, %v; want %+v", read, err, got)
	}
	if _, err := s.Endpoint(ctx, other.a.OrgID, got.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Endpoint from another organisation: %v, want not found", err)
	}
	if _, n, _ := s.ListEndpoints(ctx, other.a.OrgID, Page); n != 0 {
		t.Fatalf("another organisation lists %d endpoints", n)
	}
	m, _ := s.SIM(ctx, f.a.OrgID, sim.ID)
	if m.EndpointID != got.ID || m.EndpointName != "pump-1" {
		t.Fatalf("SIM after assignment: endpoint %d %q", m.EndpointID, m.EndpointName)
	}
	created := events(t, s, f.a.OrgID, "endpoint", itoa(got.ID), "event_type", itoa(int64(store.EventEndpointCreated)))
	assigned := events(t, s, f.a.OrgID, "endpoint", itoa(got.ID), "event_type", itoa(int64(store.EventSIMAssigned)))
	if len(created) != 1 || len(assigned) != 1 || assigned[0].IMSI != sim.IMSI || assigned[0].SIMID != sim.ID {
		t.Fatalf("events: created %+v, assigned %+v", created, assigned)
	}
	au := audits(t, s, f.a.OrgID, "endpoint.create")
	if len(au) != 1 || au[0].ObjectID != got.ID || len(au[0].Before) != 0 || len(au[0].After) == 0 || au[0].Actor != "tester" {
		t.Fatalf("audit = %+v", au)
	}
})

var _ = register("EndpointValidation", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	other := newFleet(t, s)
	foreign := ActiveSIMs(t, s, other.a, 1)[0]
	deleted := ActiveSIMs(t, s, f.a, 1)[0]
	if _, err := s.UpdateSIM(ctx, f.a, deleted.ID, store.SIMUpdate{Status: ptr(store.SIMDeleted)}); err != nil {
		t.Fatal(err)
	}
	badLuhn := IMEI()
	badLuhn = badLuhn[:14] + string(rune('0'+(badLuhn[14]-'0'+1)%10))
	cases := []struct {
		name  string
		edit  func(*store.Endpoint)
		kind  store.Kind
		code  string
		field string
	}{
		{"no name", func(e *store.Endpoint) { e.Name = "  " }, store.KindInvalid, "", "name"},
		{"status deleted", func(e *store.Endpoint) { e.Status = store.EndpointDeleted }, store.KindInvalid, "", "status"},
		{"status unknown", func(e *store.Endpoint) { e.Status = 7 }, store.KindInvalid, "", "status"},
		{"IMEI too short", func(e *store.Endpoint) { e.IMEI = "35123456789012" }, store.KindInvalid, "", "imei"},
		{"IMEI not digits", func(e *store.Endpoint) { e.IMEI = "35123456789012A" }, store.KindInvalid, "", "imei"},
		{"IMEI bad check digit", func(e *store.Endpoint) { e.IMEI = badLuhn }, store.KindInvalid, "", "imei"},
		{"IP address", func(e *store.Endpoint) { e.IPAddress = "10.0.0.300" }, store.KindInvalid, "", "ip_address"},
		{"no service profile", func(e *store.Endpoint) { e.ServiceProfileID = 0 }, store.KindInvalid, "", "service_profile"},
		{"foreign service profile", func(e *store.Endpoint) { e.ServiceProfileID = other.service }, store.KindInvalid, "", "service_profile"},
		{"foreign tariff profile", func(e *store.Endpoint) { e.TariffProfileID = other.tariff }, store.KindInvalid, "", "tariff_profile"},
		{"unknown tariff profile", func(e *store.Endpoint) { e.TariffProfileID = 1 << 40 }, store.KindInvalid, "", "tariff_profile"},
		{"foreign SIM", func(e *store.Endpoint) { e.SIMID = foreign.ID }, store.KindInvalid, "", "sim"},
		{"deleted SIM", func(e *store.Endpoint) { e.SIMID = deleted.ID }, store.KindConflict, "sim_deleted", "sim"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := f.endpoint("device")
			c.edit(&e)
			_, err := s.CreateEndpoints(ctx, f.a, []store.Endpoint{e})
			mustKind(t, err, c.kind, c.code)
			if got, _ := store.AsError(err); got.Field != c.field {
				t.Errorf("error %v names %q, want %q", err, got.Field, c.field)
			}
		})
	}
	many := make([]store.Endpoint, 2001)
	for i := range many {
		many[i] = f.endpoint(fmt.Sprintf("d%d", i))
	}
	_, err := s.CreateEndpoints(ctx, f.a, many)
	mustKind(t, err, store.KindInvalid, "")
	_, err = s.CreateEndpoints(ctx, f.a, nil)
	mustKind(t, err, store.KindInvalid, "")
	if _, n, _ := s.ListEndpoints(ctx, f.a.OrgID, Page); n != 0 {
		t.Fatalf("%d endpoints after refused creations", n)
	}
	// The other organisation's SIM is untouched.
	if m, _ := s.SIM(ctx, other.a.OrgID, foreign.ID); m.EndpointID != 0 {
		t.Fatalf("foreign SIM assigned to %d", m.EndpointID)
	}
})

var _ = register("EndpointBulkIsAllOrNothing", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	sims := ActiveSIMs(t, s, f.a, 3)
	imei := IMEI()
	es := []store.Endpoint{f.endpoint("a"), f.endpoint("b"), f.endpoint("c")}
	es[0].IMEI, es[0].SIMID = imei, sims[0].ID
	es[1].SIMID = sims[1].ID
	es[2].IMEI = imei // the same IMEI as the first: refused
	_, err := s.CreateEndpoints(ctx, f.a, es)
	mustKind(t, err, store.KindConflict, "duplicate")
	if e, _ := store.AsError(err); e.Field != "imei" || !strings.Contains(e.Msg, "3 of 3") {
		t.Errorf("error %v: want field imei and the position 3 of 3", err)
	}
	if _, n, _ := s.ListEndpoints(ctx, f.a.OrgID, Page); n != 0 {
		t.Fatalf("%d endpoints after a refused bulk creation, want none", n)
	}
	if m, _ := s.SIM(ctx, f.a.OrgID, sims[0].ID); m.EndpointID != 0 {
		t.Fatalf("SIM kept its assignment from the refused creation: %d", m.EndpointID)
	}
	if evs := events(t, s, f.a.OrgID, "event_type", itoa(int64(store.EventEndpointCreated))); len(evs) != 0 {
		t.Fatalf("%d creation events after a refused creation", len(evs))
	}
	// Two endpoints taking one SIM in one call: refused as a whole.
	es = []store.Endpoint{f.endpoint("a"), f.endpoint("b")}
	es[0].SIMID, es[1].SIMID = sims[2].ID, sims[2].ID
	_, err = s.CreateEndpoints(ctx, f.a, es)
	mustKind(t, err, store.KindConflict, "sim_in_use")

	es[1].SIMID = 0
	es = append(es, f.endpoint("c"))
	made := f.create(t, s, es...)
	// A bulk update with one bad change changes nothing.
	ids := []int64{made[0].ID, made[1].ID, made[2].ID}
	us := []store.EndpointUpdate{{Name: ptr("a2")}, {Tags: ptr("x")}, {Status: ptr(store.EndpointDeleted)}}
	_, err = s.UpdateEndpoints(ctx, f.a, ids, us)
	mustKind(t, err, store.KindInvalid, "")
	for i, id := range ids {
		if e, _ := s.Endpoint(ctx, f.a.OrgID, id); e != made[i] {
			t.Errorf("endpoint %d changed by a refused bulk update: %+v", id, e)
		}
	}
	us[2] = store.EndpointUpdate{SIMID: ptr(int64(0))}
	out, err := s.UpdateEndpoints(ctx, f.a, ids, us)
	if err != nil || out[0].Name != "a2" || out[1].Tags != "x" || out[2].SIMID != 0 {
		t.Fatalf("bulk update = %+v, %v", out, err)
	}
	if _, err := s.UpdateEndpoints(ctx, f.a, ids, us[:2]); err == nil {
		t.Fatal("UpdateEndpoints accepted 3 ids for 2 updates")
	}
})

var _ = register("EndpointIMEIUniquePerOrg", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	other := newFleet(t, s)
	imei := IMEI()
	e := f.endpoint("first")
	e.IMEI = imei
	first := f.create(t, s, e)[0]
	dup := f.endpoint("second")
	dup.IMEI = imei
	_, err := s.CreateEndpoints(ctx, f.a, []store.Endpoint{dup})
	mustKind(t, err, store.KindConflict, "duplicate")
	if e, _ := store.AsError(err); e.Field != "imei" {
		t.Errorf("duplicate IMEI names %q", e.Field)
	}
	// Another organisation may have a device with the same IMEI.
	oe := other.endpoint("theirs")
	oe.IMEI = imei
	other.create(t, s, oe)
	second := f.create(t, s, f.endpoint("second"))[0]
	_, err = f.update(s, second.ID, store.EndpointUpdate{IMEI: ptr(imei)})
	mustKind(t, err, store.KindConflict, "duplicate")
	// Setting an endpoint's own IMEI again is no conflict.
	if _, err := f.update(s, first.ID, store.EndpointUpdate{IMEI: ptr(imei), Name: ptr("first again")}); err != nil {
		t.Fatalf("update keeping the IMEI: %v", err)
	}
	// Once the first endpoint is gone, its IMEI is free.
	if err := s.DeleteEndpoint(ctx, f.a, first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.update(s, second.ID, store.EndpointUpdate{IMEI: ptr(imei)}); err != nil {
		t.Fatalf("taking a deleted endpoint's IMEI: %v", err)
	}
})

var _ = register("EndpointUpdate", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	other := newFleet(t, s)
	e := f.create(t, s, f.endpoint("meter"))[0]
	sp2, tp2 := Profiles(t, s, f.a)
	got, err := f.update(s, e.ID, store.EndpointUpdate{Name: ptr("meter 2"), Status: ptr(store.EndpointDisabled),
		ServiceProfileID: &sp2, TariffProfileID: &tp2, IPAddress: ptr("2001:db8::1")})
	if err != nil || got.Name != "meter 2" || got.Status != store.EndpointDisabled || got.ServiceProfileID != sp2 ||
		got.TariffProfileID != tp2 || got.Version != 2 || got.Updated.Before(e.Updated) {
		t.Fatalf("update = %+v, %v", got, err)
	}
	// An update that changes nothing writes nothing.
	same, err := f.update(s, e.ID, store.EndpointUpdate{Name: ptr("meter 2")})
	if err != nil || same.Version != 2 {
		t.Fatalf("no-op update = %+v, %v; want version 2", same, err)
	}
	if n := len(audits(t, s, f.a.OrgID, "endpoint.update")); n != 1 {
		t.Fatalf("%d audit entries for one change", n)
	}
	if n := len(events(t, s, f.a.OrgID, "event_type", itoa(int64(store.EventEndpointUpdated)))); n != 1 {
		t.Fatalf("%d update events for one change", n)
	}
	for _, c := range []struct {
		u     store.EndpointUpdate
		field string
	}{
		{store.EndpointUpdate{Status: ptr(store.EndpointDeleted)}, "status"},
		{store.EndpointUpdate{Name: ptr("")}, "name"},
		{store.EndpointUpdate{ServiceProfileID: &other.service}, "service_profile"},
		{store.EndpointUpdate{TariffProfileID: &other.tariff}, "tariff_profile"},
		{store.EndpointUpdate{IMEI: ptr("123")}, "imei"},
	} {
		_, err := f.update(s, e.ID, c.u)
		mustKind(t, err, store.KindInvalid, "")
		if got, _ := store.AsError(err); got.Field != c.field {
			t.Errorf("error %v names %q, want %q", err, got.Field, c.field)
		}
	}
	_, err = other.update(s, e.ID, store.EndpointUpdate{Name: ptr("stolen")})
	mustKind(t, err, store.KindNotFound, "")
	mustKind(t, s.DeleteEndpoint(ctx, other.a, e.ID), store.KindNotFound, "")
	if err := s.DeleteEndpoint(ctx, f.a, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Endpoint(ctx, f.a.OrgID, e.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Endpoint after deletion: %v, want not found", err)
	}
	mustKind(t, s.DeleteEndpoint(ctx, f.a, e.ID), store.KindNotFound, "")
	if n := len(events(t, s, f.a.OrgID, "endpoint", itoa(e.ID), "event_type", itoa(int64(store.EventEndpointDeleted)))); n != 1 {
		t.Fatalf("%d deletion events", n)
	}
	if au := audits(t, s, f.a.OrgID, "endpoint.delete"); len(au) != 1 || len(au[0].Before) == 0 {
		t.Fatalf("deletion audit = %+v", au)
	}
})

var _ = register("EndpointSIMAssignment", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	sims := ActiveSIMs(t, s, f.a, 2)
	es := f.create(t, s, f.endpoint("a"), f.endpoint("b"))
	a, b := es[0], es[1]
	if _, err := f.update(s, a.ID, store.EndpointUpdate{SIMID: &sims[0].ID}); err != nil {
		t.Fatal(err)
	}
	// The SIM is a's: b cannot have it, and the refusal names a.
	_, err := f.update(s, b.ID, store.EndpointUpdate{SIMID: &sims[0].ID})
	mustKind(t, err, store.KindConflict, "sim_in_use")
	if e, _ := store.AsError(err); e.Field != "sim" || !strings.Contains(e.Msg, fmt.Sprintf("endpoint %d", a.ID)) {
		t.Errorf("error %v: want field sim naming endpoint %d", err, a.ID)
	}
	// Neither the SIM nor the endpoint can be deleted while assigned.
	_, err = s.UpdateSIM(ctx, f.a, sims[0].ID, store.SIMUpdate{Status: ptr(store.SIMDeleted)})
	mustKind(t, err, store.KindConflict, "sim_assigned")
	mustKind(t, s.DeleteEndpoint(ctx, f.a, a.ID), store.KindConflict, "sim_assigned")
	// Swap a to the second SIM: the first is released, the second assigned.
	got, err := f.update(s, a.ID, store.EndpointUpdate{SIMID: &sims[1].ID})
	if err != nil || got.SIMID != sims[1].ID {
		t.Fatalf("swap = %+v, %v", got, err)
	}
	if m, _ := s.SIM(ctx, f.a.OrgID, sims[0].ID); m.EndpointID != 0 {
		t.Fatalf("released SIM still shows endpoint %d", m.EndpointID)
	}
	if _, err := f.update(s, b.ID, store.EndpointUpdate{SIMID: &sims[0].ID}); err != nil {
		t.Fatalf("assign the released SIM: %v", err)
	}
	if _, err := f.update(s, a.ID, store.EndpointUpdate{SIMID: ptr(int64(0))}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEndpoint(ctx, f.a, a.ID); err != nil {
		t.Fatalf("delete after release: %v", err)
	}
	if _, err := s.UpdateSIM(ctx, f.a, sims[1].ID, store.SIMUpdate{Status: ptr(store.SIMDeleted)}); err != nil {
		t.Fatalf("delete the released SIM: %v", err)
	}
	// Every move left an event with the SIM's IMSI ...
	type move struct {
		typ      store.EventType
		sim, end int64
	}
	var got2 []move
	for _, typ := range []store.EventType{store.EventSIMAssigned, store.EventSIMReleased} {
		for _, e := range events(t, s, f.a.OrgID, "event_type", itoa(int64(typ))) {
			want := sims[0].IMSI
			if e.SIMID == sims[1].ID {
				want = sims[1].IMSI
			}
			if e.IMSI != want || e.Source != store.SourceAPI {
				t.Errorf("event %+v: want IMSI %s from the API", e, want)
			}
			got2 = append(got2, move{e.Type, e.SIMID, e.EndpointID})
		}
	}
	want := map[move]bool{
		{store.EventSIMAssigned, sims[0].ID, a.ID}: true, {store.EventSIMReleased, sims[0].ID, a.ID}: true,
		{store.EventSIMAssigned, sims[1].ID, a.ID}: true, {store.EventSIMAssigned, sims[0].ID, b.ID}: true,
		{store.EventSIMReleased, sims[1].ID, a.ID}: true,
	}
	if len(got2) != len(want) {
		t.Errorf("moves = %v, want %d", got2, len(want))
	}
	for _, m := range got2 {
		if !want[m] {
			t.Errorf("unexpected move %+v", m)
		}
	}
	// ... and an audit entry whose before and after show the SIM.
	var sims2 [][2]int64
	for _, e := range audits(t, s, f.a.OrgID, "endpoint.update") {
		var before, after struct{ SIMID int64 }
		if json.Unmarshal(e.Before, &before) != nil || json.Unmarshal(e.After, &after) != nil {
			t.Fatalf("audit JSON %s / %s", e.Before, e.After)
		}
		sims2 = append(sims2, [2]int64{before.SIMID, after.SIMID})
	}
	wantAudit := [][2]int64{{0, sims[0].ID}, {sims[0].ID, sims[1].ID}, {0, sims[0].ID}, {sims[1].ID, 0}}
	if fmt.Sprint(sims2) != fmt.Sprint(wantAudit) {
		t.Errorf("audited SIM moves = %v, want %v", sims2, wantAudit)
	}
})

var _ = register("EndpointConcurrentSIMAssignment", func(t *testing.T, s store.Store) {
	f := newFleet(t, s)
	const rounds = 8
	sims := ActiveSIMs(t, s, f.a, rounds)
	for r := range rounds {
		es := f.create(t, s, f.endpoint(fmt.Sprintf("x%d", r)), f.endpoint(fmt.Sprintf("y%d", r)))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for i := range 2 {
			wg.Go(func() {
				<-start
				_, errs[i] = f.update(s, es[i].ID, store.EndpointUpdate{SIMID: &sims[r].ID})
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			mustKind(t, err, store.KindConflict, "sim_in_use")
		}
		if won != 1 {
			t.Fatalf("round %d: %d winners (%v), want exactly 1", r, won, errs)
		}
		m, _ := s.SIM(context.Background(), f.a.OrgID, sims[r].ID)
		if m.EndpointID != es[0].ID && m.EndpointID != es[1].ID {
			t.Fatalf("round %d: SIM is with %d", r, m.EndpointID)
		}
	}
})

var _ = register("EndpointListFilterSortPage", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	sims := ActiveSIMs(t, s, f.a, 1)
	sp2, _ := Profiles(t, s, f.a)
	imeis := []string{IMEI(), IMEI(), IMEI(), IMEI(), IMEI()}
	in := []store.Endpoint{f.endpoint("Charlie"), f.endpoint("alpha"), f.endpoint("Echo"), f.endpoint("bravo"), f.endpoint("delta")}
	for i := range in {
		in[i].IMEI = imeis[i]
		in[i].IPAddress = fmt.Sprintf("10.1.0.%d", i+1)
		in[i].Tags = "fleet"
	}
	in[1].Tags, in[2].Status, in[3].Status = "Fleet,ROOF", store.EndpointDisabled, store.EndpointDisabled
	in[4].SIMID, in[4].ServiceProfileID = sims[0].ID, sp2
	made := f.create(t, s, in...)
	// Touch "Charlie" last, so that last_updated differs from created.
	if _, err := f.update(s, made[0].ID, store.EndpointUpdate{Tags: ptr("fleet,late")}); err != nil {
		t.Fatal(err)
	}
	names := func(es []store.Endpoint) string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return strings.Join(out, ",")
	}
	q := func(page, per int, sort []store.Sort, kv ...string) store.ListQuery {
		lq := store.ListQuery{Page: page, PerPage: per, Sort: sort}
		for i := 0; i+1 < len(kv); i += 2 {
			lq.Filter = append(lq.Filter, store.Filter{Field: kv[i], Value: kv[i+1]})
		}
		return lq
	}
	asc := func(f string) []store.Sort { return []store.Sort{{Field: f}} }
	desc := func(f string) []store.Sort { return []store.Sort{{Field: f, Desc: true}} }
	cases := []struct {
		name  string
		q     store.ListQuery
		want  string
		total int
	}{
		{"all by id", q(1, 10, nil), "Charlie,alpha,Echo,bravo,delta", 5},
		{"id filter", q(1, 10, nil, "id", itoa(made[2].ID)), "Echo", 1},
		{"name contains, any case", q(1, 10, nil, "name", "LPH"), "alpha", 1},
		{"tags contains", q(1, 10, asc("id"), "tags", "roof"), "alpha", 1},
		{"status", q(1, 10, nil, "status", "1"), "Echo,bravo", 2},
		{"imei prefix", q(1, 10, nil, "imei", imeis[3][:15]), "bravo", 1},
		{"ip prefix", q(1, 10, nil, "ip_address", "10.1.0.3"), "Echo", 1},
		{"sim", q(1, 10, nil, "sim", itoa(sims[0].ID)), "delta", 1},
		{"iccid prefix", q(1, 10, nil, "iccid", sims[0].ICCID[:12]), "delta", 1},
		{"imsi", q(1, 10, nil, "imsi", sims[0].IMSI), "delta", 1},
		{"msisdn", q(1, 10, nil, "msisdn", sims[0].MSISDN), "delta", 1},
		{"service profile", q(1, 10, nil, "service_profile", itoa(sp2)), "delta", 1},
		{"two filters", q(1, 10, nil, "status", "0", "tags", "fleet"), "Charlie,alpha,delta", 3},
		{"sort by name", q(1, 10, asc("name")), "alpha,bravo,Charlie,delta,Echo", 5},
		{"sort by name, descending", q(1, 10, desc("name")), "Echo,delta,Charlie,bravo,alpha", 5},
		{"sort by status, then id", q(1, 10, asc("status")), "Charlie,alpha,delta,Echo,bravo", 5},
		{"sort by id, descending", q(1, 10, desc("id")), "delta,bravo,Echo,alpha,Charlie", 5},
		{"sort by created", q(1, 10, asc("created")), "Charlie,alpha,Echo,bravo,delta", 5},
		{"sort by last_updated, descending", q(1, 1, desc("last_updated")), "Charlie", 5},
		{"second page", q(2, 2, asc("name")), "Charlie,delta", 5},
		{"last page", q(3, 2, asc("name")), "Echo", 5},
		{"past the end", q(4, 2, asc("name")), "", 5},
		{"nothing matches", q(1, 10, nil, "name", "zulu"), "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, total, err := s.ListEndpoints(ctx, f.a.OrgID, c.q)
			if err != nil || names(got) != c.want || total != c.total {
				t.Fatalf("ListEndpoints = %q of %d, %v; want %q of %d", names(got), total, err, c.want, c.total)
			}
		})
	}
	for _, bad := range []store.ListQuery{
		q(1, 10, asc("imsi")),
		q(1, 10, nil, "created", "1"),
		q(1, 10, nil, "status", "enabled"),
		q(0, 10, nil),
		q(1, store.MaxPerPage+1, nil),
	} {
		_, _, err := s.ListEndpoints(ctx, f.a.OrgID, bad)
		mustKind(t, err, store.KindInvalid, "")
	}
})
