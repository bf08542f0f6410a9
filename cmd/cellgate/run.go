package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/gateway"
)

// defaultConfig is where packaging installs the configuration.
const defaultConfig = "/etc/cellgate/cellgate.yaml"

// daemonGCPercent is the daemon's GOGC unless the environment sets one. The
// daemon's live heap is under 1 MB, so at the default of 100 the collector
// lets the heap grow to its 4 MB floor between cycles, all of it resident;
// at 50 the floor is 2 MB, which keeps about 1 MB less resident for a cycle
// every 30 s or so of 1 to 3 ms of CPU.
const daemonGCPercent = 50

// runFlags is "cellgate run".
func runFlags(fs *flag.FlagSet) func([]string) error {
	path := fs.String("c", defaultConfig, "configuration `FILE`")
	return func(args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("run: unexpected argument %q", args[0])
		}
		return runDaemon(*path)
	}
}

// runDaemon runs the gateway until SIGTERM or SIGINT; SIGHUP reloads the
// configuration, keeping the old one if the new one is invalid.
func runDaemon(path string) error {
	cfg, err := config.Load(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return errSilent
	}
	level := new(slog.LevelVar)
	log := newLogger(os.Stderr, cfg.Log, level)
	slog.SetDefault(log)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(daemonGCPercent)
	}

	ctx, stop := signalContext()
	defer stop()
	go releaseExecutablePages(ctx, log)
	g := gateway.New(cfg, gateway.Options{Logger: log, Version: version()})
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go reloadOnHUP(ctx, hup, cfg, g, level, log)
	log.Info("cellgate starting", "version", version(), "config", cfg.Path)
	err = g.Run(ctx)
	log.Info("cellgate stopped")
	return err
}

// reloadOnHUP loads the configuration again on each SIGHUP and hands a valid
// one to the gateway.
func reloadOnHUP(ctx context.Context, hup <-chan os.Signal, started *config.Config, g *gateway.Gateway, level *slog.LevelVar, log *slog.Logger) {
	path, prev := started.Path, started
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
		}
		cfg, err := config.Load(path)
		if err != nil {
			log.Error("reload refused: the new configuration is invalid; running on the old one", "err", err.Error())
			continue
		}
		level.Set(logLevel(cfg.Log.Level))
		log.Info("reloading the configuration", "file", cfg.Path)
		for _, f := range restartOnly(started, cfg) {
			log.Warn("setting changed; it takes effect when cellgate restarts", "field", f)
		}
		if cfg.Spool.Dir != prev.Spool.Dir {
			log.Warn("spool.dir changed: records not yet delivered from the old directory wait there until it is configured again",
				"old", prev.Spool.Dir, "new", cfg.Spool.Dir)
		}
		prev = cfg
		g.Reload(cfg)
	}
}

// restartOnly lists the settings that differ between the configuration the
// daemon started with and cur and that a reload does not apply: the
// listening address of /metrics and the status API, and the log format.
func restartOnly(started, cur *config.Config) []string {
	var out []string
	if started.Metrics.Listen != cur.Metrics.Listen {
		out = append(out, "metrics.listen")
	}
	if started.Log.Format != cur.Log.Format {
		out = append(out, "log.format")
	}
	return out
}

// newLogger makes the daemon's logger: one line per event, text or JSON.
func newLogger(w io.Writer, c config.Log, level *slog.LevelVar) *slog.Logger {
	level.Set(logLevel(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func logLevel(s string) slog.Level {
	switch s {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
