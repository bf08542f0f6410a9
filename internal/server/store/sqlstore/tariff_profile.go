package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// TariffProfileFields are what a tariff profile list may filter and sort
// on.
var TariffProfileFields = store.Fields{
	{Name: "id", Column: "id", Number: true, Filter: true, Sort: true},
	{Name: "name", Column: "name", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "description", Column: "description", Match: store.MatchContains, Filter: true},
	{Name: "created", Column: "created", Sort: true},
	{Name: "last_updated", Column: "updated", Sort: true},
}

const tariffProfileColumns = `id, org_id, name, description, allowed_countries, allowed_operators, rate_zones, created, updated`

func scanTariffProfile(r scanner) (store.TariffProfile, error) {
	var p store.TariffProfile
	var countries, operators, zones string
	var created, updated int64
	if err := r.Scan(&p.ID, &p.OrgID, &p.Name, &p.Description, &countries, &operators, &zones, &created, &updated); err != nil {
		return p, err
	}
	p.Created, p.Updated = fromMicros(created), fromMicros(updated)
	if zones != "null" && zones != "" {
		p.RateZones = json.RawMessage(zones)
	}
	if err := json.Unmarshal([]byte(countries), &p.AllowedCountries); err != nil {
		return p, fmt.Errorf("tariff profile %d: allowed countries: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(operators), &p.AllowedOperators); err != nil {
		return p, fmt.Errorf("tariff profile %d: allowed operators: %w", p.ID, err)
	}
	return p, nil
}

// checkTariffProfile normalises p's own fields and refuses bad ones; the
// operators are checked against the database later.
func checkTariffProfile(p *store.TariffProfile) error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return store.Invalid("name", "a tariff profile needs a name")
	}
	countries := []string{}
	seen := map[string]bool{}
	for _, c := range p.AllowedCountries {
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			return store.Invalid("allowed_countries", "%q is not an ISO 3166 country code: it takes two upper-case letters, such as DE", c)
		}
		if !seen[c] {
			seen[c] = true
			countries = append(countries, c)
		}
	}
	p.AllowedCountries = countries
	ops := []int64{}
	seenOp := map[int64]bool{}
	for _, o := range p.AllowedOperators {
		if !seenOp[o] {
			seenOp[o] = true
			ops = append(ops, o)
		}
	}
	p.AllowedOperators = ops
	if len(p.RateZones) > 0 && !json.Valid(p.RateZones) {
		return store.Invalid("ratezone", "the rate zones are not JSON")
	}
	return nil
}

// checkOperators refuses operator ids that do not exist.
func (t *tx) checkOperators(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		var n int
		if err := t.row(ctx, `SELECT COUNT(*) FROM operators WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return store.Invalid("allowed_operators", "operator %d does not exist", id)
		}
	}
	return nil
}

func tariffJSON(p store.TariffProfile) (countries, operators, zones string) {
	c, _ := json.Marshal(p.AllowedCountries)
	o, _ := json.Marshal(p.AllowedOperators)
	zones = string(p.RateZones)
	if zones == "" {
		zones = "null"
	}
	return string(c), string(o), zones
}

// CreateTariffProfile creates a tariff profile in the actor's
// organisation.
func (s *DB) CreateTariffProfile(ctx context.Context, a store.Actor, p store.TariffProfile) (store.TariffProfile, error) {
	if err := checkTariffProfile(&p); err != nil {
		return p, err
	}
	p.ID, p.OrgID = 0, a.OrgID
	p.Created, p.Updated = s.now(), s.now()
	countries, operators, zones := tariffJSON(p)
	err := s.inTx(ctx, func(t *tx) error {
		if err := t.checkOperators(ctx, p.AllowedOperators); err != nil {
			return err
		}
		id, err := t.insert(ctx, `INSERT INTO tariff_profiles (org_id, name, description, allowed_countries, allowed_operators, rate_zones, created, updated)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			p.OrgID, p.Name, p.Description, countries, operators, zones, micros(p.Created), micros(p.Updated))
		if err != nil {
			return s.unique(err, "name", fmt.Sprintf("the tariff profile name %q", p.Name))
		}
		p.ID = id
		return t.audit(ctx, a, "tariff_profile.create", "tariff_profile", id, nil, p)
	})
	return p, err
}

// TariffProfile returns one of org's tariff profiles.
func (s *DB) TariffProfile(ctx context.Context, org, id int64) (store.TariffProfile, error) {
	p, err := scanTariffProfile(s.queryRow(ctx, `SELECT `+tariffProfileColumns+` FROM tariff_profiles WHERE id = ? AND org_id = ?`, id, org))
	return p, notFound(err, "tariff profile", id)
}

// ListTariffProfiles returns a page of org's tariff profiles.
func (s *DB) ListTariffProfiles(ctx context.Context, org int64, q store.ListQuery) ([]store.TariffProfile, int, error) {
	return list(ctx, s, tariffProfileColumns, "FROM tariff_profiles WHERE org_id = ?", []any{org}, TariffProfileFields, q, "id",
		func(r *sql.Rows) (store.TariffProfile, error) { return scanTariffProfile(r) })
}

// UpdateTariffProfile replaces one of the actor's organisation's tariff
// profiles (all fields but the id, organisation and creation time).
func (s *DB) UpdateTariffProfile(ctx context.Context, a store.Actor, p store.TariffProfile) (store.TariffProfile, error) {
	if err := checkTariffProfile(&p); err != nil {
		return p, err
	}
	countries, operators, zones := tariffJSON(p)
	in := p
	err := s.inTx(ctx, func(t *tx) error {
		p = in
		before, err := scanTariffProfile(t.row(ctx, `SELECT `+tariffProfileColumns+` FROM tariff_profiles WHERE id = ? AND org_id = ?`+s.d.ForUpdate, p.ID, a.OrgID))
		if err != nil {
			return notFound(err, "tariff profile", p.ID)
		}
		if err := t.checkOperators(ctx, p.AllowedOperators); err != nil {
			return err
		}
		p.OrgID, p.Created, p.Updated = before.OrgID, before.Created, s.now()
		if _, err := t.exec(ctx, `UPDATE tariff_profiles SET name = ?, description = ?, allowed_countries = ?, allowed_operators = ?, rate_zones = ?, updated = ? WHERE id = ?`,
			p.Name, p.Description, countries, operators, zones, micros(p.Updated), p.ID); err != nil {
			return s.unique(err, "name", fmt.Sprintf("the tariff profile name %q", p.Name))
		}
		return t.audit(ctx, a, "tariff_profile.update", "tariff_profile", p.ID, before, p)
	})
	return p, err
}

// DeleteTariffProfile deletes one of the actor's organisation's tariff
// profiles that no endpoint uses.
func (s *DB) DeleteTariffProfile(ctx context.Context, a store.Actor, id int64) error {
	return s.inTx(ctx, func(t *tx) error {
		before, err := scanTariffProfile(t.row(ctx, `SELECT `+tariffProfileColumns+` FROM tariff_profiles WHERE id = ? AND org_id = ?`+s.d.ForUpdate, id, a.OrgID))
		if err != nil {
			return notFound(err, "tariff profile", id)
		}
		if err := t.unused(ctx, "tariff_profile_id", "tariff profile", id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM tariff_profiles WHERE id = ?`, id); err != nil {
			return err
		}
		return t.audit(ctx, a, "tariff_profile.delete", "tariff_profile", id, before, nil)
	})
}
