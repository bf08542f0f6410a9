// Command cellgate-server is cellgate's fleet platform: the inventory of
// SIMs and endpoints behind a REST API, kept in SQLite or PostgreSQL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/cellgate/cellgate/internal/cmdtable"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// env is where a command writes.
type env struct {
	stdout, stderr io.Writer
}

// run runs the command args name from the command table and returns the
// exit status: 0 on success, 1 when the command fails, 2 for a usage
// error or a command not yet available.
func run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	err := table.Exec(stdout, stderr, args, func(run runFunc, args []string) error { return run(e, args) })
	if err == nil {
		return 0
	}
	if !errors.Is(err, errSilent) && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(stderr, "cellgate-server:", err)
	}
	if cmdtable.IsUsage(err) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// errSilent marks a failure the command has reported itself.
var errSilent = errors.New("failed")

// commandContext is the context of the commands that run until stopped:
// signalContext, or what a test puts in its place to stop them.
var commandContext = signalContext

// signalContext is cancelled by SIGINT or SIGTERM, for the commands that
// run until stopped.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
