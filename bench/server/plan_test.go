package server

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store/sqlite"
	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
)

// planSIMs is how many SIMs the plan test seeds: enough that PostgreSQL's
// planner prefers an index to reading the table, few enough to be quick.
const planSIMs = 20_000

// TestListPlans explains the statements ListSIMs runs for each listCase
// (the count and a page) and fails if one reads the whole sims table, or
// sorts every matching SIM to return a page, rather than using an index.
// SQLite is checked before and after ANALYZE (cellgate-server never runs
// it, so the plans without statistics are the ones it gets); PostgreSQL
// after ANALYZE, as autovacuum leaves it.
func TestListPlans(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		f := seed(t, "sqlite", st, planSIMs)
		checkPlans(t, f, "without statistics", sqlitePlan)
		if _, err := st.SQL().Exec("ANALYZE"); err != nil {
			t.Fatal(err)
		}
		checkPlans(t, f, "after ANALYZE", sqlitePlan)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		st, skip := openPostgres(t, false)
		if st == nil {
			t.Skip(skip)
		}
		defer st.Close()
		if missing := missingPostgresIndexes(t, st); len(missing) > 0 {
			t.Skipf("the PostgreSQL schema lacks the SIM list indexes %s (as in SQLite's 002_sim_list_indexes.sql); without sims_org_iccid_lower an ICCID prefix reads every SIM", strings.Join(missing, ", "))
		}
		f := seed(t, "postgres", st, planSIMs)
		if _, err := st.SQL().Exec("VACUUM ANALYZE sims"); err != nil {
			t.Fatal(err)
		}
		checkPlans(t, f, "after ANALYZE", postgresPlan)
	})
}

// listIndexes are the indexes SQLite's 002_sim_list_indexes.sql adds,
// which PostgreSQL's schema needs as well.
var listIndexes = []string{"sims_org_status_iccid", "sims_org_iccid_lower", "sims_org_msisdn"}

// missingPostgresIndexes are the listIndexes st's schema lacks.
func missingPostgresIndexes(t *testing.T, st *sqlstore.DB) []string {
	var missing []string
	for _, name := range listIndexes {
		var n int
		if err := st.SQL().QueryRow("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'sims' AND indexname = $1", name).Scan(&n); err != nil {
			t.Fatalf("look for index %s: %v", name, err)
		}
		if n == 0 {
			missing = append(missing, name)
		}
	}
	return missing
}

// checkPlans explains the count and pages 1 and 50 of every listCase with
// explain, which returns the plan's lines and what is wrong with it.
func checkPlans(t *testing.T, f *fleet, when string, explain func(st *sqlstore.DB, s sqlstore.Statement, indexOrder bool) ([]string, string, error)) {
	t.Helper()
	for _, c := range listCases {
		for _, page := range listPages {
			count, pageStmt, err := f.st.ListSIMsStatements(f.admin.OrgID, c.query(page, 100))
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			for _, s := range []struct {
				what string
				stmt sqlstore.Statement
			}{{"count", count}, {"page", pageStmt}} {
				plan, bad, err := explain(f.st, s.stmt, c.indexOrder && s.what == "page")
				if err != nil {
					t.Fatalf("%s %s: explain: %v", c.name, s.what, err)
				}
				if bad != "" {
					t.Errorf("%s, %s %s (%s) %s:\n%s\nplan:\n  %s", f.name, c.name, s.what, c.params, when, s.stmt.SQL, bad+"\n  "+strings.Join(plan, "\n  "))
				}
			}
		}
	}
}

// sqliteScan is a plan line that reads all of sims (SCAN s, with or
// without an index); sqliteSort sorts every row (a sort of only the last
// ORDER BY term, among rows an index already ordered, is cheap).
var (
	sqliteScan = regexp.MustCompile(`^SCAN s\b`)
	sqliteSort = regexp.MustCompile(`^USE TEMP B-TREE FOR (DISTINCT|ORDER BY|GROUP BY)`)
)

// sqlitePlan is SQLite's EXPLAIN QUERY PLAN of s; with indexOrder, a
// sort of every row is wrong too.
func sqlitePlan(st *sqlstore.DB, s sqlstore.Statement, indexOrder bool) ([]string, string, error) {
	rows, err := st.SQL().Query("EXPLAIN QUERY PLAN "+s.SQL, s.Args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var plan []string
	var bad string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, "", err
		}
		plan = append(plan, detail)
		switch {
		case sqliteScan.MatchString(detail):
			bad = "reads every SIM: " + detail
		case indexOrder && sqliteSort.MatchString(detail):
			bad = "sorts every matching SIM: " + detail
		}
	}
	return plan, bad, rows.Err()
}

// postgresSeqScan is a sequential scan of sims with the rows it is
// expected to keep; postgresSort is a sort on a column of sims.
var (
	postgresSeqScan = regexp.MustCompile(`Seq Scan on sims s .*rows=(\d+)`)
	postgresSort    = regexp.MustCompile(`Sort Key: s\.`)
)

// postgresPlan is PostgreSQL's EXPLAIN of s. A sequential scan of sims
// is wrong unless the planner expects it to keep most of the table (then
// reading the table is cheaper than an index; COUNT of the Activated SIMs
// is one); with indexOrder, a Sort of the SIMs is wrong too.
func postgresPlan(st *sqlstore.DB, s sqlstore.Statement, indexOrder bool) ([]string, string, error) {
	rows, err := st.SQL().Query("EXPLAIN "+s.SQL, s.Args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var plan []string
	var bad string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, "", err
		}
		plan = append(plan, line)
		if m := postgresSeqScan.FindStringSubmatch(line); m != nil {
			if rows, _ := strconv.Atoi(m[1]); rows*2 < planSIMs {
				bad = "reads every SIM to keep a few: " + strings.TrimSpace(line)
			}
		}
		if indexOrder && postgresSort.MatchString(line) {
			bad = "sorts every matching SIM: " + strings.TrimSpace(line)
		}
	}
	return plan, bad, rows.Err()
}
