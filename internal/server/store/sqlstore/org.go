package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// CreateOrg creates an organisation.
func (s *DB) CreateOrg(ctx context.Context, a store.Actor, name string) (store.Org, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return store.Org{}, store.Invalid("name", "an organisation needs a name")
	}
	o := store.Org{Name: name, Created: s.now()}
	err := s.inTx(ctx, func(t *tx) error {
		id, err := t.insert(ctx, `INSERT INTO orgs (name, created) VALUES (?, ?)`, o.Name, micros(o.Created))
		if err != nil {
			return s.unique(err, "name", fmt.Sprintf("the organisation name %q", name))
		}
		o.ID = id
		a.OrgID = id
		return t.audit(ctx, a, "organisation.create", "organisation", id, nil, o)
	})
	return o, err
}

// Org returns an organisation.
func (s *DB) Org(ctx context.Context, id int64) (store.Org, error) {
	var o store.Org
	var created int64
	err := s.queryRow(ctx, `SELECT id, name, created FROM orgs WHERE id = ?`, id).Scan(&o.ID, &o.Name, &created)
	o.Created = fromMicros(created)
	return o, notFound(err, "organisation", id)
}

// OrgByName returns the organisation called name.
func (s *DB) OrgByName(ctx context.Context, name string) (store.Org, error) {
	var o store.Org
	var created int64
	err := s.queryRow(ctx, `SELECT id, name, created FROM orgs WHERE name = ?`, strings.TrimSpace(name)).Scan(&o.ID, &o.Name, &created)
	o.Created = fromMicros(created)
	return o, notFound(err, "organisation", name)
}
