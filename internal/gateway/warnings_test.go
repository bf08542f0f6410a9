package gateway

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/config"
)

// The configuration's warnings are logged when the gateway starts, each
// with its file, line and field, before the status API listens.
func TestConfigurationWarningsLoggedAtStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "cellgate.yaml")
	if err := os.WriteFile(path, []byte(`gateway:
  imei: "`+simIMEI+`"
  state_dir: state
modem:
  enabled: false
outputs:
  mqtt:
    broker: tcp://127.0.0.1:1
metrics:
  listen: 127.0.0.1:0
`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o620); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 1 {
		t.Fatalf("warnings %v, want the group-writable file's", cfg.Warnings)
	}
	log := &syncBuffer{}
	addr := make(chan string, 1)
	g := New(cfg, Options{Logger: slog.New(slog.NewTextHandler(log, nil)), StatusAddr: addr})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	select {
	case <-addr:
	case err := <-done:
		t.Fatalf("Run: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := `level=WARN msg="configuration warning" warning="` + path + `: is writable by its group (mode 0620)`
	if got := log.tail(1000); !strings.Contains(got, want) {
		t.Errorf("log:\n%s\nwant a line with %s", got, want)
	}
}
