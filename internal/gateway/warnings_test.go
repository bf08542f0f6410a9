package gateway

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/testkit"
)

// minimalConfig is a gateway without a modem whose one output is an MQTT
// broker on a closed loopback port.
const minimalConfig = `gateway:
  imei: "` + simIMEI + `"
  state_dir: state
modem:
  enabled: false
outputs:
  mqtt:
    broker: tcp://127.0.0.1:1
metrics:
  listen: 127.0.0.1:0
`

// writeMinimal writes minimalConfig into a new directory with mode and
// returns its path.
func writeMinimal(t *testing.T, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cellgate.yaml")
	if err := os.WriteFile(path, []byte(minimalConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// runUntilListening runs a gateway on cfg until its status API listens,
// then stops it, and returns its log.
func runUntilListening(t *testing.T, cfg *config.Config) string {
	t.Helper()
	log := &testkit.Buffer{}
	addr := make(chan string, 1)
	g := New(cfg, Options{Logger: slog.New(slog.NewTextHandler(log, nil)), StatusAddr: addr})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
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
	return tail(log, 1000)
}

// The configuration's warnings are logged when the gateway starts, each
// with its file, line and field, before the status API listens.
func TestConfigurationWarningsLoggedAtStart(t *testing.T) {
	t.Parallel()
	path := writeMinimal(t, 0o620)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 1 {
		t.Fatalf("warnings %v, want the group-writable file's", cfg.Warnings)
	}
	want := `level=WARN msg="configuration warning" warning="` + path + `: is writable by its group (mode 0620)`
	if got := runUntilListening(t, cfg); !strings.Contains(got, want) {
		t.Errorf("log:\n%s\nwant a line with %s", got, want)
	}
}

// The state directory, which holds the settings, the identity and the
// spool, is created for its owner only (the spool's own directories are
// checked by the spool's tests).
func TestStateDirectoryIsPrivate(t *testing.T) {
	t.Parallel()
	path := writeMinimal(t, 0o600)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	runUntilListening(t, cfg)
	st, err := os.Stat(filepath.Join(filepath.Dir(path), "state"))
	if err != nil {
		t.Fatal(err)
	}
	if m := st.Mode().Perm(); m != 0o700 {
		t.Errorf("state directory: mode %#o, want 0700", m)
	}
}
