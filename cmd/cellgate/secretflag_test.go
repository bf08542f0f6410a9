package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// captureStderr collects the warnings printed while a test runs.
func captureStderr(t *testing.T) *bytes.Buffer {
	t.Helper()
	var b bytes.Buffer
	stderr = &b
	t.Cleanup(func() { stderr = os.Stderr })
	return &b
}

func writeSecret(t *testing.T, text string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func parseSecret(t *testing.T, args ...string) (string, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	s := newSecretFlag(fs, "pin", "SIM PIN")
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	return s.get()
}

// modem run took the PIN only as --pin, which every local user reads in
// /proc/PID/cmdline: --pin-file reads it from a file, and --pin warns.
func TestModemRunPINFileKeepsThePINOutOfTheProcessList(t *testing.T) {
	warn := captureStderr(t)
	// The PIN from the file reaches the checked configuration: "12x4" is
	// refused as a PIN before the port is opened.
	_, err := runOut(t, "modem", "run", "--port", "/nonexistent/tty", "--pin-file", writeSecret(t, "12x4\n", 0o600))
	if err == nil || !strings.Contains(err.Error(), "modem: PIN") || strings.Contains(err.Error(), "12x4") {
		t.Errorf("--pin-file with a bad PIN: %v; want the PIN refused, without its value", err)
	}
	if warn.Len() != 0 {
		t.Errorf("a private PIN file drew a warning: %s", warn)
	}
	_, err = runOut(t, "modem", "run", "--port", "/nonexistent/tty", "--pin", "1234")
	if err == nil || strings.Contains(err.Error(), "PIN") {
		t.Errorf("--pin 1234: %v; want only the port to fail", err)
	}
	if !strings.Contains(warn.String(), "--pin is visible to every user") || !strings.Contains(warn.String(), "--pin-file") {
		t.Errorf("--pin printed no warning: %q", warn)
	}
}

// The PDP password of modem run has the same two forms.
func TestModemRunPasswordFile(t *testing.T) {
	warn := captureStderr(t)
	_, err := runOut(t, "modem", "run", "--port", "/nonexistent/tty", "--password-file", writeSecret(t, "s3cret\n", 0o600))
	if err == nil || !strings.Contains(err.Error(), "password without user") {
		t.Errorf("--password-file without --user: %v; want the password refused without a user", err)
	}
	_, err = runOut(t, "modem", "run", "--port", "/nonexistent/tty", "--user", "fleet", "--password", "s3cret")
	if err == nil || strings.Contains(err.Error(), "password") {
		t.Errorf("--user and --password: %v; want only the port to fail", err)
	}
	if !strings.Contains(warn.String(), "--password is visible to every user") {
		t.Errorf("--password printed no warning: %q", warn)
	}
}

// A secret file is read as the configuration reads {file: PATH}.
func TestSecretFlagReadsFilesLikeTheConfiguration(t *testing.T) {
	warn := captureStderr(t)
	if v, err := parseSecret(t, "--pin-file", writeSecret(t, "4711 \r\n\n", 0o600)); err != nil || v != "4711" {
		t.Errorf("private file: %q, %v; want 4711", v, err)
	}
	if warn.Len() != 0 {
		t.Errorf("warning for a private file: %s", warn)
	}
	loose := writeSecret(t, "4711\n", 0o644)
	if v, err := parseSecret(t, "--pin-file", loose); err != nil || v != "4711" {
		t.Errorf("readable file: %q, %v; want 4711", v, err)
	}
	if want := "--pin-file: " + loose + " is readable by others (mode 0644); chmod 600 " + loose; !strings.Contains(warn.String(), want) {
		t.Errorf("warning %q; want %q", warn, want)
	}
	if _, err := parseSecret(t, "--pin-file", writeSecret(t, "\n", 0o600)); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Errorf("empty file: %v", err)
	}
	if _, err := parseSecret(t, "--pin-file", t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("directory: %v", err)
	}
	if _, err := parseSecret(t, "--pin", "4711", "--pin-file", writeSecret(t, "4711", 0o600)); err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("both forms: %v", err)
	}
	if v, err := parseSecret(t); err != nil || v != "" {
		t.Errorf("no flag: %q, %v", v, err)
	}
}
