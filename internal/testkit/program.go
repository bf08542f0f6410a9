package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// RequireIntegration is the environment variable that turns a missing
// program from a skipped integration test into a failed one.
const RequireIntegration = "CELLGATE_REQUIRE_INTEGRATION"

// Program returns the path of an installed program an integration test
// runs (mosquitto, gammu, mbpoll), looked up on PATH and then in /usr/sbin.
// When it is missing the test is skipped, or fails when
// CELLGATE_REQUIRE_INTEGRATION is set; install names how to get it.
func Program(tb testing.TB, name, install string) string {
	tb.Helper()
	if path, err := exec.LookPath(name); err == nil {
		return path
	}
	if path := filepath.Join("/usr/sbin", name); isExecutable(path) {
		return path
	}
	if os.Getenv(RequireIntegration) != "" {
		tb.Fatalf("%s is not installed (%s) and %s is set", name, install, RequireIntegration)
	}
	tb.Skipf("%s is not installed (%s)", name, install)
	return ""
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}
