//go:build integration

package postgres_test

import (
	"context"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/postgres"
	"github.com/cellgate/cellgate/internal/server/store/postgres/pgtest"
	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
	"github.com/cellgate/cellgate/internal/server/store/storetest"
)

// open opens a store on a fresh database that t's cleanup closes.
func open(t testing.TB, url string) *sqlstore.DB {
	t.Helper()
	s, err := postgres.Open(context.Background(), url, 8)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, pgtest.URL(t)) })
}
