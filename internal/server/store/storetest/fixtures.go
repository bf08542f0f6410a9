package storetest

import (
	"github.com/cellgate/cellgate/internal/iccid"

	"context"
	"fmt"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
)

// IMEI returns a valid, unique IMEI (with its Luhn digit).
func IMEI() string {
	payload := fmt.Sprintf("35%012d", serial.Add(1))
	return payload + string(iccid.LuhnDigit(payload))
}

// Profiles creates a service and a tariff profile in a's organisation and
// returns their ids.
func Profiles(t testing.TB, s store.Store, a store.Actor) (service, tariff int64) {
	t.Helper()
	ctx := context.Background()
	sp, err := s.CreateServiceProfile(ctx, a, store.ServiceProfile{Name: fmt.Sprintf("service-%d", serial.Add(1)), AllowedRATs: []store.RAT{store.RAT4G}, Data: true})
	if err != nil {
		t.Fatalf("CreateServiceProfile: %v", err)
	}
	tp, err := s.CreateTariffProfile(ctx, a, store.TariffProfile{Name: fmt.Sprintf("tariff-%d", serial.Add(1)), AllowedCountries: []string{"DE"}})
	if err != nil {
		t.Fatalf("CreateTariffProfile: %v", err)
	}
	return sp.ID, tp.ID
}

// ActiveSIMs registers a batch of n SIMs to a's organisation as Activated
// and returns them.
func ActiveSIMs(t testing.TB, s store.Store, a store.Actor, n int) []store.SIM {
	t.Helper()
	ctx := context.Background()
	bic := Batch(t, s, n)
	b, err := s.RegisterBatch(ctx, a, bic, store.SIMActivated)
	if err != nil {
		t.Fatalf("RegisterBatch: %v", err)
	}
	sims, _, err := s.ListSIMs(ctx, a.OrgID, store.ListQuery{Page: 1, PerPage: n, Filter: []store.Filter{{Field: "batch", Value: itoa(b.ID)}}})
	if err != nil || len(sims) != n {
		t.Fatalf("ListSIMs of batch %s: %d, %v", bic, len(sims), err)
	}
	return sims
}

// fleet is an organisation with profiles to create endpoints with.
type fleet struct {
	a               store.Actor
	service, tariff int64
}

func newFleet(t testing.TB, s store.Store) fleet {
	a := NewOrg(t, s)
	sp, tp := Profiles(t, s, a)
	return fleet{a, sp, tp}
}

// endpoint is an endpoint of f's with a unique name and its profiles.
func (f fleet) endpoint(name string) store.Endpoint {
	return store.Endpoint{Name: name, ServiceProfileID: f.service, TariffProfileID: f.tariff}
}

// create creates es and fails the test if it cannot.
func (f fleet) create(t testing.TB, s store.Store, es ...store.Endpoint) []store.Endpoint {
	t.Helper()
	out, err := s.CreateEndpoints(context.Background(), f.a, es)
	if err != nil {
		t.Fatalf("CreateEndpoints: %v", err)
	}
	return out
}

// update applies one update and returns its error.
func (f fleet) update(s store.Store, id int64, u store.EndpointUpdate) (store.Endpoint, error) {
	out, err := s.UpdateEndpoints(context.Background(), f.a, []int64{id}, []store.EndpointUpdate{u})
	if err != nil {
		return store.Endpoint{}, err
	}
	return out[0], nil
}

func ptr[T any](v T) *T { return &v }

// events lists org's events filtered by field:value pairs.
func events(t testing.TB, s store.Store, org int64, kv ...string) []store.Event {
	t.Helper()
	q := store.ListQuery{Page: 1, PerPage: store.MaxPerPage}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Filter = append(q.Filter, store.Filter{Field: kv[i], Value: kv[i+1]})
	}
	evs, _, err := s.ListEvents(context.Background(), org, q)
	if err != nil {
		t.Fatalf("ListEvents: %v", err)
	}
	return evs
}

// audits lists org's audit entries for action, oldest first.
func audits(t testing.TB, s store.Store, org int64, action string) []store.AuditEntry {
	t.Helper()
	es, _, err := s.ListAudit(context.Background(), org, store.ListQuery{Page: 1, PerPage: store.MaxPerPage,
		Filter: []store.Filter{{Field: "action", Value: action}}, Sort: []store.Sort{{Field: "id"}}})
	if err != nil {
		t.Fatalf("ListAudit: %v", err)
	}
	return es
}
