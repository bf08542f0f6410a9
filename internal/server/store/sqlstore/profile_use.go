package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// ProfileUse counts the endpoints that use each of the given profiles, in
// one query for a whole page of profiles.
func (s *DB) ProfileUse(ctx context.Context, org int64, kind string, ids []int64) (map[int64]int, error) {
	var column string
	switch kind {
	case "service_profile":
		column = "service_profile_id"
	case "tariff_profile":
		column = "tariff_profile_id"
	default:
		return nil, store.Invalid("kind", "%q is not service_profile or tariff_profile", kind)
	}
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, org)
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.queryRows(ctx, `SELECT `+column+`, COUNT(*) FROM endpoints WHERE org_id = ? AND `+column+
		` IN (?`+strings.Repeat(", ?", len(ids)-1)+`) GROUP BY `+column, args...)
	if err != nil {
		return nil, fmt.Errorf("count the endpoints of %d profiles: %w", len(ids), err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
