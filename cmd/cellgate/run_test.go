package main

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/gateway"
	"github.com/cellgate/cellgate/internal/testkit"
)

// reloadLog runs reloadOnHUP on the example configuration, rewrites the
// file with edit, sends one SIGHUP and returns what was logged.
func reloadLog(t *testing.T, edit func(string) string) (string, *slog.LevelVar) {
	t.Helper()
	path := exampleDir(t)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(b))), 0o600); err != nil {
		t.Fatal(err)
	}
	var buf testkit.Buffer
	level := new(slog.LevelVar)
	log := newLogger(&buf, cfg.Log, level)
	g := gateway.New(cfg, gateway.Options{Logger: log})
	ctx, cancel := context.WithCancel(context.Background())
	hup := make(chan os.Signal, 1)
	done := make(chan struct{})
	go func() { defer close(done); reloadOnHUP(ctx, hup, cfg, g, level, log) }()
	hup <- syscall.SIGHUP
	testkit.Eventually(t, "the reload logged", func() bool { return strings.Contains(buf.String(), "reload") })
	cancel()
	<-done // the SIGHUP received is handled whole before the loop looks at ctx
	return buf.String(), level
}

func TestReloadWarnsOfRestartOnlySettings(t *testing.T) {
	out, level := reloadLog(t, func(s string) string {
		s = strings.Replace(s, "listen: 127.0.0.1:9110", "listen: 127.0.0.1:9111", 1)
		s = strings.Replace(s, "format: text", "format: json", 1)
		s = strings.Replace(s, "dir: /var/lib/cellgate/spool", "dir: /data/cellgate/spool", 1)
		return strings.Replace(s, "level: info", "level: debug", 1)
	})
	for _, want := range []string{
		`spool.dir changed: records not yet delivered from the old directory wait there until it is configured again" old=/var/lib/cellgate/spool new=/data/cellgate/spool`,
		"reloading the configuration",
		`setting changed; it takes effect when cellgate restarts" field=metrics.listen`,
		`setting changed; it takes effect when cellgate restarts" field=log.format`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if level.Level() != slog.LevelDebug {
		t.Errorf("log level %v after reload; want debug (applied at once)", level.Level())
	}
}

func TestReloadRefusesInvalid(t *testing.T) {
	out, level := reloadLog(t, func(s string) string {
		s = strings.Replace(s, "level: info", "level: debug", 1)
		return s + "\nunknown_key: 1\n"
	})
	if !strings.Contains(out, "reload refused: the new configuration is invalid; running on the old one") || !strings.Contains(out, "unknown_key") {
		t.Errorf("log:\n%s", out)
	}
	if strings.Contains(out, "takes effect") || strings.Contains(out, "reloading the configuration") {
		t.Errorf("an invalid file was applied:\n%s", out)
	}
	if level.Level() != slog.LevelInfo {
		t.Errorf("log level %v after a refused reload; want info", level.Level())
	}
}

func TestRestartOnlyUnchanged(t *testing.T) {
	cfg, err := config.Load(exampleDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if f := restartOnly(cfg, cfg); len(f) != 0 {
		t.Errorf("restartOnly of a configuration and itself: %v", f)
	}
}
