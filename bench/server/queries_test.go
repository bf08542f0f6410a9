package server

import "github.com/cellgate/cellgate/internal/server/store"

// listCase is one SIM list the benchmarks page through and the plan test
// explains: the API's query string and the store's query for it.
type listCase struct {
	name   string
	params string // the API's q and sort
	filter []store.Filter
	sort   []store.Sort
	// indexOrder says an index must give the page its order: the filter
	// keeps most SIMs, too many to sort for every page.
	indexOrder bool
}

// listCases are the lists measured: the Activated SIMs (80%) by ICCID,
// highest first; the SIMs of one ICCID prefix (1%) by MSISDN; the
// Suspended SIMs (10%) by id.
var listCases = []listCase{
	{"status-iccid", "q=status:1&sort=-iccid",
		[]store.Filter{{Field: "status", Value: "1"}}, []store.Sort{{Field: "iccid", Desc: true}}, true},
	{"iccid-prefix-msisdn", "q=iccid:8988303000000001&sort=msisdn",
		[]store.Filter{{Field: "iccid", Value: "8988303000000001"}}, []store.Sort{{Field: "msisdn"}}, false},
	{"status-id", "q=status:2&sort=id",
		[]store.Filter{{Field: "status", Value: "2"}}, []store.Sort{{Field: "id"}}, false},
}

// query is c's page page of perPage SIMs.
func (c listCase) query(page, perPage int) store.ListQuery {
	return store.ListQuery{Page: page, PerPage: perPage, Filter: c.filter, Sort: c.sort}
}
