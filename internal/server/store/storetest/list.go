package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
)

// Filters and sorts must mean the same in every database: prefixes and
// substrings ignore the case of ASCII letters, LIKE's wildcards in a
// filter are plain characters, and text sorts by its bytes.
var _ = register("ListMatchingAndOrder", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	var es []store.Endpoint
	for _, e := range []struct{ name, ip string }{
		{"beta", "2001:DB8::1"},
		{"Alpha", "2001:db8::2"},
		{"alpha_1", "192.0.2.1"},
		{"a%b", "192.0.2.10"},
	} {
		es = append(es, store.Endpoint{Name: e.name, IPAddress: e.ip, Status: store.EndpointEnabled,
			ServiceProfileID: f.service, TariffProfileID: f.tariff})
	}
	if _, err := s.CreateEndpoints(ctx, f.a, es); err != nil {
		t.Fatal(err)
	}
	names := func(q store.ListQuery) []string {
		t.Helper()
		q.Page, q.PerPage = 1, 100
		got, _, err := s.ListEndpoints(ctx, f.a.OrgID, q)
		if err != nil {
			t.Fatalf("ListEndpoints(%+v): %v", q, err)
		}
		var out []string
		for _, e := range got {
			out = append(out, e.Name)
		}
		return out
	}
	for _, c := range []struct {
		field, value string
		want         []string
	}{
		{"ip_address", "2001:db8", []string{"beta", "Alpha"}},
		{"ip_address", "2001:DB8::", []string{"beta", "Alpha"}},
		{"ip_address", "192.0.2.1", []string{"alpha_1", "a%b"}},
		{"name", "ALPHA", []string{"Alpha", "alpha_1"}},
		{"name", "_", []string{"alpha_1"}},
		{"name", "%", []string{"a%b"}},
	} {
		got := names(store.ListQuery{Filter: []store.Filter{{Field: c.field, Value: c.value}}})
		if !slices.Equal(got, c.want) {
			t.Errorf("endpoints with %s matching %q = %q, want %q", c.field, c.value, got, c.want)
		}
	}
	if got, want := names(store.ListQuery{Sort: []store.Sort{{Field: "name"}}}), []string{"a%b", "Alpha", "alpha_1", "beta"}; !slices.Equal(got, want) {
		t.Errorf("endpoints by name = %q, want %q", got, want)
	}
	if got, want := names(store.ListQuery{Sort: []store.Sort{{Field: "ip_address", Desc: true}}}), []string{"Alpha", "beta", "a%b", "alpha_1"}; !slices.Equal(got, want) {
		t.Errorf("endpoints by IP address, descending = %q, want %q", got, want)
	}
	// Service profile names sort as they are written: upper case first.
	for _, n := range []string{"beta", "Beta", "alpha"} {
		if _, err := s.CreateServiceProfile(ctx, f.a, store.ServiceProfile{Name: n, AllowedRATs: []store.RAT{store.RAT4G}}); err != nil {
			t.Fatal(err)
		}
	}
	ps, _, err := s.ListServiceProfiles(ctx, f.a.OrgID, store.ListQuery{Page: 1, PerPage: 100, Sort: []store.Sort{{Field: "name"}},
		Filter: []store.Filter{{Field: "name", Value: "a"}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Name)
	}
	if want := []string{"Beta", "alpha", "beta"}; !slices.Equal(got, want) {
		t.Errorf("service profiles by name = %q, want %q", got, want)
	}
})
