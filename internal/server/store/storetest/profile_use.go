package storetest

import (
	"context"
	"maps"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
)

var _ = register("ProfileUseCountsEndpoints", func(t *testing.T, s store.Store) {
	ctx := context.Background()
	f := newFleet(t, s)
	otherService, otherTariff := Profiles(t, s, f.a)
	e := f.endpoint("on the other tariff")
	e.TariffProfileID = otherTariff
	f.create(t, s, f.endpoint("a"), f.endpoint("b"), e)
	// Another organisation's endpoints on its own profiles do not count.
	g := newFleet(t, s)
	g.create(t, s, g.endpoint("elsewhere"))

	for _, c := range []struct {
		kind string
		ids  []int64
		want map[int64]int
	}{
		{"service_profile", []int64{f.service, otherService, g.service}, map[int64]int{f.service: 3}},
		{"tariff_profile", []int64{f.tariff, otherTariff}, map[int64]int{f.tariff: 2, otherTariff: 1}},
		{"tariff_profile", nil, map[int64]int{}},
	} {
		got, err := s.ProfileUse(ctx, f.a.OrgID, c.kind, c.ids)
		if err != nil || !maps.Equal(got, c.want) {
			t.Errorf("ProfileUse(%s, %v) = %v, %v; want %v", c.kind, c.ids, got, err, c.want)
		}
	}
	_, err := s.ProfileUse(ctx, f.a.OrgID, "sim", []int64{1})
	mustKind(t, err, store.KindInvalid, "")
})
