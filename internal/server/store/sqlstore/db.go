package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
)

// Dialect is what differs between the databases.
type Dialect struct {
	Name string
	// Numbered says placeholders are $1, $2, ... rather than ?.
	Numbered bool
	// ForUpdate is appended to a SELECT that reads a row it will change
	// (" FOR UPDATE" in PostgreSQL; SQLite locks the database instead).
	ForUpdate string
	// SkipLocked follows ForUpdate where rows another transaction holds
	// should be passed over (" SKIP LOCKED" in PostgreSQL).
	SkipLocked string
	// Unique reports whether err is a unique-constraint violation and, if
	// it can tell, the constraint's name or columns.
	Unique func(err error) (string, bool)
	// Retry reports whether a transaction that failed with err may be run
	// again (serialization failures, deadlocks, a busy database).
	Retry func(err error) bool
	// Migrations holds NNN_name.sql files, applied in order.
	Migrations fs.FS
	// Lock, if set, runs at the start of the migration transaction to keep
	// other processes from migrating at the same time.
	Lock string
}

// DB is a store.Store over one database.
type DB struct {
	db  *sql.DB
	d   Dialect
	now func() time.Time
}

var _ store.Store = (*DB)(nil)

// Open migrates db to the newest schema and returns the store. It refuses
// a database whose schema is newer than this program knows.
func Open(ctx context.Context, db *sql.DB, d Dialect) (*DB, error) {
	s := &DB{db: db, d: d}
	s.SetClock(time.Now)
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// SetClock replaces the clock, for tests. Times are kept to the
// microsecond, as stored, so that what a write returns equals what a read
// returns.
func (s *DB) SetClock(now func() time.Time) {
	s.now = func() time.Time { return now().UTC().Truncate(time.Microsecond) }
}

// SQL returns the underlying database, for benchmarks and EXPLAIN.
func (s *DB) SQL() *sql.DB { return s.db }

// Dialect returns the store's dialect.
func (s *DB) Dialect() Dialect { return s.d }

// Ping checks that the database answers.
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

// q rewrites ? placeholders for the dialect. Queries hold no ? in strings.
func (s *DB) q(query string) string {
	if !s.d.Numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// tx is a transaction with the dialect's placeholders.
type tx struct {
	s  *DB
	tx *sql.Tx
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.s.q(query), args...)
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.s.q(query), args...)
}

func (t *tx) row(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.s.q(query), args...)
}

// insert runs an INSERT and returns the new row's id.
func (t *tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := t.row(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// inTx runs f in a transaction, committing if it returns nil, and runs it
// again (a few times) when the database says the conflict was transient.
func (s *DB) inTx(ctx context.Context, f func(*tx) error) error {
	var err error
	for attempt := range 8 {
		if attempt > 0 {
			// A short pause lets the other transaction finish.
			t := time.NewTimer(time.Duration(attempt*attempt) * 5 * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		err = s.once(ctx, f)
		if err == nil || s.d.Retry == nil || !s.d.Retry(err) {
			return err
		}
	}
	return err
}

func (s *DB) once(ctx context.Context, f func(*tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &tx{s: s, tx: sqlTx}
	if err := f(t); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

func (s *DB) queryRows(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, s.q(query), args...)
}

func (s *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.q(query), args...)
}

// unique turns a unique violation into a conflict naming field and value.
func (s *DB) unique(err error, field, what string) error {
	if err == nil {
		return nil
	}
	if _, ok := s.d.Unique(err); ok {
		return store.Conflict("duplicate", field, "%s is already in use", what)
	}
	return err
}

// notFound maps sql.ErrNoRows to a not-found error.
func notFound(err error, what string, id any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.NotFound(what, id)
	}
	return err
}

// micros is a time as stored: Unix microseconds, 0 for the zero time.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros is the time a stored value means.
func fromMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	if _, ok := store.AsError(err); ok {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}
