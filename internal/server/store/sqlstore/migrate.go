package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// migration is one schema step, from a file named NNN_what.sql.
type migration struct {
	version int
	name    string
	sql     string
}

func (s *DB) migrations() ([]migration, error) {
	entries, err := fs.ReadDir(s.d.Migrations, ".")
	if err != nil {
		return nil, fmt.Errorf("%s migrations: %w", s.d.Name, err)
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("%s migration %s: the name must start with a number and _", s.d.Name, e.Name())
		}
		data, err := fs.ReadFile(s.d.Migrations, e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("%s migration %s: expected version %d", s.d.Name, m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the newest schema this program knows.
func (s *DB) SchemaVersion() (int, error) {
	ms, err := s.migrations()
	return len(ms), err
}

// migrate applies the migrations the database lacks, all in one
// transaction, and refuses a database newer than this program.
func (s *DB) migrate(ctx context.Context) error {
	ms, err := s.migrations()
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if s.d.Lock != "" {
			if _, err := t.exec(ctx, s.d.Lock); err != nil {
				return fmt.Errorf("lock the schema: %w", err)
			}
		}
		if _, err := t.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name    TEXT NOT NULL,
	applied BIGINT NOT NULL
)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		var have int
		if err := t.row(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
			return fmt.Errorf("read the schema version: %w", err)
		}
		if have > len(ms) {
			return fmt.Errorf("the database's schema is version %d, newer than this cellgate-server knows (%d): run a newer cellgate-server", have, len(ms))
		}
		for _, m := range ms[have:] {
			if _, err := t.exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := t.exec(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`,
				m.version, m.name, micros(s.now())); err != nil {
				return fmt.Errorf("record migration %s: %w", m.name, err)
			}
			if m.version == 1 {
				if err := seedOperators(ctx, t); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
