package config

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

func TestRedactedNeverShowsTheDatabasePassword(t *testing.T) {
	t.Parallel()
	for _, url := range []string{
		"postgres://cellgate:hunter2@db:5432/cellgate?sslmode=require",
		"host=db user=cellgate password=hunter2",
		"postgres://db/cellgate?password=hunter2",
	} {
		c, err := Parse("s.yaml", []byte("database:\n  driver: postgres\n  url: '"+url+"'\n"))
		if err != nil {
			t.Fatal(err)
		}
		var logged strings.Builder
		slog.New(slog.NewTextHandler(&logged, nil)).Info("configuration", "config", c, "database", c.Database)
		for _, shown := range []string{c.Redacted(), c.String(), fmt.Sprint(c), fmt.Sprintf("%+v", *c), fmt.Sprintf("%#v", *c), logged.String()} {
			if strings.Contains(shown, "hunter2") {
				t.Errorf("%q shows the password:\n%s", url, shown)
			}
		}
		if !strings.Contains(c.Redacted(), `url: "`+RedactDSN(url)+`"`) {
			t.Errorf("%q: Redacted does not show the URL without its password:\n%s", url, c.Redacted())
		}
	}
}

func TestRedactedReadsBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "s.yaml")
	want, err := Parse(name, []byte("listen: '[::1]:9000'\nrate_limit: {per_token: 100/1m30s, per_ip: off}\nlog: {format: json}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(name, []byte(want.Redacted()))
	if err != nil {
		t.Fatalf("Redacted does not parse: %v\n%s", err, want.Redacted())
	}
	if *got != *want {
		t.Errorf("read back:\n got %+v\nwant %+v", *got, *want)
	}
}
