package storetest

import (
	"context"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
)

var _ = register("EndpointIPAddressUniquePerOrg", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	a := f.endpoint("a")
	a.IPAddress = "10.176.0.1"
	first := f.create(t, s, a)[0]
	b := f.endpoint("b")
	b.IPAddress = "10.176.0.1"
	_, err := s.CreateEndpoints(ctx, f.a, []store.Endpoint{b})
	mustKind(t, err, store.KindConflict, "duplicate")
	if e, _ := store.AsError(err); e.Field != "ip_address" {
		t.Errorf("the conflict names %q, want ip_address", e.Field)
	}
	// Endpoints without an address do not collide; another organisation
	// may use the same address.
	f.create(t, s, f.endpoint("c"), f.endpoint("d"))
	g := newFleet(t, s)
	c := g.endpoint("elsewhere")
	c.IPAddress = "10.176.0.1"
	g.create(t, s, c)
	// Taking another endpoint's address in an update is refused too.
	second := f.create(t, s, f.endpoint("e"))[0]
	ip := first.IPAddress
	_, err = f.update(s, second.ID, store.EndpointUpdate{IPAddress: &ip})
	mustKind(t, err, store.KindConflict, "duplicate")
})
