package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
)

// stdin and stdout are the console's streams; tests replace them.
var (
	stdin  io.Reader = os.Stdin
	stdout io.Writer = os.Stdout
)

// atFlags declares the flags of "cellgate at" and returns what runs it:
// the AT commands given, or without any, an interactive console.
func atFlags(fs *flag.FlagSet) func(args []string) error {
	var conn modemConn
	conn.add(fs)
	return func(args []string) error {
		ctx, stop := signalContext()
		defer stop()
		cfg := at.Config{OnEvent: func(ev at.Event) { fmt.Fprintf(os.Stderr, "# %s: %s\n", ev.Kind, ev.Detail) }}
		e, done, err := conn.open(ctx, cfg)
		if err != nil {
			return err
		}
		defer done()
		if len(args) > 0 {
			failed := false
			for _, cmd := range args {
				if err := runOne(ctx, e, stdout, cmd, nil); err != nil {
					failed = true
				}
			}
			if failed {
				return errSilent
			}
			return nil
		}
		return console(ctx, e, stdin, stdout)
	}
}

// probeTimeout bounds each AT of waitReady: a module that answers at all
// answers AT at once.
const probeTimeout = time.Second

// waitReady probes the module with AT until it answers, for at most within.
// A module still booting loses what it is sent and then announces itself
// (^SYSSTART, RDY): the first command would fail with "modem restarted
// during the command". A probe that times out sets the engine's health
// procedure going, which restores echo off, verbose and non-quiet result
// codes (ATE0V1Q0) should the module answer only to that.
func waitReady(ctx context.Context, e *at.Engine, within time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	retry := time.NewTimer(0)
	defer retry.Stop()
	for first := true; ; first = false {
		_, err := e.Command(ctx, "AT", at.WithTimeout(min(probeTimeout, within)))
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("at: the module did not answer AT within %v: %w", within, err)
		}
		if first {
			fmt.Fprintf(os.Stderr, "# waiting for the module to answer AT (%v)\n", err)
		}
		if errors.Is(err, at.ErrRestarted) {
			continue // it has just booted: ask again at once
		}
		retry.Reset(200 * time.Millisecond)
		select {
		case <-ctx.Done():
			return fmt.Errorf("at: the module did not answer AT within %v: %w", within, err)
		case <-retry.C:
		}
	}
}

// runOne sends one command and prints its response as the modem gave it.
func runOne(ctx context.Context, e *at.Engine, w io.Writer, cmd string, payload []byte) error {
	var opts []at.Option
	if payload != nil {
		opts = append(opts, at.WithPayload(payload))
	}
	r, err := e.Command(ctx, cmd, opts...)
	if r != nil {
		for _, l := range r.Lines {
			fmt.Fprintln(w, l)
		}
		if r.Final != "" {
			fmt.Fprintln(w, r.Final)
		}
	}
	if err != nil && (r == nil || r.Final == "") {
		fmt.Fprintln(w, "# error:", err)
	} else if err != nil {
		fmt.Fprintln(w, "#", err)
	}
	return err
}

// needsPayload reports whether cmd is answered with the "> " prompt.
func needsPayload(cmd string) bool {
	u := strings.ToUpper(cmd)
	return strings.HasPrefix(u, "AT+CMGS=") || strings.HasPrefix(u, "AT+CMGW=")
}

// console reads commands from in, one per line, and prints responses and
// unsolicited result codes to out until in ends or ctx is cancelled.
func console(ctx context.Context, e *at.Engine, in io.Reader, out io.Writer) error {
	w := &syncWriter{w: out}
	remove := e.Handle("", 1, func(u at.URC) {
		for _, l := range u.Lines {
			w.printf("%s\n", l)
		}
	})
	defer remove()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	w.printf("# connected; type AT commands, Ctrl-D to quit\n")
	for {
		var cmd string
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case cmd, ok = <-lines:
			if !ok {
				return nil
			}
		}
		cmd = strings.TrimSpace(cmd)
		if cmd == "" {
			continue
		}
		var payload []byte
		if needsPayload(cmd) {
			w.printf("> ")
			select {
			case p, ok := <-lines:
				if !ok {
					return nil
				}
				payload = []byte(p)
			case <-ctx.Done():
				return nil
			}
		}
		cctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		var buf strings.Builder
		runOne(cctx, e, &buf, cmd, payload)
		cancel()
		w.printf("%s", buf.String())
	}
}
