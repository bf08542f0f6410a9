package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cellgate/cellgate/internal/pki"
)

// certDir writes a CA (certs/ca.crt) and a client certificate and key
// (certs/client.crt, certs/client.key) under dir.
func certDir(t testing.TB, dir string) {
	t.Helper()
	certs := filepath.Join(dir, "certs")
	if err := os.MkdirAll(certs, 0o755); err != nil {
		t.Fatal(err)
	}
	ca, err := pki.NewCA("cellgate test CA")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ca.WriteFiles(certs); err != nil {
		t.Fatal(err)
	}
	client, err := ca.Client("356938035643809")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.WriteFiles(certs, "client"); err != nil {
		t.Fatal(err)
	}
}

// writeFile writes data to dir/name, creating directories.
func writeFile(t testing.TB, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// load writes yaml to dir/cellgate.yaml, next to fresh certificates, and
// loads it.
func load(t testing.TB, yaml string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	certDir(t, dir)
	return Load(writeFile(t, dir, "cellgate.yaml", yaml))
}
