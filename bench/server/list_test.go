package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
)

// listTarget is the goal for one API page of 100 SIMs out of 100,000.
const listTarget = 20 * time.Millisecond

// listPages are the pages measured: the first, and the tenth, 900 SIMs
// in (the last of the ICCID prefix; OFFSET makes a later page cost more).
var listPages = []int{1, 10}

// BenchmarkSIMList pages through the organisation's 100,000 SIMs, 100 at
// a time, for each listCase, on each database: through the HTTP API (GET
// /api/v1/sim), through the store (ListSIMs: the count and the page) and
// as the bare SELECT of the same page with database/sql (the baseline).
// It reports each in ms/page and the ratios api/select, store/select and
// api/target (the 20 ms goal); with PostgreSQL, also postgres/sqlite of
// the API's times. ns/op is the sum of all three on every database.
func BenchmarkSIMList(b *testing.B) {
	fs := fleets(b)
	for _, c := range listCases {
		for _, page := range listPages {
			b.Run(fmt.Sprintf("%s/page%d", c.name, page), func(b *testing.B) {
				ctx := context.Background()
				path := fmt.Sprintf("/api/v1/sim?page=%d&per_page=100&%s", page, c.params)
				q := c.query(page, 100)
				sel, store, api := make([]time.Duration, len(fs)), make([]time.Duration, len(fs)), make([]time.Duration, len(fs))
				stmts := make([]sqlstore.Statement, len(fs))
				for i, f := range fs {
					_, stmts[i], _ = f.st.ListSIMsStatements(f.admin.OrgID, q)
					checkPage(b, f, path)
				}
				b.ResetTimer()
				for range b.N {
					for i, f := range fs {
						t0 := time.Now()
						if n := bareRows(b, f.st.SQL(), stmts[i]); n != 100 {
							b.Fatalf("%s: the bare SELECT read %d SIMs, want 100", f.name, n)
						}
						t1 := time.Now()
						sims, _, err := f.st.ListSIMs(ctx, f.admin.OrgID, q)
						if err != nil || len(sims) != 100 {
							b.Fatalf("%s: ListSIMs: %d SIMs, %v", f.name, len(sims), err)
						}
						t2 := time.Now()
						if err := f.client.do("GET", path, nil, nil); err != nil {
							b.Fatalf("%s: %v", f.name, err)
						}
						t3 := time.Now()
						sel[i] += t1.Sub(t0)
						store[i] += t2.Sub(t1)
						api[i] += t3.Sub(t2)
					}
				}
				for i, f := range fs {
					reportTriple(b, f.name, b.N, sel[i], store[i], api[i], listTarget)
				}
				if len(fs) > 1 {
					b.ReportMetric(float64(api[1])/float64(api[0]), "postgres/sqlite")
				}
			})
		}
	}
}

// BenchmarkSIMGet reads single SIMs (GET /api/v1/sim/{id}) of the
// 100,000, at random, through the API, the store (SIM) and as a bare
// SELECT of the SIM with its endpoint (the baseline).
func BenchmarkSIMGet(b *testing.B) {
	ctx := context.Background()
	for _, f := range fleets(b) {
		b.Run(f.name, func(b *testing.B) {
			ids := simIDs(b, f)
			bare := "SELECT * FROM sims s LEFT JOIN endpoints e ON e.sim_id = s.id WHERE s.id = ? AND s.org_id = ?"
			if f.st.Dialect().Numbered {
				bare = "SELECT * FROM sims s LEFT JOIN endpoints e ON e.sim_id = s.id WHERE s.id = $1 AND s.org_id = $2"
			}
			rng := rand.New(rand.NewPCG(1, 2))
			var sel, store, api time.Duration
			b.ResetTimer()
			for range b.N {
				id := ids[rng.IntN(len(ids))]
				t0 := time.Now()
				if n := bareRows(b, f.st.SQL(), sqlstore.Statement{SQL: bare, Args: []any{id, f.admin.OrgID}}); n != 1 {
					b.Fatalf("the bare SELECT of SIM %d read %d rows", id, n)
				}
				t1 := time.Now()
				if _, err := f.st.SIM(ctx, f.admin.OrgID, id); err != nil {
					b.Fatalf("SIM %d: %v", id, err)
				}
				t2 := time.Now()
				if err := f.client.do("GET", fmt.Sprintf("/api/v1/sim/%d", id), nil, nil); err != nil {
					b.Fatal(err)
				}
				t3 := time.Now()
				sel += t1.Sub(t0)
				store += t2.Sub(t1)
				api += t3.Sub(t2)
			}
			reportTriple(b, "", b.N, sel, store, api, 0)
		})
	}
}

// reportTriple reports the API, store and bare SQL times per operation
// and their ratios to the bare SQL (and to target, when not 0), with the
// metric names prefixed by db.
func reportTriple(b *testing.B, db string, n int, sel, store, api, target time.Duration) {
	if db != "" {
		db += "-"
	}
	per := func(d time.Duration) float64 { return float64(d) / float64(n) / 1e6 }
	b.ReportMetric(per(sel), db+"select-ms")
	b.ReportMetric(per(store), db+"store-ms")
	b.ReportMetric(per(api), db+"api-ms")
	b.ReportMetric(float64(store)/float64(sel), db+"store/select")
	b.ReportMetric(float64(api)/float64(sel), db+"api/select")
	if target > 0 {
		b.ReportMetric(per(api)*1e6/float64(target), db+"api/target")
	}
}

// bareRows runs s and reads every column of every row as bytes, the
// least database/sql can do; it returns the number of rows.
func bareRows(b *testing.B, db *sql.DB, s sqlstore.Statement) int {
	rows, err := db.Query(s.SQL, s.Args...)
	if err != nil {
		b.Fatalf("%s: %v", s.SQL, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		b.Fatal(err)
	}
	vals := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

// checkPage makes sure the API answers path with a full page of 100 SIMs
// before the benchmark times it without decoding the answer.
func checkPage(b *testing.B, f *fleet, path string) {
	var page []json.RawMessage
	if err := f.client.do("GET", path, nil, &page); err != nil {
		b.Fatalf("%s: %v", f.name, err)
	}
	if len(page) != 100 {
		b.Fatalf("%s: GET %s answered %d SIMs, want 100", f.name, path, len(page))
	}
}

// simIDs are the ids of f's organisation's SIMs.
func simIDs(b *testing.B, f *fleet) []int64 {
	q := "SELECT id FROM sims WHERE org_id = ?"
	if f.st.Dialect().Numbered {
		q = "SELECT id FROM sims WHERE org_id = $1"
	}
	rows, err := f.st.SQL().Query(q, f.admin.OrgID)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	if len(ids) != f.sims {
		b.Fatalf("%s: %d SIMs, want %d (%v)", f.name, len(ids), f.sims, rows.Err())
	}
	return ids
}
