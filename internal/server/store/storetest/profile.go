package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
)

var _ = register("ServiceProfiles", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := NewOrg(t, s)
	other := NewOrg(t, s)
	cb, err := s.CreateCallback(ctx, a, store.Callback{URL: "https://hooks.example.com/cellgate", Secret: "sealed"})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := s.CreateCallback(ctx, other, store.Callback{URL: "https://other.example.com/", Secret: "sealed"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.CreateServiceProfile(ctx, a, store.ServiceProfile{Name: " IoT ", AllowedRATs: []store.RAT{store.RATLTEM, store.RAT4G, store.RATLTEM},
		Data: true, SMSMO: true, DNS: "9.9.9.9, 2620:fe::fe", APICallbackID: cb.ID})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "IoT" || fmt.Sprint(p.AllowedRATs) != "[4G LTE-M]" || p.DNS != "9.9.9.9,2620:fe::fe" || p.OrgID != a.OrgID {
		t.Fatalf("created %+v", p)
	}
	got, err := s.ServiceProfile(ctx, a.OrgID, p.ID)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(p) {
		t.Fatalf("ServiceProfile = %+v, %v; want %+v", got, err, p)
	}
	if _, err := s.ServiceProfile(ctx, other.OrgID, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ServiceProfile from another organisation: %v", err)
	}
	cases := []struct {
		name  string
		p     store.ServiceProfile
		kind  store.Kind
		field string
	}{
		{"no name", store.ServiceProfile{Name: " "}, store.KindInvalid, "name"},
		{"unknown RAT", store.ServiceProfile{Name: "x", AllowedRATs: []store.RAT{"5G"}}, store.KindInvalid, "allowed_rats"},
		{"RAT in lower case", store.ServiceProfile{Name: "x", AllowedRATs: []store.RAT{"nb-iot"}}, store.KindInvalid, "allowed_rats"},
		{"DNS", store.ServiceProfile{Name: "x", DNS: "resolver.example"}, store.KindInvalid, "dns"},
		{"foreign callback", store.ServiceProfile{Name: "x", APICallbackID: theirs.ID}, store.KindInvalid, "api_callback"},
		{"unknown callback", store.ServiceProfile{Name: "x", APICallbackID: 1 << 40}, store.KindInvalid, "api_callback"},
		{"duplicate name", store.ServiceProfile{Name: "IoT"}, store.KindConflict, "name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.CreateServiceProfile(ctx, a, c.p)
			mustKind(t, err, c.kind, "")
			if e, _ := store.AsError(err); e.Field != c.field {
				t.Errorf("error %v names %q, want %q", err, e.Field, c.field)
			}
		})
	}
	// The same name is free in another organisation.
	if _, err := s.CreateServiceProfile(ctx, other, store.ServiceProfile{Name: "IoT"}); err != nil {
		t.Fatalf("same name elsewhere: %v", err)
	}
	p.Description, p.AllowedRATs, p.APICallbackID = "narrow band", []store.RAT{store.RATNBIoT}, 0
	up, err := s.UpdateServiceProfile(ctx, a, p)
	if err != nil || up.Description != "narrow band" || fmt.Sprint(up.AllowedRATs) != "[NB-IoT]" || !up.Created.Equal(p.Created) {
		t.Fatalf("update = %+v, %v", up, err)
	}
	p.APICallbackID = theirs.ID
	_, err = s.UpdateServiceProfile(ctx, a, p)
	mustKind(t, err, store.KindInvalid, "")
	_, err = s.UpdateServiceProfile(ctx, other, up)
	mustKind(t, err, store.KindNotFound, "")
	second, err := s.CreateServiceProfile(ctx, a, store.ServiceProfile{Name: "second"})
	if err != nil {
		t.Fatal(err)
	}
	second.Name = "IoT"
	_, err = s.UpdateServiceProfile(ctx, a, second)
	mustKind(t, err, store.KindConflict, "duplicate")
	list, n, err := s.ListServiceProfiles(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: 10, Sort: []store.Sort{{Field: "name", Desc: true}}})
	if err != nil || n != 2 || list[0].Name != "second" || list[1].Name != "IoT" {
		t.Fatalf("ListServiceProfiles = %+v, %d, %v", list, n, err)
	}
	if au := audits(t, s, a.OrgID, "service_profile.update"); len(au) != 1 || len(au[0].Before) == 0 || len(au[0].After) == 0 {
		t.Fatalf("update audit = %+v", au)
	}
})

