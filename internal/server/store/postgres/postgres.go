// Package postgres opens the platform's shared store: a PostgreSQL
// database reached through pgx's database/sql driver, so that several
// cellgate-server replicas can serve the same inventory. The SQL itself
// is sqlstore's; this package gives it PostgreSQL's dialect, schema and
// connection pool.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock that the migration transaction
// holds, so that replicas starting at once migrate one after the other.
// Its value spells "cellgate".
const migrationLock = 7162249995249349733

// DefaultMaxConns is the pool size when Open is given none.
const DefaultMaxConns = 10

// Dialect is PostgreSQL's.
func Dialect() sqlstore.Dialect {
	sub, _ := fs.Sub(migrations, "migrations")
	return sqlstore.Dialect{
		Name:       "postgres",
		Numbered:   true,
		ForUpdate:  " FOR UPDATE",
		SkipLocked: " SKIP LOCKED",
		Migrations: sub,
		Lock:       fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", int64(migrationLock)),
		Unique: func(err error) (string, bool) {
			if e, ok := pgError(err); ok && e.Code == "23505" {
				return e.ConstraintName, true
			}
			return "", false
		},
		Retry: func(err error) bool {
			e, ok := pgError(err)
			// 40001 serialization failure, 40P01 deadlock; and 23503, a
			// row referred to went away under a concurrent transaction
			// (a profile deleted while an endpoint is created with it):
			// run again, the transaction sees the row gone and refuses
			// with the store's own error.
			return ok && (e.Code == "40001" || e.Code == "40P01" || e.Code == "23503")
		},
	}
}

func pgError(err error) (*pgconn.PgError, bool) {
	var e *pgconn.PgError
	ok := errors.As(err, &e)
	return e, ok
}

// Open connects to the database at connURL (postgres://user:password@host:port/db?...),
// keeps at most maxConns connections to it (DefaultMaxConns if
// maxConns <= 0) and brings its schema up to date. Errors name the
// database without its password.
func Open(ctx context.Context, connURL string, maxConns int) (*sqlstore.DB, error) {
	where := Redact(connURL)
	cfg, err := pgx.ParseConfig(connURL)
	if err != nil {
		// pgx's own message may quote the URL; say only what is wrong.
		return nil, fmt.Errorf("postgres %s: the URL is not usable: %w", where, redactErr(err, connURL))
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "cellgate-server"
	}
	if maxConns <= 0 {
		maxConns = DefaultMaxConns
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(30 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres %s: connect: %w", where, redactErr(err, connURL))
	}
	s, err := sqlstore.Open(ctx, db, Dialect())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres %s: %w", where, redactErr(err, connURL))
	}
	return s, nil
}

// Redact is connURL as errors and logs may show it: without its password.
// A connection string that is not a URL is shown as its host alone, or
// not at all.
func Redact(connURL string) string {
	u, err := url.Parse(connURL)
	if err != nil || u.Scheme == "" {
		return "(connection string)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactErr keeps err's chain but replaces any copy of the password in
// its text.
func redactErr(err error, connURL string) error {
	pw := password(connURL)
	if err == nil || pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return &redacted{err: err, msg: strings.ReplaceAll(err.Error(), pw, "xxxxx")}
}

type redacted struct {
	err error
	msg string
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// password is the password connURL carries, if any.
func password(connURL string) string {
	u, err := url.Parse(connURL)
	if err != nil {
		return ""
	}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			return pw
		}
	}
	return u.Query().Get("password")
}
