package modem

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

func TestBootAnnouncesSYSSTART(t *testing.T) {
	t.Parallel()
	// Guide 2.1.1: ^SYSSTART when the module starts, and not again.
	m := New(fast(Config{BootDelay: 50 * time.Millisecond}))
	defer m.Close()
	c := serve(t, m)
	c.send("AT\r") // lost: the module is still booting
	if got := c.expect("\r\n^SYSSTART\r\n"); got != "\r\n^SYSSTART\r\n" {
		t.Fatalf("boot output %q", got)
	}
	c.ok("AT")
	c.silent(50 * time.Millisecond)
}

func TestWireFormat(t *testing.T) {
	t.Parallel()
	_, c := start(t, Config{})
	// echo is the command as received, responses are framed by CR LF
	if got := c.raw("AT+CSQ"); got != "AT+CSQ\r\r\n+CSQ: 11,99\r\n\r\nOK\r\n" {
		t.Errorf("CSQ %q", got)
	}
	if got := c.raw("at+cgmi"); got != "at+cgmi\r\r\nHuawei Technologies Co., Ltd.\r\n\r\nOK\r\n" {
		t.Errorf("lower case %q", got)
	}
	// characters before AT are ignored; a line without AT gets no answer
	c.send("hello\r")
	c.expect("hello\r")
	c.silent(30 * time.Millisecond)
	c.want("xyAT", "OK")
	// backspace edits the line
	if got := c.raw("AT+CSX\bQ"); !strings.HasSuffix(got, "\r\n+CSQ: 11,99\r\n\r\nOK\r\n") {
		t.Errorf("backspace %q", got)
	}
	// unknown command
	c.want("AT+FOO", "ERROR")
	c.want("AT+CMEE=1;+FOO", "ERROR")
	// several commands on one line, one final result
	c.want("AT+CMEE=2;+CGMM;+CGMR;E0", "OK", "MU709s-2", "11.652.60.00.00")
	if got := c.raw("AT+CMEE?"); got != "\r\n+CMEE: 2\r\n\r\nOK\r\n" {
		t.Errorf("echo off: %q", got)
	}
	// A/ repeats the last line at once, without CR
	c.send("A/")
	if got, ok := c.until(finalRE, time.Second); !ok || got != "\r\n+CMEE: 2\r\n\r\nOK\r\n" {
		t.Errorf("A/ %q", got)
	}
	// numeric results
	c.send("ATV0\r")
	c.expect("0\r")
	c.send("AT+CSQ\r")
	c.expect("+CSQ: 11,99\r\n0\r")
	c.send("AT+FOO\r")
	c.expect("4\r")
	c.send("ATV1Q1\r")
	c.silent(30 * time.Millisecond)
	c.send("ATQ0\r")
	c.expect("\r\nOK\r\n")
	// ATZ restores the settings: echo is back
	c.send("ATZ\r")
	c.expect("\r\nOK\r\n")
	c.ok("AT")
}

func TestSerialSettings(t *testing.T) {
	t.Parallel()
	// Guide chapter 3.
	_, c := start(t, Config{})
	for _, tc := range []struct{ cmd, final, info string }{
		{"AT+IPR?", "OK", "+IPR: 115200"},
		{"AT+IPR=9800", "ERROR", ""},
		{"AT+IPR=ABCD", "ERROR", ""},
		{"AT+IPR=921600", "OK", ""},
		{"AT+IPR?", "OK", "+IPR: 921600"},
		{"AT+IPR=0", "OK", ""},
		{"AT&D0", "OK", ""},
		{"AT&D2", "OK", ""},
		{"AT&D1", "ERROR", ""},
		{"AT&C0", "OK", ""},
		{"AT&C1", "OK", ""},
		{"AT&C2", "ERROR", ""},
		{"AT&CA", "ERROR", ""},
		{"AT+IFC=0,0", "OK", ""},
		{"AT+IFC=2,2", "OK", ""},
		{"AT+IFC?", "OK", "+IFC: 2,2"},
		{"AT+IFC=4,0", "ERROR", ""},
		{"AT+IFC=0,4", "ERROR", ""},
		{"ATE2", "ERROR", ""},
		{"ATS7?", "OK", "060"},
		{"ATS7=30", "OK", ""},
		{"ATS7?", "OK", "030"},
		{"AT+CSCS=?", "OK", `+CSCS: ("IRA","GSM","UCS2")`},
		{"AT+CSCS?", "OK", `+CSCS: "IRA"`},
		{`AT+CSCS="UCS2"`, "OK", ""},
		{`AT+CSCS="KOI8"`, "ERROR", ""},
		{"AT+CMEE=3", "ERROR", ""},
	} {
		if tc.info == "" {
			c.want(tc.cmd, tc.final)
		} else {
			c.want(tc.cmd, tc.final, tc.info)
		}
	}
}