var _ = register("TariffProfiles", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := NewOrg(t, s)
	other := NewOrg(t, s)
	p, err := s.CreateTariffProfile(ctx, a, store.TariffProfile{Name: "EU", AllowedCountries: []string{"DE", "FR", "DE"},
		AllowedOperators: []int64{1, 4}, RateZones: json.RawMessage(`[{"id":1,"name":"Zone 1"}]`)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.TariffProfile(ctx, a.OrgID, p.ID)
	if err != nil || fmt.Sprint(got.AllowedCountries) != "[DE FR]" || fmt.Sprint(got.AllowedOperators) != "[1 4]" || string(got.RateZones) != `[{"id":1,"name":"Zone 1"}]` {
		t.Fatalf("TariffProfile = %+v, %v", got, err)
	}
	if _, err := s.TariffProfile(ctx, other.OrgID, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("TariffProfile from another organisation: %v", err)
	}
	for _, c := range []struct {
		name  string
		p     store.TariffProfile
		field string
	}{
		{"no name", store.TariffProfile{}, "name"},
		{"lower case country", store.TariffProfile{Name: "x", AllowedCountries: []string{"de"}}, "allowed_countries"},
		{"three letter country", store.TariffProfile{Name: "x", AllowedCountries: []string{"DEU"}}, "allowed_countries"},
		{"digit in country", store.TariffProfile{Name: "x", AllowedCountries: []string{"D1"}}, "allowed_countries"},
		{"unknown operator", store.TariffProfile{Name: "x", AllowedOperators: []int64{9999}}, "allowed_operators"},
		{"rate zones not JSON", store.TariffProfile{Name: "x", RateZones: json.RawMessage(`{`)}, "ratezone"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.CreateTariffProfile(ctx, a, c.p)
			mustKind(t, err, store.KindInvalid, "")
			if e, _ := store.AsError(err); e.Field != c.field {
				t.Errorf("error %v names %q, want %q", err, e.Field, c.field)
			}
		})
	}
	_, err = s.CreateTariffProfile(ctx, a, store.TariffProfile{Name: "EU"})
	mustKind(t, err, store.KindConflict, "duplicate")
	p.AllowedCountries, p.AllowedOperators = nil, []int64{17}
	up, err := s.UpdateTariffProfile(ctx, a, p)
	if err != nil || len(up.AllowedCountries) != 0 || fmt.Sprint(up.AllowedOperators) != "[17]" {
		t.Fatalf("update = %+v, %v", up, err)
	}
	p.AllowedOperators = []int64{0}
	_, err = s.UpdateTariffProfile(ctx, a, p)
	mustKind(t, err, store.KindInvalid, "")
	if _, n, _ := s.ListTariffProfiles(ctx, other.OrgID, Page); n != 0 {
		t.Fatalf("another organisation lists %d tariff profiles", n)
	}
})

var _ = register("ProfilesInUseAreKept", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	other := newFleet(t, s)
	e := f.create(t, s, f.endpoint("user"))[0]
	mustKind(t, s.DeleteServiceProfile(ctx, f.a, f.service), store.KindConflict, "in_use")
	mustKind(t, s.DeleteTariffProfile(ctx, f.a, f.tariff), store.KindConflict, "in_use")
	mustKind(t, s.DeleteServiceProfile(ctx, other.a, f.service), store.KindNotFound, "")
	mustKind(t, s.DeleteTariffProfile(ctx, other.a, f.tariff), store.KindNotFound, "")
	// Moving the endpoint to other profiles frees the first ones.
	sp2, tp2 := Profiles(t, s, f.a)
	if _, err := f.update(s, e.ID, store.EndpointUpdate{ServiceProfileID: &sp2, TariffProfileID: &tp2}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteServiceProfile(ctx, f.a, f.service); err != nil {
		t.Fatalf("delete an unused service profile: %v", err)
	}
	if err := s.DeleteTariffProfile(ctx, f.a, f.tariff); err != nil {
		t.Fatalf("delete an unused tariff profile: %v", err)
	}
	if _, err := s.ServiceProfile(ctx, f.a.OrgID, f.service); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted service profile: %v", err)
	}
	// Once the endpoint is deleted its profiles may go too.
	if err := s.DeleteEndpoint(ctx, f.a, e.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteServiceProfile(ctx, f.a, sp2); err != nil {
		t.Fatalf("delete the profile of a deleted endpoint: %v", err)
	}
	if err := s.DeleteTariffProfile(ctx, f.a, tp2); err != nil {
		t.Fatalf("delete the profile of a deleted endpoint: %v", err)
	}
	if au := audits(t, s, f.a.OrgID, "tariff_profile.delete"); len(au) != 2 {
		t.Fatalf("%d tariff profile deletions audited, want 2", len(au))
	}
})

