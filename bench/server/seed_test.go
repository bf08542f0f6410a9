package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/sealbox"
	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
)

// batchSize is the number of SIMs in one seeded or registered batch.
const batchSize = 10_000

// fleet is a store seeded with an organisation's SIMs, and the API over it.
type fleet struct {
	name  string // the database: sqlite or postgres
	st    *sqlstore.DB
	admin api.Credentials
	api   api.Options
	sims  int // how many SIMs the organisation has

	srv    *httptest.Server
	client *client // signed in as admin
}

// serial keeps organisation names unique within a process, and the
// ICCIDs and BICs of the batches registered after seeding unique: they
// start after every seeded SIM.
var serial atomic.Int64

func init() { serial.Store(10 * benchSIMs) }

// seed fills st with an organisation, its admin and n SIMs (a multiple of
// batchSize) in registered batches: 80% Activated, 10% Suspended, 10% in
// Factory Test. The SIMs go in with one INSERT ... SELECT per batch rather
// than through the store, which inserts a row at a time; the rows are what
// ImportBatch and RegisterBatch would leave, less the events.
func seed(tb testing.TB, name string, st *sqlstore.DB, n int) *fleet {
	tb.Helper()
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	box, err := sealbox.New(key)
	if err != nil {
		tb.Fatal(err)
	}
	f := &fleet{name: name, st: st, sims: n}
	f.api = api.Options{
		Store:   st,
		Signer:  auth.Signer{Key: key, TTL: time.Hour},
		Box:     box,
		Lockout: &auth.Lockout{},
	}
	f.admin, err = api.CreateUser(ctx, st, box, api.NewUser{
		Org: fmt.Sprintf("bench-%d", serial.Add(1)), Email: "admin@bench.example", Password: "correct horse battery", Role: auth.RoleAdmin})
	if err != nil {
		tb.Fatalf("CreateUser: %v", err)
	}
	for i := range n / batchSize {
		if _, _, err := insertBatch(ctx, st.SQL(), f.admin.OrgID, int64(i*batchSize+1), batchSize); err != nil {
			tb.Fatalf("seed %s: %v", name, err)
		}
	}
	return f
}

// insertBatch inserts a batch of n SIMs numbered from first with one
// statement and returns the batch's id and BIC: SIM i has the ICCID
// 8988303000000000000+i, the IMSI 901430000000000+i and the MSISDN
// 882000000000+i. Seeded SIMs 1,000 to 1,999 are the ICCID prefix
// 8988303000000001. With org 0 the batch is unregistered and its SIMs
// Issued, as ImportBatch leaves them; otherwise it is registered to org.
// The SQL is the same for SQLite and PostgreSQL and has no placeholders.
func insertBatch(ctx context.Context, db *sql.DB, org, first int64, n int) (id int64, bic string, err error) {
	bic = fmt.Sprintf("BENCH%012d", first)
	now := time.Now().UnixMicro()
	registered := now
	status, activated := "CASE n.i % 10 WHEN 8 THEN 2 WHEN 9 THEN 4 ELSE 1 END",
		fmt.Sprintf("CASE n.i %% 10 WHEN 9 THEN 0 ELSE %d - n.i * 1000000 END", now)
	if org == 0 {
		registered, status, activated = 0, "0", "0"
	}
	err = db.QueryRowContext(ctx, fmt.Sprintf(`INSERT INTO batches (bic, name, org_id, created, registered)
VALUES ('%s', 'bench', %d, %d, %d) RETURNING id`, bic, org, now, registered)).Scan(&id)
	if err != nil {
		return 0, "", fmt.Errorf("insert batch %s: %w", bic, err)
	}
	_, err = db.ExecContext(ctx, fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT CAST(%d AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < %d)
INSERT INTO sims (org_id, batch_id, iccid, imsi, msisdn, form_factor, status, created, activated, updated)
SELECT %d, %d, CAST(8988303000000000000 + n.i AS TEXT), CAST(901430000000000 + n.i AS TEXT),
	CAST(882000000000 + n.i AS TEXT), 'nano', %s, %d, %s, %d FROM n`,
		first, first+int64(n)-1, org, id, status, now, activated, now))
	if err != nil {
		return 0, "", fmt.Errorf("insert the SIMs of batch %s: %w", bic, err)
	}
	return id, bic, nil
}
