package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/plc"
)

// simPLCFlags is "cellgate sim plc": the PLC simulator, serving Modbus
// RTU on a pseudo-terminal and Modbus TCP, until Ctrl-C.
func simPLCFlags(fs *flag.FlagSet) func([]string) error {
	link := fs.String("rtu-link", "", "also make a symlink to the RTU tty at `PATH`")
	noRTU := fs.Bool("no-rtu", false, "serve no RTU terminal")
	tcp := fs.String("tcp", "", "serve Modbus TCP on `ADDR` (127.0.0.1:0 for a free port)")
	mapFile := fs.String("map", "", "JSON register map `FILE` (default: the AN32 PLCs, units 1 and 2)")
	latency := fs.Duration("latency", 0, "processing time before each response")
	baud := fs.Int("baud", 9600, "RTU baud rate (sets the t3.5 frame silence)")
	printMap := fs.Bool("print-map", false, "print the map as JSON and exit")
	verbose := new(bool)
	verboseFlag(fs, verbose, "log every request to stderr")
	return func(args []string) error {
		return simPLC(*link, *noRTU, *tcp, *mapFile, *latency, *baud, *printMap, *verbose, args)
	}
}

func simPLC(link string, noRTU bool, tcp, mapFile string, latency time.Duration, baud int, printMap, verbose bool, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("sim plc: unexpected argument %q", args[0])
	}
	m := plc.AN32Map()
	if mapFile != "" {
		var err error
		if m, err = plc.LoadMap(mapFile); err != nil {
			return err
		}
	}
	if printMap {
		b, err := json.MarshalIndent(m.Spec(), "", "  ")
		if err != nil {
			return err
		}
		fmt.Println(string(b))
		return nil
	}
	if noRTU && tcp == "" {
		return errors.New("sim plc: nothing to serve (--no-rtu without --tcp)")
	}
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := plc.New(m, plc.Config{Latency: latency, Baud: baud, Logger: logger})
	defer s.Close()
	fmt.Printf("PLC simulator, units %v\n", m.Units())
	if !noRTU {
		if err := s.StartRTU(ctx, link); err != nil {
			return err
		}
		where := s.TTY()
		if link != "" {
			where += " (" + link + ")"
		}
		fmt.Printf("Modbus RTU on %s, %d 8N1\n", where, baud)
	}
	if tcp != "" {
		addr, err := s.ListenTCP(ctx, tcp)
		if err != nil {
			return err
		}
		fmt.Printf("Modbus TCP on %s\n", addr)
	}
	<-ctx.Done()
	st := s.Stats()
	fmt.Printf("PLC simulator stopped: %d requests, %d exceptions\n", st.Requests, st.Exceptions)
	return s.Close()
}
