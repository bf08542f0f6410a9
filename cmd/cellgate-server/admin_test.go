package main

import (
	"strings"
	"testing"
)

func TestAdminCreate(t *testing.T) {
	t.Parallel()
	file := serverConfig(t)
	r := runArgs("admin", "create", "-c", file, "--email", "ops@example.com", "--org", "Acme")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	for _, label := range []string{"user:              ops@example.com (admin, organisation ", "password:          ", "application token: ", "TOTP secret:       ", "TOTP URL:          otpauth://totp/"} {
		if !strings.Contains(r.stdout, "\n"+label) && !strings.HasPrefix(r.stdout, label) {
			t.Errorf("stdout lacks %q: %q", label, r.stdout)
		}
	}

	// The same address again is refused, whatever the organisation.
	again := runArgs("admin", "create", "-c", file, "--email", "ops@example.com", "--org", "Acme")
	if again.code != 1 || again.stdout != "" {
		t.Fatalf("second create: %+v", again)
	}
	if want := "cellgate-server: admin create: email: the e-mail address ops@example.com is already in use\n"; again.stderr != want {
		t.Errorf("second create: stderr %q, want %q", again.stderr, want)
	}

	// A viewer has no TOTP secret.
	v := runArgs("admin", "create", "-c", file, "--email", "viewer@example.com", "--role", "viewer")
	if v.code != 0 || strings.Contains(v.stdout, "TOTP secret:") || !strings.Contains(v.stdout, "(viewer, organisation ") {
		t.Errorf("viewer: %+v", v)
	}
}
