package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// EndpointFields are what an endpoint list may filter and sort on.
var EndpointFields = store.Fields{
	{Name: "id", Column: "e.id", Number: true, Filter: true, Sort: true},
	{Name: "name", Column: "LOWER(e.name)", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "tags", Column: "LOWER(e.tags)", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "status", Column: "e.status", Number: true, Filter: true, Sort: true},
	{Name: "imei", Column: "e.imei", Match: store.MatchPrefix, Filter: true, Sort: true},
	{Name: "ip_address", Column: "e.ip_address", Match: store.MatchPrefix, Filter: true, Sort: true},
	{Name: "sim", Column: "e.sim_id", Number: true, Filter: true},
	{Name: "iccid", Column: "s.iccid", Match: store.MatchPrefix, Filter: true},
	{Name: "imsi", Column: "s.imsi", Match: store.MatchPrefix, Filter: true},
	{Name: "msisdn", Column: "s.msisdn", Match: store.MatchPrefix, Filter: true},
	{Name: "sim_status", Column: "s.status", Number: true, Filter: true},
	{Name: "service_profile", Column: "e.service_profile_id", Number: true, Filter: true},
	{Name: "tariff_profile", Column: "e.tariff_profile_id", Number: true, Filter: true},
	{Name: "created", Column: "e.created", Sort: true},
	{Name: "last_updated", Column: "e.updated", Sort: true},
}

const endpointColumns = `e.id, e.org_id, e.name, e.tags, e.imei, e.imei_lock, e.status, COALESCE(e.sim_id, 0),
e.service_profile_id, e.tariff_profile_id, e.ip_address, e.created, e.updated, e.version`

const endpointFrom = `FROM endpoints e LEFT JOIN sims s ON s.id = e.sim_id`

func scanEndpoint(r scanner) (store.Endpoint, error) {
	var e store.Endpoint
	var lock, st int
	var created, updated int64
	err := r.Scan(&e.ID, &e.OrgID, &e.Name, &e.Tags, &e.IMEI, &lock, &st, &e.SIMID,
		&e.ServiceProfileID, &e.TariffProfileID, &e.IPAddress, &created, &updated, &e.Version)
	e.IMEILock, e.Status = lock != 0, store.EndpointStatus(st)
	e.Created, e.Updated = fromMicros(created), fromMicros(updated)
	return e, err
}

// Endpoint returns one of org's endpoints.
func (s *DB) Endpoint(ctx context.Context, org, id int64) (store.Endpoint, error) {
	e, err := scanEndpoint(s.queryRow(ctx, "SELECT "+endpointColumns+" FROM endpoints e WHERE e.id = ? AND e.org_id = ?", id, org))
	return e, notFound(err, "endpoint", id)
}

// ListEndpoints returns a page of org's endpoints.
func (s *DB) ListEndpoints(ctx context.Context, org int64, q store.ListQuery) ([]store.Endpoint, int, error) {
	return list(ctx, s, endpointColumns, endpointFrom+" WHERE e.org_id = ?", []any{org}, EndpointFields, q, "e.id",
		func(r *sql.Rows) (store.Endpoint, error) { return scanEndpoint(r) })
}

