package api_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/sqlite"
)

// openStore opens a fresh, empty store for one test and closes it when
// the test ends. The integration build runs every test a second time with
// openStore giving a PostgreSQL database (main_integration_test.go).
var openStore = func(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
