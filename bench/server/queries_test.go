package server

import "github.com/cellgate/cellgate/internal/server/store"

// listCase is one SIM list the benchmarks page through and the plan test
// explains: the API's query string and the store's query for it.
type listCase struct {
	name   string
	params string // the API's q and sort
	filter []store.Filter
	sort   []store.Sort
}

// listCases are the lists measured: the Activated SIMs newest ICCID
// first, and the SIMs of one ICCID prefix by MSISDN.
var listCases = []listCase{
	{"status-iccid", "q=status:1&sort=-iccid",
		[]store.Filter{{Field: "status", Value: "1"}}, []store.Sort{{Field: "iccid", Desc: true}}},
	{"iccid-prefix-msisdn", "q=iccid:898830300000000&sort=msisdn",
		[]store.Filter{{Field: "iccid", Value: "898830300000000"}}, []store.Sort{{Field: "msisdn"}}},
	{"status-id", "q=status:2&sort=id",
		[]store.Filter{{Field: "status", Value: "2"}}, []store.Sort{{Field: "id"}}},
}

// query is c's page page of perPage SIMs.
func (c listCase) query(page, perPage int) store.ListQuery {
	return store.ListQuery{Page: page, PerPage: perPage, Filter: c.filter, Sort: c.sort}
}