// CreateEndpoints creates every endpoint in the actor's organisation, or
// none: the first refusal names the endpoint's position and field.
func (s *DB) CreateEndpoints(ctx context.Context, a store.Actor, es []store.Endpoint) ([]store.Endpoint, error) {
	if len(es) == 0 {
		return nil, store.Invalid("endpoints", "there is no endpoint to create")
	}
	if len(es) > MaxBulk {
		return nil, store.Invalid("endpoints", "%d endpoints in one call; the most is %d", len(es), MaxBulk)
	}
	in := make([]store.Endpoint, len(es))
	for i, e := range es {
		if err := checkEndpoint(&e); err != nil {
			return nil, nth(err, "endpoint", i, len(es))
		}
		in[i] = e
	}
	var out []store.Endpoint
	err := s.inTx(ctx, func(t *tx) error {
		out = make([]store.Endpoint, 0, len(in))
		refs := map[string]bool{}
		for i, e := range in {
			e, err := t.createEndpoint(ctx, a, e, refs)
			if err != nil {
				return nth(err, "endpoint", i, len(in))
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (t *tx) createEndpoint(ctx context.Context, a store.Actor, e store.Endpoint, refs map[string]bool) (store.Endpoint, error) {
	now := t.s.now()
	e.ID, e.OrgID, e.Created, e.Updated, e.Version = 0, a.OrgID, now, now, 1
	if err := t.checkProfiles(ctx, a.OrgID, e, refs); err != nil {
		return e, err
	}
	if err := t.checkIMEI(ctx, a.OrgID, 0, e.IMEI); err != nil {
		return e, err
	}
	var m store.SIM
	if e.SIMID != 0 {
		var err error
		if m, err = t.takeSIM(ctx, a.OrgID, e.SIMID, 0); err != nil {
			return e, err
		}
	}
	id, err := t.insert(ctx, `INSERT INTO endpoints (org_id, name, tags, imei, imei_lock, status, sim_id, service_profile_id, tariff_profile_id, ip_address, created, updated, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.OrgID, e.Name, e.Tags, e.IMEI, boolInt(e.IMEILock), int(e.Status), nullID(e.SIMID), e.ServiceProfileID, e.TariffProfileID,
		e.IPAddress, micros(now), micros(now), e.Version)
	if err != nil {
		return e, t.s.endpointUnique(err, e)
	}
	e.ID = id
	if _, err := t.event(ctx, endpointEvent(a, e, store.EventEndpointCreated, fmt.Sprintf("Endpoint %q created", e.Name))); err != nil {
		return e, err
	}
	if e.SIMID != 0 {
		if err := t.simMoved(ctx, a, e, m, store.EventSIMAssigned); err != nil {
			return e, err
		}
	}
	return e, t.audit(ctx, a, "endpoint.create", "endpoint", e.ID, nil, e)
}

// UpdateEndpoints applies us[i] to endpoint ids[i], every one or none.
func (s *DB) UpdateEndpoints(ctx context.Context, a store.Actor, ids []int64, us []store.EndpointUpdate) ([]store.Endpoint, error) {
	if len(ids) != len(us) {
		return nil, fmt.Errorf("update endpoints: %d ids for %d updates", len(ids), len(us))
	}
	if len(ids) == 0 {
		return nil, store.Invalid("endpoints", "there is no endpoint to update")
	}
	if len(ids) > MaxBulk {
		return nil, store.Invalid("endpoints", "%d endpoints in one call; the most is %d", len(ids), MaxBulk)
	}
	var out []store.Endpoint
	err := s.inTx(ctx, func(t *tx) error {
		out = make([]store.Endpoint, 0, len(ids))
		refs := map[string]bool{}
		for i, id := range ids {
			e, err := t.updateEndpoint(ctx, a, id, us[i], refs)
			if err != nil {
				return nth(err, "endpoint", i, len(ids))
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// apply is e changed by u.
func apply(e store.Endpoint, u store.EndpointUpdate) store.Endpoint {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&e.Name, u.Name)
	set(&e.Tags, u.Tags)
	set(&e.IMEI, u.IMEI)
	set(&e.IPAddress, u.IPAddress)
	if u.IMEILock != nil {
		e.IMEILock = *u.IMEILock
	}
	if u.Status != nil {
		e.Status = *u.Status
	}
	if u.SIMID != nil {
		e.SIMID = *u.SIMID
	}
	if u.ServiceProfileID != nil {
		e.ServiceProfileID = *u.ServiceProfileID
	}
	if u.TariffProfileID != nil {
		e.TariffProfileID = *u.TariffProfileID
	}
	return e
}

func (t *tx) updateEndpoint(ctx context.Context, a store.Actor, id int64, u store.EndpointUpdate, refs map[string]bool) (store.Endpoint, error) {
	before, err := t.lockEndpoint(ctx, a.OrgID, id)
	if err != nil {
		return before, err
	}
	e := apply(before, u)
	if err := checkEndpoint(&e); err != nil {
		return before, err
	}
	if e == before {
		return e, nil
	}
	if e.ServiceProfileID != before.ServiceProfileID || e.TariffProfileID != before.TariffProfileID {
		if err := t.checkProfiles(ctx, a.OrgID, e, refs); err != nil {
			return before, err
		}
	}
	if e.IMEI != before.IMEI {
		if err := t.checkIMEI(ctx, a.OrgID, e.ID, e.IMEI); err != nil {
			return before, err
		}
	}
	var released, taken store.SIM
	if e.SIMID != before.SIMID {
		if before.SIMID != 0 {
			if released, err = t.lockSIM(ctx, before.SIMID); err != nil {
				return before, err
			}
		}
		if e.SIMID != 0 {
			if taken, err = t.takeSIM(ctx, a.OrgID, e.SIMID, e.ID); err != nil {
				return before, err
			}
		}
	}
	now := t.s.now()
	res, err := t.exec(ctx, `UPDATE endpoints SET name = ?, tags = ?, imei = ?, imei_lock = ?, status = ?, sim_id = ?, service_profile_id = ?, tariff_profile_id = ?,
ip_address = ?, updated = ?, version = version + 1 WHERE id = ? AND version = ?`,
		e.Name, e.Tags, e.IMEI, boolInt(e.IMEILock), int(e.Status), nullID(e.SIMID), e.ServiceProfileID, e.TariffProfileID,
		e.IPAddress, micros(now), e.ID, before.Version)
	if err != nil {
		return before, t.s.endpointUnique(err, e)
	}
	if n, err := res.RowsAffected(); err != nil {
		return before, err
	} else if n != 1 {
		return before, store.Conflict("modified", "", "endpoint %d changed while it was being updated; read it again and retry", e.ID)
	}
	e.Updated, e.Version = now, before.Version+1
	if released.ID != 0 {
		if err := t.simMoved(ctx, a, before, released, store.EventSIMReleased); err != nil {
			return before, err
		}
	}
	if _, err := t.event(ctx, endpointEvent(a, e, store.EventEndpointUpdated, fmt.Sprintf("Endpoint %q updated", e.Name))); err != nil {
		return before, err
	}
	if taken.ID != 0 {
		if err := t.simMoved(ctx, a, e, taken, store.EventSIMAssigned); err != nil {
			return before, err
		}
	}
	return e, t.audit(ctx, a, "endpoint.update", "endpoint", e.ID, before, e)
}

// DeleteEndpoint deletes one of the actor's organisation's endpoints, with
// its quotas and blacklist. It refuses while a SIM is assigned.
func (s *DB) DeleteEndpoint(ctx context.Context, a store.Actor, id int64) error {
	return s.inTx(ctx, func(t *tx) error {
		e, err := t.lockEndpoint(ctx, a.OrgID, id)
		if err != nil {
			return err
		}
		if e.SIMID != 0 {
			return store.Conflict("sim_assigned", "sim", "endpoint %d has SIM %d assigned; release the SIM (set sim to null) before deleting the endpoint", id, e.SIMID)
		}
		// The event is written first: it finds the endpoint's webhook.
		if _, err := t.event(ctx, endpointEvent(a, e, store.EventEndpointDeleted, fmt.Sprintf("Endpoint %q deleted", e.Name))); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM quotas WHERE endpoint_id = ?`,
			`DELETE FROM blacklist WHERE endpoint_id = ?`,
			`DELETE FROM endpoints WHERE id = ?`,
		} {
			if _, err := t.exec(ctx, q, id); err != nil {
				return err
			}
		}
		after := e
		after.Status = store.EndpointDeleted
		return t.audit(ctx, a, "endpoint.delete", "endpoint", id, e, after)
	})
}

// lockEndpoint reads one of org's endpoints for a change.
func (t *tx) lockEndpoint(ctx context.Context, org, id int64) (store.Endpoint, error) {
	e, err := scanEndpoint(t.row(ctx, "SELECT "+endpointColumns+" FROM endpoints e WHERE e.id = ? AND e.org_id = ?"+t.s.forUpdate("e"), id, org))
	return e, notFound(err, "endpoint", id)
}

// checkProfiles refuses an endpoint whose profiles are not org's. ok
// remembers the profiles found, for bulk calls.
func (t *tx) checkProfiles(ctx context.Context, org int64, e store.Endpoint, ok map[string]bool) error {
	for _, p := range []struct {
		table, field, what string
		id                 int64
	}{
		{"service_profiles", "service_profile", "service profile", e.ServiceProfileID},
		{"tariff_profiles", "tariff_profile", "tariff profile", e.TariffProfileID},
	} {
		key := fmt.Sprintf("%s/%d", p.table, p.id)
		if ok[key] {
			continue
		}
		var n int
		if err := t.row(ctx, "SELECT COUNT(*) FROM "+p.table+" WHERE id = ? AND org_id = ?", p.id, org).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return store.Invalid(p.field, "%s %d does not exist", p.what, p.id)
		}
		ok[key] = true
	}
	return nil
}

// checkIMEI refuses an IMEI that another of org's endpoints has.
func (t *tx) checkIMEI(ctx context.Context, org, self int64, imei string) error {
	if imei == "" {
		return nil
	}
	var other int64
	err := t.row(ctx, `SELECT id FROM endpoints WHERE org_id = ? AND imei = ? AND id <> ? AND status <> ?`,
		org, imei, self, int(store.EndpointDeleted)).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return store.Conflict("duplicate", "imei", "the IMEI %s is already endpoint %d's", imei, other)
}

// endpointUnique turns a unique violation on writing e into a conflict.
func (s *DB) endpointUnique(err error, e store.Endpoint) error {
	name, ok := s.d.Unique(err)
	if !ok {
		return err
	}
	if strings.Contains(name, "sim_id") {
		return store.Conflict("sim_in_use", "sim", "the SIM %d is already assigned to another endpoint", e.SIMID)
	}
	if strings.Contains(name, "ip_address") {
		return store.Conflict("duplicate", "ip_address", "the IP address %s is already another endpoint's", e.IPAddress)
	}
	return store.Conflict("duplicate", "imei", "the IMEI %s is already another endpoint's", e.IMEI)
}

func endpointEvent(a store.Actor, e store.Endpoint, typ store.EventType, desc string) store.Event {
	return store.Event{
		OrgID: a.OrgID, Type: typ, Source: store.SourceAPI, Severity: store.SeverityInfo,
		EndpointID: e.ID, SIMID: e.SIMID, UserID: a.UserID, Description: desc,
	}
}
