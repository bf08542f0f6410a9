//go:build integration

package api_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/postgres"
	"github.com/cellgate/cellgate/internal/server/store/postgres/pgtest"
)

// The integration build runs the API tests on SQLite and then again on
// PostgreSQL, so that both stores answer every call the same.
func init() {
	againOnPostgres = func(m *testing.M) int {
		fmt.Println("the API tests again, on PostgreSQL")
		openStore = func(t *testing.T) store.Store {
			t.Helper()
			st, err := postgres.Open(context.Background(), pgtest.URL(t), 4)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}
		return m.Run()
	}
}
