package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cellgate/cellgate/internal/demo"
	"github.com/cellgate/cellgate/internal/simulator/modem"
)

// demoFlags is "cellgate demo": the Titan AN32 job on simulated hardware,
// or with --at the AT session walk-through.
func demoFlags(fs *flag.FlagSet) func([]string) error {
	atDemo := fs.Bool("at", false, "run the AT session walk-through against the modem simulator instead")
	cycles := fs.Int("cycles", 0, "exit after N polling cycles, with status 0 when every record arrived (0: until Ctrl-C)")
	interval := fs.Duration("interval", 5*time.Second, "polling interval (the AN32 job polls every 10m)")
	var verbose bool
	verboseFlag(fs, &verbose, "show the daemon's log")
	dir := fs.String("dir", "", "directory for the configuration, certificates and state (default: a temporary one, removed at exit)")
	vendor := fs.String("vendor", "huawei", "with --at: the simulated modem, huawei or quectel")
	var trace demoTrace
	fs.Var(&trace, "trace", "with --at: the raw AT traffic trace; --trace alone prints it among the session, --trace=`FILE` appends it to FILE (- for stderr)")
	return func(args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("demo: unexpected argument %q", args[0])
		}
		ctx, stop := signalContext()
		defer stop()
		if *atDemo {
			c := demo.ATConfig{Out: stdout, Vendor: modem.Vendor(*vendor), InlineTrace: trace.inline}
			switch trace.file {
			case "":
			case "-":
				c.Trace = os.Stderr
			default:
				f, err := os.OpenFile(trace.file, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
				if err != nil {
					return err
				}
				defer f.Close()
				c.Trace = f
			}
			return demo.RunAT(ctx, c)
		}
		if isFlagSet(fs, "vendor") || trace.set() {
			return errors.New("demo: --vendor and --trace go with --at")
		}
		var log io.Writer
		if verbose {
			log = os.Stderr
		}
		return demo.Run(ctx, demo.Config{Out: stdout, Log: log, Dir: *dir, Interval: *interval, Cycles: *cycles, Version: version()})
	}
}

// demoTrace is the --trace of "demo --at": a switch, as it always was (the
// trace among the session's lines), that also takes a FILE as --trace=FILE,
// the meaning --trace has everywhere else.
type demoTrace struct {
	inline bool
	file   string
}

func (t *demoTrace) set() bool { return t.inline || t.file != "" }

func (t *demoTrace) String() string {
	if t == nil || t.file == "" {
		return ""
	}
	return t.file
}

func (t *demoTrace) Set(s string) error {
	switch s {
	case "true":
		t.inline, t.file = true, ""
	case "false", "":
		t.inline, t.file = false, ""
	default:
		t.inline, t.file = false, s
	}
	return nil
}

// IsBoolFlag lets --trace stand alone.
func (t *demoTrace) IsBoolFlag() bool { return true }
