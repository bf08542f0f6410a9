package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modem"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

func runOut(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	stdout = &out
	defer func() { stdout = nil }()
	err := run(args)
	return out.String(), err
}

func waitRegisteredSim(t *testing.T, sim *simmodem.Modem) {
	t.Helper()
	testkit.Eventually(t, "the simulator registered", func() bool { return sim.Registration() == 1 })
}

func TestModemStatusHumanAndJSON(t *testing.T) {
	sim := startSim(t, simmodem.Config{})
	waitRegisteredSim(t, sim)
	out, err := runOut(t, "modem", "status", "--port", sim.TTY())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hardware | manufacturer:", "MU709s-2", "registration:   registered, home network", "Telekom.de", "pin tries left: 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	out, err = runOut(t, "modem", "status", "--port", sim.TTY(), "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st modem.Status
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if st.Driver != "huawei" || st.Registration.PLMN != "26201" || st.Signal.Bars == 0 {
		t.Errorf("status %+v", st)
	}
}

func TestModemFPLMNClear(t *testing.T) {
	sim := startSim(t, simmodem.Config{})
	waitRegisteredSim(t, sim)
	if _, err := runOut(t, "at", "--port", sim.TTY(), `AT+CRSM=214,28539,0,0,12,"62F220FFFFFFFFFFFFFFFFFF"`); err != nil {
		t.Fatal(err)
	}
	out, err := runOut(t, "modem", "fplmn", "--port", sim.TTY())
	if err != nil || strings.TrimSpace(out) != "26202" {
		t.Fatalf("fplmn %q %v", out, err)
	}
	out, err = runOut(t, "modem", "fplmn", "--port", sim.TTY(), "--clear")
	if err != nil || !strings.Contains(out, "no forbidden networks") {
		t.Fatalf("fplmn --clear %q %v", out, err)
	}
}

func TestModemPSMSetGet(t *testing.T) {
	sim := startSim(t, simmodem.Config{Vendor: simmodem.Quectel})
	waitRegisteredSim(t, sim)
	out, err := runOut(t, "modem", "psm", "set", "--port", sim.TTY(), "--tau", "140h", "--active", "10s")
	if err != nil || !strings.Contains(out, "PSM on: periodic TAU 140h0m0s, active time 10s") {
		t.Fatalf("psm set %q %v", out, err)
	}
	if !contains(sim.Commands(), `AT+CPSMS=1,,,"01001110","00000101"`) {
		t.Errorf("commands %q", sim.Commands())
	}
}

func TestModemScan(t *testing.T) {
	sim := startSim(t, simmodem.Config{ScanDuration: 1500 * time.Millisecond})
	waitRegisteredSim(t, sim)
	out, err := runOut(t, "modem", "scan", "--port", sim.TTY())
	if err != nil || !strings.Contains(out, "26201") || !strings.Contains(out, "current") {
		t.Fatalf("scan %q %v", out, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestModemCellsScanAndCMDMP(t *testing.T) {
	sim := startSim(t, simmodem.Config{ScanDuration: 1200 * time.Millisecond})
	waitRegisteredSim(t, sim)
	if out, err := runOut(t, "modem", "cells", "--port", sim.TTY()); err != nil || !strings.Contains(out, "serving   WCDMA 26201") {
		t.Errorf("cells %q %v", out, err)
	}
	if out, err := runOut(t, "modem", "scan", "--cells", "--port", sim.TTY()); err != nil || !strings.Contains(out, "26201") {
		t.Errorf("scan --cells %q %v", out, err)
	}
	nb := startSim(t, simmodem.Config{Vendor: simmodem.QuectelNB, Model: "BC35-G"})
	out, err := runOut(t, "modem", "cmdmp", "--port", nb.TTY(), "--disable", "--server", "117.161.2.7:5683", "--period", "420s")
	if err != nil || !strings.Contains(out, "server:") {
		t.Errorf("cmdmp %q %v", out, err)
	}
	if !contains(nb.Commands(), "AT+DMPCONFIG=1,117.161.2.7,5683,420") || !contains(nb.Commands(), "AT+DMPCONFIG=0,0") {
		t.Errorf("commands %q", nb.Commands())
	}
}

// Values for AT commands given on the command line are checked before the
// port is opened.
func TestModemRunRefusesInjectedValues(t *testing.T) {
	for _, args := range [][]string{
		{"--apn", "em\rAT+CFUN=0\rAT"}, {"--pin", "12\r34"}, {"--operator", "26201\rAT+CFUN=0"},
	} {
		_, err := runOut(t, append([]string{"modem", "run", "--port", "/nonexistent/tty"}, args...)...)
		if err == nil || !strings.HasPrefix(err.Error(), "modem: ") || strings.Contains(err.Error(), "nonexistent") {
			t.Errorf("%q: %v", args, err)
		}
	}
}

// bootingSim starts a simulated module and does not wait for it to boot.
func bootingSim(t *testing.T) *simmodem.Modem {
	t.Helper()
	sim := simmodem.New(simmodem.Config{BootDelay: 700 * time.Millisecond, RegistrationDelay: 10 * time.Millisecond})
	if err := sim.Start(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// The modem and sms subcommands sent their first command to a module still
// booting, which lost it and restarted under it, as cellgate at did.
func TestRegressionSubcommandsAgainstBootingModuleFail(t *testing.T) {
	for _, args := range [][]string{
		{"modem", "signal"},
		{"sms", "list"},
	} {
		t.Run(args[0], func(t *testing.T) {
			sim := bootingSim(t)
			out, err := runOut(t, append(args, "--port", sim.TTY())...)
			if err != nil {
				t.Fatalf("%v against a booting module: %v\n%s", args, err, out)
			}
		})
	}
}
