// Package pgtest gives tests a PostgreSQL database of their own: a fresh,
// empty database on the server that CELLGATE_POSTGRES_URL names, dropped
// when the test ends.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cellgate/cellgate/internal/server/store/postgres"
)

// DefaultURL is the server tests use when CELLGATE_POSTGRES_URL is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// ServerURL is the URL of the server's maintenance database, where test
// databases are created and dropped.
func ServerURL() string {
	if u := os.Getenv("CELLGATE_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// URL creates a database for t and returns its URL. The database is
// dropped, even with connections still open to it, when t ends. If the
// server cannot be reached t is skipped, or fails when
// CELLGATE_REQUIRE_INTEGRATION=1.
func URL(t testing.TB) string {
	t.Helper()
	admin := ServerURL()
	u, err := url.Parse(admin)
	if err != nil || u.Scheme == "" {
		t.Fatalf("CELLGATE_POSTGRES_URL %s is not a postgres:// URL", postgres.Redact(admin))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := connect(ctx, admin)
	if err != nil {
		msg := "PostgreSQL at " + postgres.Redact(admin) + " is not reachable: " + err.Error()
		if os.Getenv("CELLGATE_REQUIRE_INTEGRATION") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg + " (set CELLGATE_POSTGRES_URL)")
	}
	defer conn.Close(context.Background())

	var b [8]byte
	_, _ = rand.Read(b[:])
	name := "cg_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := connect(ctx, admin)
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

func connect(ctx context.Context, admin string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > 5*time.Second {
		cfg.ConnectTimeout = 5 * time.Second
	}
	return pgx.ConnectConfig(ctx, cfg)
}
