// Package storetest is the conformance suite every store.Store passes:
// the same tests run against SQLite and PostgreSQL, so the two behave the
// same for the API above them.
package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/cellgate/cellgate/internal/iccid"

	"github.com/cellgate/cellgate/internal/server/store"
)

// Opener returns a new, empty, migrated store for one test; the test's
// cleanup closes it.
type Opener func(t *testing.T) store.Store

// Run runs the whole suite.
func Run(t *testing.T, open Opener) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, open(t))
		})
	}
}

type testCase struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// cases is filled by each area's file.
var cases []testCase

func register(name string, run func(t *testing.T, s store.Store)) bool {
	cases = append(cases, testCase{name, run})
	return true
}

var serial atomic.Int64

// NewOrg creates an organisation with a unique name and returns an actor
// acting in it.
func NewOrg(t testing.TB, s store.Store) store.Actor {
	t.Helper()
	o, err := s.CreateOrg(context.Background(), store.Actor{Name: "storetest"}, fmt.Sprintf("org-%d", serial.Add(1)))
	if err != nil {
		t.Fatalf("CreateOrg: %v", err)
	}
	return store.Actor{OrgID: o.ID, Name: "tester", IP: "192.0.2.1", RequestID: "req-1"}
}

// ICCID returns a valid, unique ICCID (with its Luhn digit).
func ICCID() string {
	payload := fmt.Sprintf("898830%012d", serial.Add(1))
	return payload + string(iccid.LuhnDigit(payload))
}

// SIMs returns n fresh SIMs for a batch.
func SIMs(n int) []store.SIM {
	out := make([]store.SIM, n)
	for i := range out {
		id := ICCID()
		out[i] = store.SIM{ICCID: id, IMSI: "90143" + id[len(id)-10:], MSISDN: "88" + id[len(id)-10:], FormFactor: "MFF2"}
	}
	return out
}

// Batch imports a batch of n SIMs under a fresh BIC and returns its BIC.
func Batch(t testing.TB, s store.Store, n int) string {
	t.Helper()
	bic := fmt.Sprintf("BIC%08d", serial.Add(1))
	if _, err := s.ImportBatch(context.Background(), store.Actor{Name: "storetest"}, store.Batch{BIC: bic, Name: "test batch"}, SIMs(n)); err != nil {
		t.Fatalf("ImportBatch: %v", err)
	}
	return bic
}

// Page is the first page of up to 2500 rows.
var Page = store.ListQuery{Page: 1, PerPage: store.MaxPerPage}

func mustKind(t *testing.T, err error, kind store.Kind, code string) {
	t.Helper()
	e, ok := store.AsError(err)
	if !ok {
		t.Fatalf("error %v: want a *store.Error of kind %d (%s)", err, kind, code)
	}
	if e.Kind != kind || (code != "" && e.Code != code) {
		t.Fatalf("error %v: kind %d code %q, want kind %d code %q", err, e.Kind, e.Code, kind, code)
	}
}
