// Package store defines the fleet platform's data: organisations, users
// and tokens, SIMs and their batches, endpoints with their service and
// tariff profiles, quotas and operator blacklists, events, the audit log
// and the webhook outbox; the rules of the SIM and endpoint life cycles;
// and the Store interface that the SQLite and PostgreSQL implementations
// satisfy, proven by the conformance suite in package storetest.
//
// Every method that changes state takes the Actor who asked for it and
// writes, in the same transaction, the change, its audit entry, the
// events it causes and their webhook deliveries: nothing is half-written
// and nothing changes unaudited.
package store
