package platform

import (
	"context"
	"fmt"

	"github.com/cellgate/cellgate/internal/server/config"
	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/postgres"
)

// openPostgres opens the shared PostgreSQL database; its errors never
// show the connection string's password.
func openPostgres(ctx context.Context, db config.Database) (store.Store, error) {
	s, err := postgres.Open(ctx, db.URL.Reveal(), db.MaxConns)
	if err != nil {
		return nil, fmt.Errorf("database.url: %w", err)
	}
	return s, nil
}
