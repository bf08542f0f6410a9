package testkit

import (
	"testing"
)

func TestProgramFindsAnInstalledOne(t *testing.T) {
	t.Parallel()
	if p := Program(t, "sh", "it is everywhere"); p == "" {
		t.Error("no path for sh")
	}
}
