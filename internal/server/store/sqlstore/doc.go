// Package sqlstore implements store.Store over database/sql with SQL a
// person can read. The SQL is written once, with ? placeholders; a Dialect
// says what differs between SQLite and PostgreSQL (placeholders, row
// locks, which errors are unique violations or worth a retry, and the
// schema migrations). Packages sqlite and postgres open a database and
// hand it here with their dialect.
package sqlstore
