package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cellgate/cellgate/internal/server/store"
)

func seedOperators(ctx context.Context, t *tx) error {
	for _, o := range store.KnownOperators {
		codes, _ := json.Marshal(o.MCCMNC)
		if _, err := t.exec(ctx, `INSERT INTO operators (id, name, country, mccmnc) VALUES (?, ?, ?, ?)`,
			o.ID, o.Name, o.Country, string(codes)); err != nil {
			return fmt.Errorf("seed operator %s: %w", o.Name, err)
		}
	}
	return nil
}

// Operators lists the known operators.
func (s *DB) Operators(ctx context.Context) ([]store.Operator, error) {
	return s.operators(ctx, `SELECT id, name, country, mccmnc FROM operators ORDER BY id`)
}

// operators runs a query for operator rows (id, name, country, mccmnc)
// and returns them, an empty list for none.
func (s *DB) operators(ctx context.Context, query string, args ...any) ([]store.Operator, error) {
	rows, err := s.queryRows(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Operator{}
	for rows.Next() {
		var o store.Operator
		var codes string
		if err := rows.Scan(&o.ID, &o.Name, &o.Country, &codes); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(codes), &o.MCCMNC); err != nil {
			return nil, fmt.Errorf("operator %d: %w", o.ID, err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