var _ = register("Callbacks", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	other := NewOrg(t, s)
	for _, u := range []string{"", "hooks.example.com/x", "ftp://hooks.example.com/", "https://", "https://user:pw@hooks.example.com/"} {
		_, err := s.CreateCallback(ctx, f.a, store.Callback{URL: u, Secret: "sealed"})
		mustKind(t, err, store.KindInvalid, "")
		if e, _ := store.AsError(err); e.Field != "url" {
			t.Errorf("URL %q: error names %q", u, e.Field)
		}
	}
	cb, err := s.CreateCallback(ctx, f.a, store.Callback{URL: "https://hooks.example.com/a", Purpose: "events", Secret: "sealed"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Callback(ctx, f.a.OrgID, cb.ID)
	if err != nil || got != cb {
		t.Fatalf("Callback = %+v, %v; want %+v", got, err, cb)
	}
	if _, err := s.Callback(ctx, other.OrgID, cb.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Callback from another organisation: %v", err)
	}
	list, n, err := s.ListCallbacks(ctx, f.a.OrgID, store.ListQuery{Page: 1, PerPage: 10, Filter: []store.Filter{{Field: "url", Value: "HOOKS"}}})
	if err != nil || n != 1 || list[0].ID != cb.ID {
		t.Fatalf("ListCallbacks = %+v, %d, %v", list, n, err)
	}
	// A profile with the callback sends its endpoints' events there.
	sp, err := s.ServiceProfile(ctx, f.a.OrgID, f.service)
	if err != nil {
		t.Fatal(err)
	}
	sp.APICallbackID = cb.ID
	if _, err := s.UpdateServiceProfile(ctx, f.a, sp); err != nil {
		t.Fatal(err)
	}
	e := f.create(t, s, f.endpoint("hooked"))[0]
	ds, err := s.ClaimDeliveries(ctx, time.Now().Add(time.Minute), time.Minute, 10)
	if err != nil || len(ds) != 1 || ds[0].CallbackID != cb.ID || ds[0].URL != cb.URL {
		t.Fatalf("deliveries = %+v, %v; want the endpoint's creation", ds, err)
	}
	var body struct {
		EventType struct{ ID int } `json:"event_type"`
		Endpoint  struct{ ID int64 }
	}
	if err := json.Unmarshal(ds[0].Payload, &body); err != nil || body.EventType.ID != int(store.EventEndpointCreated) || body.Endpoint.ID != e.ID {
		t.Fatalf("payload %s: %v", ds[0].Payload, err)
	}
	mustKind(t, s.DeleteCallback(ctx, f.a, cb.ID), store.KindConflict, "in_use")
	mustKind(t, s.DeleteCallback(ctx, other, cb.ID), store.KindNotFound, "")
	sp.APICallbackID = 0
	if _, err := s.UpdateServiceProfile(ctx, f.a, sp); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCallback(ctx, f.a, cb.ID); err != nil {
		t.Fatalf("delete an unused callback with a delivery: %v", err)
	}
	if _, err := s.Callback(ctx, f.a.OrgID, cb.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted callback: %v", err)
	}
	if au := audits(t, s, f.a.OrgID, "api_callback.create"); len(au) != 1 || bytesContain(au[0].After, "sealed") {
		t.Fatalf("callback audit = %+v; want one entry without the secret", au)
	}
})

func bytesContain(b []byte, s string) bool { return strings.Contains(string(b), s) }
