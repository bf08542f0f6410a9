package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/cellgate/cellgate/internal/at"
)

// modemConn is the flag group of every command that talks to a modem (at,
// modem ..., sms send|list|read|delete): where the modem is and how to
// talk to it.
type modemConn struct {
	name    string // the command, for errors
	port    string
	baud    int
	flow    bool
	trace   string
	timeout time.Duration
	verbose bool
}

// add declares the group's flags on fs.
func (c *modemConn) add(fs *flag.FlagSet) {
	c.name = fs.Name()
	fs.StringVar(&c.port, "port", "", "the modem's serial device `DEV`, e.g. /dev/ttyUSB2 or a simulator's pty")
	fs.IntVar(&c.baud, "baud", 115200, "baud rate")
	fs.BoolVar(&c.flow, "flow", false, "RTS/CTS hardware flow control")
	fs.StringVar(&c.trace, "trace", "", "append the raw AT traffic trace to `FILE` (- for stderr)")
	fs.DurationVar(&c.timeout, "timeout", 0, "per-command timeout, and the longest wait for a booting module to answer AT before the first command (default: 30 s, 60 s for AT+CMGS, 120 s for AT+COPS=?)")
	verboseFlag(fs, &c.verbose, "log the AT engine's and the modem's events to stderr")
}

// verboseFlag declares -v and --verbose, one flag under two names.
func verboseFlag(fs *flag.FlagSet, p *bool, usage string) {
	fs.BoolVar(p, "v", false, usage)
	fs.BoolVar(p, "verbose", false, usage)
}

// logger logs to stderr with -v, else nowhere.
func (c *modemConn) logger() *slog.Logger {
	if c.verbose {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}

// open starts an AT engine on the port with cfg (the group's logger,
// trace and timeout filled in) and waits until the module answers. done
// closes the engine and the trace.
func (c *modemConn) open(ctx context.Context, cfg at.Config) (e *at.Engine, done func(), err error) {
	if c.port == "" {
		return nil, nil, fmt.Errorf("%s: --port is required", trimRoot(c.name))
	}
	cfg.Logger = c.logger()
	if c.timeout > 0 {
		cfg.Timeout = c.timeout
	}
	var trace io.Closer
	switch c.trace {
	case "":
	case "-":
		cfg.Trace = os.Stderr
	default:
		f, err := os.OpenFile(c.trace, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, nil, err
		}
		cfg.Trace, trace = f, f
	}
	done = func() {
		if e != nil {
			e.Close()
		}
		if trace != nil {
			trace.Close()
		}
	}
	e = at.New(at.SerialOpener(c.port, at.SerialConfig{Baud: c.baud, FlowControl: c.flow}), cfg)
	if err := e.Start(ctx); err != nil {
		e = nil
		done()
		return nil, nil, err
	}
	within := c.timeout
	if within <= 0 {
		within = at.DefaultTimeout
	}
	if err := waitReady(ctx, e, within); err != nil { // a module still booting
		done()
		return nil, nil, err
	}
	return e, done, nil
}

// output is the flag group of the output format: --json, on every command
// that prints something a program may read.
type output struct {
	json bool
}

// add declares --json, off by default: the command prints for a human.
func (o *output) add(fs *flag.FlagSet) {
	fs.BoolVar(&o.json, "json", false, "print JSON")
}

// addJSONOnly declares --json on a command whose output is JSON lines
// already (sms decode|list|read, at decode): accepted, so that --json is
// valid wherever a program reads the output.
func (o *output) addJSONOnly(fs *flag.FlagSet) {
	o.json = true
	fs.BoolVar(&o.json, "json", true, "print JSON (this command prints only JSON, one object a line)")
}

// print writes v as indented JSON with --json, else what human writes.
func (o *output) print(v any, human func(w io.Writer)) error {
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	human(stdout)
	return nil
}

func trimRoot(path string) string {
	const p = "cellgate "
	if len(path) > len(p) && path[:len(p)] == p {
		return path[len(p):]
	}
	return path
}
