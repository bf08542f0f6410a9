package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// serverConfig writes a configuration that keeps the database and keys
// in a fresh directory and serves on a free loopback port.
func serverConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	return writeFile(t, fmt.Sprintf(`listen: 127.0.0.1:0
database:
  driver: sqlite
  path: %s
secrets:
  jwt_key_file: %s
  encryption_key_file: %s
log:
  format: json
`, filepath.Join(dir, "data", "cellgate-server.db"), filepath.Join(dir, "jwt.key"), filepath.Join(dir, "encryption.key")))
}

// TestRunServesUntilStopped runs "run -c FILE" on SQLite and stops it as
// a signal would. It replaces commandContext: not parallel.
func TestRunServesUntilStopped(t *testing.T) {
	r := start(t, "run", "-c", serverConfig(t))
	line := r.waitLine("cellgate-server: serving http://")
	base, _, _ := strings.Cut(strings.TrimPrefix(line, "cellgate-server: serving "), "/api/v1")
	c := &client{t: t, base: base}
	var health struct {
		Status string `json:"status"`
	}
	if st, body := c.do("GET", "/healthz", "", &health); st != http.StatusOK || health.Status != "ok" {
		t.Errorf("/healthz: %d %s", st, body)
	}
	if st, body := c.do("GET", "/readyz", "", &health); st != http.StatusOK || health.Status != "ready" {
		t.Errorf("/readyz: %d %s", st, body)
	}
	if st, body := c.do("GET", "/api/v1/sim", "", nil); st != http.StatusUnauthorized {
		t.Errorf("/api/v1/sim without a token: %d %s, want 401", st, body)
	}

	if code := r.stop(); code != 0 {
		t.Fatalf("run exited %d; stderr %q", code, r.stderr.String())
	}
	if log := r.stderr.String(); !strings.Contains(log, `"msg":"cellgate-server listening"`) || strings.Contains(log, `"level":"ERROR"`) {
		t.Errorf("the log: %q", log)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after it stopped")
	}
}
