package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The router's binary must stay small and must not carry the fleet
// server: nothing under internal/server, no database driver, no OpenAPI or
// browser tooling may reach cmd/cellgate's imports.
func TestRouterImportsNoServerCode(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	forbidden := []string{
		"github.com/cellgate/cellgate/internal/server",
		"github.com/cellgate/cellgate/cmd/cellgate-server",
		"github.com/jackc/pgx",
		"modernc.org/sqlite",
		"github.com/getkin/kin-openapi",
		"github.com/chromedp",
		"github.com/cellgate/cellgate/internal/testkit",
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if pkg == f || strings.HasPrefix(pkg, f+"/") {
				t.Errorf("cmd/cellgate imports %s", pkg)
			}
		}
	}
}
