package smsgw

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/testkit"
)

// A service centre number with a line break must not put a second command
// on the line: setup refuses it and says so.
func TestInjectedServiceCentreNeverReachesTheLine(t *testing.T) {
	t.Parallel()
	logged := &testkit.Buffer{}
	r := newRig(t, Config{SMSC: "+49171\rAT+CFUN=0", Logger: slog.New(slog.NewTextHandler(logged, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	testkit.Eventually(t, "the setup to fail or the command to arrive", func() bool {
		return strings.Contains(logged.String(), "SMS setup failed") || r.count("AT+CFUN=0") > 0
	})
	if n := r.count("AT+CFUN=0"); n > 0 {
		t.Fatalf("AT+CFUN=0 reached the module; commands %q", r.sim.Commands())
	}
	if l := logged.String(); !strings.Contains(l, "service centre") {
		t.Errorf("the log does not name the service centre: %s", l)
	}
}
