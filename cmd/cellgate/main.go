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

const usage = `cellgate — cellular IoT gateway

usage:
  cellgate demo [--cycles N] [--interval D] [-v]
                         the Titan AN32 job on simulated hardware: modem and
                         PLC simulators, a TLS broker, the daemon; prints every
                         record as the server receives it
  cellgate demo --at [--vendor huawei|quectel] [--trace]
                         the modem simulator and an AT session against it
  cellgate run [-c /etc/cellgate/cellgate.yaml]
                         the gateway daemon (SIGHUP reloads, SIGTERM stops)
  cellgate status [--addr HOST:PORT] [--json]
                         the running daemon's state
  cellgate at --port DEV [--baud N] [--flow] [--trace FILE] [COMMAND...]
                         send AT commands to a modem; without a command, an
                         interactive console that also prints URCs
  cellgate modem status|signal|scan|fplmn|psm|run --port DEV [--json]
                         manage a modem (see cellgate modem help)
  cellgate at decode [LINE...]
                         decode modem response lines (or a log on stdin) to JSON
  cellgate psm encode|decode ...
                         PSM timers (T3412, T3324) to and from AT+CPSMS bits
  cellgate edrx encode|decode --rat ltem|nbiot ...
                         eDRX cycle and paging time window to and from bits
  cellgate modbus read|write|plan ...
                         Modbus RTU/TCP reads and writes; the request planner
  cellgate sim modem [--vendor huawei|quectel|quectel-nb|ublox] [--link PATH] [--pin PIN]
                         run the modem simulator on a pseudo-terminal
  cellgate sim plc [--rtu-link PATH] [--tcp ADDR] [--map FILE]
                         run the PLC simulator (Modbus RTU on a pty, TCP)
  cellgate sms decode|encode|send|list|read|delete ...
                         SMS PDUs to and from JSON, and messages on a modem
  cellgate config check FILE | example
                         check a configuration file; print a complete example
  cellgate help          this text
`

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

func run(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "demo":
		return runDemo(args[1:])
	case "run":
		return runDaemon(args[1:])
	case "status":
		return runStatus(args[1:])
	case "at":
		return runAT(args[1:])
	case "modem":
		return runModem(args[1:])
	case "psm":
		return runPSM(args[1:])
	case "edrx":
		return runEDRX(args[1:])
	case "sms":
		return runSMS(args[1:])
	case "sim":
		return runSim(args[1:])
	case "modbus":
		return runModbus(args[1:])
	case "config":
		return runConfig(args[1:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// signalContext is cancelled by SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
