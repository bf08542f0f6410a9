// Package server holds cellgate-server's benchmarks: listing and reading
// SIMs through the HTTP API and through the store, and registering a
// batch of SIMs, on a database seeded with 100,000 SIMs. Like the
// gateway's benchmarks in package bench, each reports ratios against a
// baseline measured in the same run: the bare SELECT (or UPDATE) of the
// same rows through database/sql. It is a package of its own so that the
// gateway's benchmarks, and the cellgate binary they measure, never
// import the server:
//
//	go test ./bench/server -run '^$' -bench . -benchtime 2s
//
// Its test checks that the list queries the store emits use an index.
package server
