package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

func startSim(t *testing.T, cfg modem.Config) *modem.Modem {
	t.Helper()
	cfg.BootDelay = time.Millisecond
	cfg.RegistrationDelay = 10 * time.Millisecond
	sim := modem.New(cfg)
	if err := sim.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	testkit.Eventually(t, "the simulator booted", func() bool { return sim.Status().Booted })
	return sim
}

func TestATOneShot(t *testing.T) {
	sim := startSim(t, modem.Config{})
	var out bytes.Buffer
	stdout = &out
	defer func() { stdout = nil }()
	if err := run([]string{"at", "--port", sim.TTY(), "AT+CGMM", "AT+CMEE=2", "AT+CPMS=\"XX\""}); err == nil {
		t.Error("a failing command must fail the run")
	}
	got := out.String()
	for _, want := range []string{sim.Model() + "\nOK\n", "OK\n", "ERROR"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestATConsolePrintsURCs(t *testing.T) {
	sim := startSim(t, modem.Config{})
	pr, pw := io.Pipe()
	var out testkit.Buffer
	stdin, stdout = pr, &out
	defer func() { stdin, stdout = nil, nil }()
	done := make(chan error, 1)
	go func() { done <- run([]string{"at", "--port", sim.TTY()}) }()
	io.WriteString(pw, "AT+CREG=1\n")
	waitOutput(t, &out, "OK")
	sim.SetRegistration(5) // roaming: the console shows the URC unasked
	waitOutput(t, &out, "+CREG: 5")
	io.WriteString(pw, "AT+CMGF=1\nAT+CMGS=\"+491701234567\"\nhello\n")
	waitOutput(t, &out, "+CMGS: ")
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s := sim.Sent(); len(s) != 1 || s[0].Text != "hello" {
		t.Errorf("sent %+v", s)
	}
}

func waitOutput(t *testing.T, b *testkit.Buffer, want string) {
	t.Helper()
	testkit.Eventually(t, fmt.Sprintf("output %q", want), func() bool { return strings.Contains(b.String(), want) })
}

func TestDemoRunsTheSession(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo takes seconds")
	}
	var out testkit.Buffer
	stdout = &out
	defer func() { stdout = nil }()
	if err := run([]string{"demo", "--at"}); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	for _, want := range []string{"+CPIN: READY", "! +CMTI:", `"apn=em;usr=;pwd=;"`, "+CMGS: ", "! +CREG: 5",
		"modem unavailable", "modem available", "recovered"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if strings.Contains(out.String(), `"1234"`) {
		t.Error("the demo printed the PIN")
	}
}

// A module still booting loses what it is sent and then says ^SYSSTART
// (RDY on Quectel): the first command failed with "modem restarted during
// the command". cellgate at must wait until the module answers.
func TestRegressionATAgainstBootingModuleFails(t *testing.T) {
	for _, vendor := range []modem.Vendor{modem.Huawei, modem.Quectel} {
		t.Run(string(vendor), func(t *testing.T) {
			sim := modem.New(modem.Config{Vendor: vendor, BootDelay: 700 * time.Millisecond, RegistrationDelay: 10 * time.Millisecond})
			if err := sim.Start(context.Background(), ""); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { sim.Close() })
			var out bytes.Buffer
			stdout = &out
			defer func() { stdout = nil }()
			if err := run([]string{"at", "--port", sim.TTY(), "AT+CGMM"}); err != nil {
				t.Fatalf("at against a booting module: %v\n%s", err, out.String())
			}
			if got := out.String(); !strings.Contains(got, sim.Model()+"\nOK\n") || strings.Contains(got, "# ") {
				t.Errorf("output:\n%s", got)
			}
		})
	}
}

// A module that never answers: the wait for it is bounded by --timeout.
func TestATWaitForSilentModuleIsBounded(t *testing.T) {
	sim := startSim(t, modem.Config{})
	sim.Freeze(true)
	var out bytes.Buffer
	stdout = &out
	defer func() { stdout = nil }()
	start := time.Now()
	err := run([]string{"at", "--port", sim.TTY(), "--timeout", "300ms", "AT+CGMM"})
	if err == nil || !strings.Contains(err.Error(), "did not answer AT within 300ms") {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v", d)
	}
	if out.Len() != 0 {
		t.Errorf("the command ran on a module that never answered:\n%s", out.String())
	}
}
