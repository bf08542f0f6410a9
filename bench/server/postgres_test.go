package server

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store/postgres"
	"github.com/cellgate/cellgate/internal/server/store/postgres/pgtest"
	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
)

// openPostgres opens a fresh, migrated PostgreSQL store (a database of
// its own on the server pgtest names), or says why there is none: the
// PostgreSQL rows are skipped then. With process set, the database lives
// until the process ends rather than until tb does, so that benchmarks
// share one seeding.
func openPostgres(tb testing.TB, process bool) (*sqlstore.DB, string) {
	tb.Helper()
	var url string
	if process {
		p := &processTB{TB: tb}
		done := make(chan struct{})
		go func() {
			defer close(done)
			url = pgtest.URL(p)
		}()
		<-done
		if p.fatal != "" {
			tb.Fatalf("postgres: %s", p.fatal)
		}
		if p.skipped != "" {
			return nil, p.skipped
		}
	} else {
		url = pgtest.URL(tb) // skips tb when there is no server
	}
	st, err := postgres.Open(context.Background(), url, 8)
	if err != nil {
		tb.Fatal(err)
	}
	return st, ""
}

// processTB is a testing.TB for a database that lives as long as the
// process: its cleanups run at exit, and a skip or a failure ends only
// the goroutine it runs in and is recorded for the caller.
type processTB struct {
	testing.TB
	skipped, fatal string
}

func (p *processTB) Helper()                           {}
func (p *processTB) Cleanup(f func())                  { atExit(f) }
func (p *processTB) Skip(args ...any)                  { p.skipped = fmt.Sprint(args...); runtime.Goexit() }
func (p *processTB) Skipf(format string, args ...any)  { p.Skip(fmt.Sprintf(format, args...)) }
func (p *processTB) SkipNow()                          { p.Skip("skipped") }
func (p *processTB) Fatal(args ...any)                 { p.fatal = fmt.Sprint(args...); runtime.Goexit() }
func (p *processTB) Fatalf(format string, args ...any) { p.Fatal(fmt.Sprintf(format, args...)) }
func (p *processTB) FailNow()                          { p.Fatal("failed") }
func (p *processTB) Error(args ...any)                 { fmt.Fprintln(os.Stderr, args...) }
func (p *processTB) Errorf(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
func (p *processTB) Log(args ...any)                   {}
func (p *processTB) Logf(format string, args ...any)   {}
