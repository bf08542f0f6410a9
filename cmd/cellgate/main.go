// Command cellgate is the cellular IoT gateway: one binary for the daemon,
// its simulators and the engineer's tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errSilent) {
			fmt.Fprintln(os.Stderr, "cellgate:", err)
		}
		os.Exit(exitCode(err))
	}
}

// errSilent marks a failure already reported to the user.
var errSilent = errors.New("failed")

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// run runs the command args name from the command table.
func run(args []string) error {
	return table.Exec(stdout, stderr, args, func(run runFunc, args []string) error { return run(args) })
}

// signalContext is cancelled by SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
