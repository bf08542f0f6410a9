package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
)

// simModemFlags is "cellgate sim modem": the modem simulator on a
// pseudo-terminal until Ctrl-C.
func simModemFlags(fs *flag.FlagSet) func([]string) error {
	vendor := fs.String("vendor", "huawei", "simulated module: huawei (MU709s-2), quectel (EC21), ublox (SARA-R410M-02B) or quectel-nb (BC95-G)")
	model := fs.String("model", "", "model the module reports; with quectel-nb, BC35-G or BC28 also take those modules' rules")
	link := fs.String("link", "", "also make a symlink to the tty at `PATH`")
	pin := fs.String("pin", "", "lock the SIM with this PIN")
	boot := fs.Duration("boot-delay", 0, "power-on to ^SYSSTART/RDY (default 500ms)")
	reg := fs.Duration("registration-delay", 0, "network search before registering (default 2s)")
	scan := fs.Duration("scan", 0, "duration of AT+COPS=? (default 3s)")
	verbose := new(bool)
	verboseFlag(fs, verbose, "log the AT traffic to stderr")
	return func(args []string) error {
		return simModem(*vendor, *model, *link, *pin, *boot, *reg, *scan, *verbose, args)
	}
}

func simModem(vendor, model, link, pin string, boot, reg, scan time.Duration, verbose bool, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("sim modem: unexpected argument %q", args[0])
	}
	v := modem.Vendor(vendor)
	if !slices.Contains(modem.Vendors(), v) {
		names := make([]string, 0, len(modem.Vendors()))
		for _, v := range modem.Vendors() {
			names = append(names, string(v))
		}
		return fmt.Errorf("sim modem: unknown vendor %q (%s)", vendor, strings.Join(names, ", "))
	}
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := modem.New(modem.Config{
		Vendor: v, Model: model, PIN: pin,
		BootDelay: boot, RegistrationDelay: reg, ScanDuration: scan,
		Logger: logger,
	})
	defer m.Close()
	if err := m.Start(ctx, link); err != nil {
		return err
	}
	where := m.TTY()
	if link != "" {
		where += " (" + link + ")"
	}
	fmt.Printf("modem simulator (%s %s) on %s\n", v, m.Model(), where)
	if pin != "" {
		fmt.Printf("SIM PIN %s, PUK 12345678\n", pin)
	}
	<-ctx.Done()
	fmt.Println("modem simulator stopped")
	if err := m.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return err
	}
	return nil
}
