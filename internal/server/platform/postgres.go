package platform

import (
	"context"
	"errors"

	"github.com/cellgate/cellgate/internal/server/config"
	"github.com/cellgate/cellgate/internal/server/store"
)

func openPostgres(ctx context.Context, db config.Database) (store.Store, error) {
	return nil, errors.New("database.driver: postgres is not built in yet")
}
