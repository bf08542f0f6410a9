package server

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store/sqlite"
)

// benchSIMs is how many SIMs the benchmarks' organisation has.
const benchSIMs = 100_000

// cleanups run when the process's tests and benchmarks are done: the
// seeded databases outlive any one benchmark.
var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

func atExit(f func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanups = append(cleanups, f)
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// benchFleets are the seeded databases, each seeded once per process.
var benchFleets struct {
	sync.Mutex
	sqlite, postgres *fleet
	pgSkip           string
}

// sqliteFleet is the SQLite database of benchSIMs SIMs, seeded on first use.
func sqliteFleet(b *testing.B) *fleet {
	benchFleets.Lock()
	defer benchFleets.Unlock()
	if benchFleets.sqlite != nil {
		return benchFleets.sqlite
	}
	dir, err := os.MkdirTemp("", "cellgate-bench-")
	if err != nil {
		b.Fatal(err)
	}
	atExit(func() { os.RemoveAll(dir) })
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	atExit(func() { st.Close() })
	f := seed(b, "sqlite", st, benchSIMs)
	f.serve(b)
	benchFleets.sqlite = f
	return f
}

// postgresFleet is the PostgreSQL database of benchSIMs SIMs, seeded on
// first use, or nil when there is no PostgreSQL to run on.
func postgresFleet(b *testing.B) *fleet {
	benchFleets.Lock()
	defer benchFleets.Unlock()
	if benchFleets.postgres != nil || benchFleets.pgSkip != "" {
		return benchFleets.postgres
	}
	st, skip := openPostgres(b, true)
	if st == nil {
		benchFleets.pgSkip = skip
		b.Logf("no PostgreSQL rows: %s", skip)
		return nil
	}
	atExit(func() { st.Close() })
	f := seed(b, "postgres", st, benchSIMs)
	// As autovacuum would leave the table: with statistics, and with the
	// visibility map that lets a COUNT read the index alone.
	if _, err := st.SQL().Exec("VACUUM ANALYZE sims"); err != nil {
		b.Fatalf("postgres VACUUM ANALYZE: %v", err)
	}
	f.serve(b)
	benchFleets.postgres = f
	return f
}

// fleets are the databases to measure: SQLite, and PostgreSQL when one
// answers.
func fleets(b *testing.B) []*fleet {
	out := []*fleet{sqliteFleet(b)}
	if pg := postgresFleet(b); pg != nil {
		out = append(out, pg)
	}
	return out
}
