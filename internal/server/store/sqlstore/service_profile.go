package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// ServiceProfileFields are what a service profile list may filter and
// sort on.
var ServiceProfileFields = store.Fields{
	{Name: "id", Column: "id", Number: true, Filter: true, Sort: true},
	{Name: "name", Column: "name", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "description", Column: "description", Match: store.MatchContains, Filter: true},
	{Name: "created", Column: "created", Sort: true},
	{Name: "last_updated", Column: "updated", Sort: true},
}

const serviceProfileColumns = `id, org_id, name, description, allowed_rats, sms_mo, sms_mt, data, dns, breakout_region, api_callback_id, created, updated`

func scanServiceProfile(r scanner) (store.ServiceProfile, error) {
	var p store.ServiceProfile
	var rats string
	var mo, mt, data int
	var created, updated int64
	if err := r.Scan(&p.ID, &p.OrgID, &p.Name, &p.Description, &rats, &mo, &mt, &data, &p.DNS, &p.BreakoutRegion, &p.APICallbackID, &created, &updated); err != nil {
		return p, err
	}
	p.SMSMO, p.SMSMT, p.Data = mo != 0, mt != 0, data != 0
	p.Created, p.Updated = fromMicros(created), fromMicros(updated)
	if err := json.Unmarshal([]byte(rats), &p.AllowedRATs); err != nil {
		return p, fmt.Errorf("service profile %d: allowed RATs: %w", p.ID, err)
	}
	return p, nil
}

// checkServiceProfile normalises p and refuses what the network cannot
// apply. The RATs come back in store.RATs' order, each once.
func checkServiceProfile(p *store.ServiceProfile) error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return store.Invalid("name", "a service profile needs a name")
	}
	seen := map[store.RAT]bool{}
	for _, r := range p.AllowedRATs {
		known := false
		for _, k := range store.RATs {
			known = known || k == r
		}
		if !known {
			return store.Invalid("allowed_rats", "%q is not a radio access technology; use 2G, 3G, 4G, NB-IoT or LTE-M", r)
		}
		seen[r] = true
	}
	p.AllowedRATs = []store.RAT{}
	for _, k := range store.RATs {
		if seen[k] {
			p.AllowedRATs = append(p.AllowedRATs, k)
		}
	}
	var dns []string
	for a := range strings.SplitSeq(p.DNS, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if _, err := netip.ParseAddr(a); err != nil {
			return store.Invalid("dns", "%q is not an IP address", a)
		}
		dns = append(dns, a)
	}
	p.DNS = strings.Join(dns, ",")
	if p.APICallbackID < 0 {
		return store.Invalid("api_callback", "%d is not a callback id", p.APICallbackID)
	}
	return nil
}

// checkCallback refuses a callback id that is not org's.
func (t *tx) checkCallback(ctx context.Context, org, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := t.row(ctx, `SELECT COUNT(*) FROM callbacks WHERE id = ? AND org_id = ?`, id, org).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return store.Invalid("api_callback", "callback %d does not exist", id)
	}
	return nil
}