func TestIdentity(t *testing.T) {
	t.Parallel()
	// Guide 2.2.1.
	_, c := start(t, Config{})
	for _, tc := range []struct{ cmd, info string }{
		{"AT+CGMI", "Huawei Technologies Co., Ltd."},
		{"AT+GMI", "Huawei Technologies Co., Ltd."},
		{"AT+CGMM", "MU709s-2"},
		{"AT+GMM", "MU709s-2"},
		{"AT+CGMR", "11.652.60.00.00"},
		{"AT+GMR", "11.652.60.00.00"},
		{"AT+CGSN", "865261010004010"},
		{"AT+GSN", "865261010004010"},
		{"AT+CIMI", "262011234567890"},
		{"AT+CNUM", `+CNUM: "","+4915112345678",145`},
	} {
		c.want(tc.cmd, "OK", tc.info)
	}
	c.want("ATI", "OK", "Manufacturer: Huawei Technologies Co., Ltd.", "Model: MU709s-2",
		"Revision: 11.652.60.00.00", "IMEI: 865261010004010", "+GCAP: +CGSM,+DS,+ES")
	c.ok("AT+CGMI=?")
}

func TestDefaultsAreValid(t *testing.T) {
	t.Parallel()
	for _, v := range []Vendor{Huawei, Quectel} {
		cfg := Config{Vendor: v}.withDefaults()
		if len(cfg.IMEI) != 15 || withLuhn(cfg.IMEI[:14]) != cfg.IMEI {
			t.Errorf("%s IMEI %s fails the Luhn check", v, cfg.IMEI)
		}
		if !strings.HasPrefix(cfg.ICCID, "89") || withLuhn(cfg.ICCID[:len(cfg.ICCID)-1]) != cfg.ICCID {
			t.Errorf("%s ICCID %s", v, cfg.ICCID)
		}
		if !strings.HasPrefix(cfg.IMSI, cfg.Operator.PLMN) || len(cfg.IMSI) != 15 {
			t.Errorf("%s IMSI %s", v, cfg.IMSI)
		}
	}
	if got := withLuhn("49015420323751"); got != "490154203237518" {
		t.Errorf("Luhn %s", got)
	}
}

func TestCMEEModes(t *testing.T) {
	t.Parallel()
	// Guide 1.2.2: without a SIM, SIM-dependent commands fail with SIM failure.
	m, c := start(t, Config{})
	m.RemoveSIM()
	c.expect("\r\n^SIMST: 255\r\n")
	c.want("AT+CMEE=0;+CREG?", "ERROR")
	c.want("AT+CMEE=1;+CREG?", "+CME ERROR: 13")
	c.want("AT+CMEE=2;+CREG?", "+CME ERROR: SIM failure")
	c.want("AT+COPS?", "+CME ERROR: SIM failure")
	c.want("AT^NDISDUP=1,1,\"1234\"", "+CME ERROR: SIM failure")
	c.want("AT+CPIN?", "+CME ERROR: SIM failure")
	// commands that do not need the SIM still work
	c.want("AT+CSQ", "OK", "+CSQ: 11,99")
	c.want("AT+CREG=?", "OK", "+CREG: (0-2)")
	m.InsertSIM()
	c.expect("\r\n^SIMST: 1\r\n")
	c.want("AT+CPIN?", "OK", "+CPIN: READY")
}

func TestCommandsAreRecorded(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{})
	c.ok("AT")
	c.want("AT+CSQ", "OK", "+CSQ: 11,99")
	got := m.Commands()
	if len(got) != 2 || got[0] != "AT" || got[1] != "AT+CSQ" {
		t.Fatalf("Commands %q", got)
	}
}

func TestResponseDelay(t *testing.T) {
	t.Parallel()
	_, c := start(t, Config{ResponseDelay: 100 * time.Millisecond})
	t0 := time.Now()
	c.ok("AT")
	if d := time.Since(t0); d < 100*time.Millisecond {
		t.Fatalf("answered after %v", d)
	}
}

func TestServeEndsWhenStreamFails(t *testing.T) {
	t.Parallel()
	m := New(fast(Config{}))
	defer m.Close()
	a, b := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- m.Serve(context.Background(), a) }()
	b.Close()
	select {
	case err := <-done:
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Serve did not return")
	}
	a.Close()
}

func TestCloseEndsServe(t *testing.T) {
	t.Parallel()
	m := New(fast(Config{}))
	a, b := net.Pipe()
	defer b.Close()
	done := make(chan error, 1)
	go func() { done <- m.Serve(context.Background(), a) }()
	booted(t, m) // Serve runs
	m.Close()
	m.Close() // idempotent
	if err := <-done; err != nil {
		t.Fatalf("Serve after Close: %v", err)
	}
	if err := m.Serve(context.Background(), a); !errors.Is(err, ErrClosed) {
		t.Fatalf("Serve on a closed modem: %v", err)
	}
}

func TestTwoPortsShareTheModule(t *testing.T) {
	t.Parallel()
	// Guide 1.2.1: several ports; indications go to all of them, commands
	// are processed one at a time.
	m := New(fast(Config{ScanDuration: 300 * time.Millisecond}))
	defer m.Close()
	c1 := serve(t, m)
	c2 := serve(t, m)
	c1.expect("^SYSSTART\r\n")
	c2.expect("^SYSSTART\r\n")
	c1.running(m, "AT+COPS=?")
	t0 := time.Now()
	c2.ok("AT")
	if d := time.Since(t0); d < 200*time.Millisecond {
		t.Errorf("second port answered after %v, during the scan", d)
	}
	c1.expect("\r\nOK\r\n")
	m.Unsolicited("+TEST: 1")
	c1.expect("\r\n+TEST: 1\r\n")
	c2.expect("\r\n+TEST: 1\r\n")
}
