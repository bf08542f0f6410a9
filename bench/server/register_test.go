package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/store"
)

// registerTarget is the goal for registering a batch of 10,000 SIMs.
const registerTarget = 2 * time.Second

// BenchmarkRegisterBatch registers batches of 10,000 Issued SIMs (PATCH
// /api/v1/sim_batch/bic/{bic}, which activates them, records two events
// per SIM and answers the batch's SIMs) on a database that holds the
// 100,000 seeded SIMs. The batches go to an organisation of their own, so
// that the lists measured elsewhere do not change. Each iteration
// registers three fresh batches: through the API, through the store
// (RegisterBatch) and with a bare UPDATE of the SIMs and their batch (the
// baseline). It reports each in ms/batch and the ratios api/update,
// store/update and api/target (the 2 s goal).
func BenchmarkRegisterBatch(b *testing.B) {
	ctx := context.Background()
	for _, f := range fleets(b) {
		b.Run(f.name, func(b *testing.B) {
			n := serial.Add(1)
			creds, err := api.CreateUser(ctx, f.st, f.api.Box, api.NewUser{
				Org: fmt.Sprintf("registrar-%d", n), Email: fmt.Sprintf("admin-%d@registrar.example", n), Password: "correct horse battery", Role: auth.RoleAdmin})
			if err != nil {
				b.Fatalf("CreateUser: %v", err)
			}
			c := f.signIn(b, creds.ApplicationToken)
			actor := store.Actor{OrgID: creds.OrgID, UserID: creds.User.ID, Name: creds.User.Email}
			var apiT, storeT, bareT time.Duration
			for range b.N {
				b.StopTimer()
				var bics [3]string
				var ids [3]int64
				for i := range bics {
					first := serial.Add(batchSize) - batchSize + 1
					if ids[i], bics[i], err = insertBatch(ctx, f.st.SQL(), 0, first, batchSize); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()

				t0 := time.Now()
				var out struct {
					SIM []json.RawMessage `json:"sim"`
				}
				if err := c.do("PATCH", "/api/v1/sim_batch/bic/"+bics[0], []byte(`{}`), &out); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, err := f.st.RegisterBatch(ctx, actor, bics[1], store.SIMActivated); err != nil {
					b.Fatalf("RegisterBatch: %v", err)
				}
				t2 := time.Now()
				if err := bareRegister(f.st.SQL(), f.st.Dialect().Numbered, creds.OrgID, ids[2]); err != nil {
					b.Fatal(err)
				}
				t3 := time.Now()
				if len(out.SIM) != batchSize {
					b.Fatalf("the API answered %d SIMs of batch %s, want %d", len(out.SIM), bics[0], batchSize)
				}
				apiT += t1.Sub(t0)
				storeT += t2.Sub(t1)
				bareT += t3.Sub(t2)
			}
			per := func(d time.Duration) float64 { return float64(d) / float64(b.N) / 1e6 }
			b.ReportMetric(per(bareT), "update-ms")
			b.ReportMetric(per(storeT), "store-ms")
			b.ReportMetric(per(apiT), "api-ms")
			b.ReportMetric(float64(storeT)/float64(bareT), "store/update")
			b.ReportMetric(float64(apiT)/float64(bareT), "api/update")
			b.ReportMetric(per(apiT)*1e6/float64(registerTarget), "api/target")
		})
	}
}

// bareRegister is the baseline of a registration: one transaction that
// gives the batch and its Issued SIMs to org and activates them, without
// events, audit or answer.
func bareRegister(db *sql.DB, numbered bool, org, batch int64) error {
	ph := func(n int) string {
		if numbered {
			return fmt.Sprintf("$%d", n)
		}
		return "?"
	}
	now := time.Now().UnixMicro()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(fmt.Sprintf("UPDATE batches SET org_id = %s, registered = %s WHERE id = %s", ph(1), ph(2), ph(3)), org, now, batch); err != nil {
		return fmt.Errorf("update batch %d: %w", batch, err)
	}
	if _, err := tx.Exec(fmt.Sprintf("UPDATE sims SET org_id = %s, status = 1, activated = %s, updated = %s, version = version + 1 WHERE batch_id = %s AND status = 0",
		ph(1), ph(2), ph(3), ph(4)), org, now, now, batch); err != nil {
		return fmt.Errorf("update the SIMs of batch %d: %w", batch, err)
	}
	return tx.Commit()
}