// CreateServiceProfile creates a service profile in the actor's
// organisation.
func (s *DB) CreateServiceProfile(ctx context.Context, a store.Actor, p store.ServiceProfile) (store.ServiceProfile, error) {
	if err := checkServiceProfile(&p); err != nil {
		return p, err
	}
	p.ID, p.OrgID = 0, a.OrgID
	p.Created, p.Updated = s.now(), s.now()
	rats, _ := json.Marshal(p.AllowedRATs)
	err := s.inTx(ctx, func(t *tx) error {
		if err := t.checkCallback(ctx, a.OrgID, p.APICallbackID); err != nil {
			return err
		}
		id, err := t.insert(ctx, `INSERT INTO service_profiles (org_id, name, description, allowed_rats, sms_mo, sms_mt, data, dns, breakout_region, api_callback_id, created, updated)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.OrgID, p.Name, p.Description, string(rats), boolInt(p.SMSMO), boolInt(p.SMSMT), boolInt(p.Data), p.DNS, p.BreakoutRegion,
			p.APICallbackID, micros(p.Created), micros(p.Updated))
		if err != nil {
			return s.unique(err, "name", fmt.Sprintf("the service profile name %q", p.Name))
		}
		p.ID = id
		return t.audit(ctx, a, "service_profile.create", "service_profile", id, nil, p)
	})
	return p, err
}

// ServiceProfile returns one of org's service profiles.
func (s *DB) ServiceProfile(ctx context.Context, org, id int64) (store.ServiceProfile, error) {
	p, err := scanServiceProfile(s.queryRow(ctx, `SELECT `+serviceProfileColumns+` FROM service_profiles WHERE id = ? AND org_id = ?`, id, org))
	return p, notFound(err, "service profile", id)
}

// ListServiceProfiles returns a page of org's service profiles.
func (s *DB) ListServiceProfiles(ctx context.Context, org int64, q store.ListQuery) ([]store.ServiceProfile, int, error) {
	return list(ctx, s, serviceProfileColumns, "FROM service_profiles WHERE org_id = ?", []any{org}, ServiceProfileFields, q, "id",
		func(r *sql.Rows) (store.ServiceProfile, error) { return scanServiceProfile(r) })
}

// UpdateServiceProfile replaces one of the actor's organisation's service
// profiles (all fields but the id, organisation and creation time).
func (s *DB) UpdateServiceProfile(ctx context.Context, a store.Actor, p store.ServiceProfile) (store.ServiceProfile, error) {
	if err := checkServiceProfile(&p); err != nil {
		return p, err
	}
	rats, _ := json.Marshal(p.AllowedRATs)
	in := p
	err := s.inTx(ctx, func(t *tx) error {
		p = in
		before, err := scanServiceProfile(t.row(ctx, `SELECT `+serviceProfileColumns+` FROM service_profiles WHERE id = ? AND org_id = ?`+s.d.ForUpdate, p.ID, a.OrgID))
		if err != nil {
			return notFound(err, "service profile", p.ID)
		}
		if err := t.checkCallback(ctx, a.OrgID, p.APICallbackID); err != nil {
			return err
		}
		p.OrgID, p.Created, p.Updated = before.OrgID, before.Created, s.now()
		if _, err := t.exec(ctx, `UPDATE service_profiles SET name = ?, description = ?, allowed_rats = ?, sms_mo = ?, sms_mt = ?, data = ?, dns = ?,
breakout_region = ?, api_callback_id = ?, updated = ? WHERE id = ?`,
			p.Name, p.Description, string(rats), boolInt(p.SMSMO), boolInt(p.SMSMT), boolInt(p.Data), p.DNS,
			p.BreakoutRegion, p.APICallbackID, micros(p.Updated), p.ID); err != nil {
			return s.unique(err, "name", fmt.Sprintf("the service profile name %q", p.Name))
		}
		return t.audit(ctx, a, "service_profile.update", "service_profile", p.ID, before, p)
	})
	return p, err
}

// DeleteServiceProfile deletes one of the actor's organisation's service
// profiles that no endpoint uses.
func (s *DB) DeleteServiceProfile(ctx context.Context, a store.Actor, id int64) error {
	return s.inTx(ctx, func(t *tx) error {
		before, err := scanServiceProfile(t.row(ctx, `SELECT `+serviceProfileColumns+` FROM service_profiles WHERE id = ? AND org_id = ?`+s.d.ForUpdate, id, a.OrgID))
		if err != nil {
			return notFound(err, "service profile", id)
		}
		if err := t.unused(ctx, "service_profile_id", "service profile", id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM service_profiles WHERE id = ?`, id); err != nil {
			return err
		}
		return t.audit(ctx, a, "service_profile.delete", "service_profile", id, before, nil)
	})
}

// unused refuses to delete a profile an endpoint refers to by column.
func (t *tx) unused(ctx context.Context, column, what string, id int64) error {
	var n int
	var first int64
	if err := t.row(ctx, "SELECT COUNT(*), COALESCE(MIN(id), 0) FROM endpoints WHERE "+column+" = ?", id).Scan(&n, &first); err != nil {
		return err
	}
	if n > 0 {
		return store.Conflict("in_use", "", "%s %d is used by %d endpoint(s), endpoint %d among them; move them to another profile first", what, id, n, first)
	}
	return nil
}
