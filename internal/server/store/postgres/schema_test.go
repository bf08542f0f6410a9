//go:build integration

package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/postgres"
	"github.com/cellgate/cellgate/internal/server/store/postgres/pgtest"
	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
)

// checkSchema says that s's database holds each migration once and the
// operators seeded once.
func checkSchema(t *testing.T, s *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	want, err := s.SchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	var n, distinct, max int
	if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT version), COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&n, &distinct, &max); err != nil {
		t.Fatal(err)
	}
	if n != want || distinct != want || max != want {
		t.Errorf("schema_migrations holds %d rows, %d versions, the newest %d; want %d of each", n, distinct, max, want)
	}
	ops, err := s.Operators(ctx)
	if err != nil || len(ops) != len(store.KnownOperators) {
		t.Errorf("operators: %d, %v; want them seeded once (%d)", len(ops), err, len(store.KnownOperators))
	}
}

func TestMigrationsAreIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.URL(t)
	s := open(t, url)
	o, err := s.CreateOrg(ctx, store.Actor{Name: "test"}, "kept")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for range 2 {
		s = open(t, url)
		checkSchema(t, s)
		if got, err := s.Org(ctx, o.ID); err != nil || got.Name != "kept" {
			t.Fatalf("Org after reopening = %+v, %v", got, err)
		}
		s.Close()
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.URL(t)
	s := open(t, url)
	if _, err := s.SQL().ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (99, '099_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := postgres.Open(ctx, url, 2)
	if err == nil {
		s.Close()
		t.Fatal("opened a database with schema version 99")
	}
	if !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), "99") {
		t.Fatalf("error %q does not say the schema (99) is newer", err)
	}
}

// Replicas that start at once migrate one after the other: neither fails
// and the schema is there once.
func TestConcurrentMigration(t *testing.T) {
	t.Parallel()
	for range 3 {
		url := pgtest.URL(t)
		start := make(chan struct{})
		var wg sync.WaitGroup
		dbs := make([]*sqlstore.DB, 3)
		errs := make([]error, len(dbs))
		for i := range dbs {
			wg.Go(func() {
				<-start
				dbs[i], errs[i] = postgres.Open(context.Background(), url, 2)
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("replica %d: %v", i, err)
			}
			t.Cleanup(func() { dbs[i].Close() })
		}
		checkSchema(t, dbs[0])
	}
}

func TestAuditIsAppendOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t, pgtest.URL(t))
	if _, err := s.CreateOrg(ctx, store.Actor{Name: "test"}, "audited"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE audit SET actor = 'someone else'`, `DELETE FROM audit`, `TRUNCATE audit`} {
		_, err := s.SQL().ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want a refusal", q, err)
		}
	}
	var n int
	if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit WHERE actor = 'test'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("audit rows by the original actor = %d, %v; want 1", n, err)
	}
}

// A refused connection's error names the server but not the password.
func TestErrorsHideThePassword(t *testing.T) {
	t.Parallel()
	const pw = "s3cret-pw"
	for _, url := range []string{
		"postgres://cellgate:" + pw + "@127.0.0.1:1/cellgate?sslmode=disable&connect_timeout=2",
		"postgres://cellgate@127.0.0.1:1/cellgate?sslmode=disable&connect_timeout=2&password=" + pw,
		"postgres://cellgate:" + pw + "@127.0.0.1:1/cellgate?sslmode=bogus",
	} {
		s, err := postgres.Open(context.Background(), url, 1)
		if err == nil {
			s.Close()
			t.Fatalf("opened %s", postgres.Redact(url))
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("error %q shows the password", err)
		}
		if !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("error %q does not name the server", err)
		}
	}
}
