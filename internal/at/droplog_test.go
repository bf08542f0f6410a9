package at

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// A storm of URCs while a handler is stuck drops notifications: each drop
// is counted, but the log gets one line for the storm, not one per URC (a
// storm of 5,000 +CREG once wrote hundreds of identical lines).
func TestDroppedURCsLoggedOncePerStorm(t *testing.T) {
	t.Parallel()
	var log testkit.Buffer
	f := newFake(t, false, map[string]string{"AT": "\r\nOK\r\n"})
	e := startEngine(t, f, Config{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	e.Handle("+STORM:", 0, func(URC) {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-release
	})
	defer close(release)
	f.send("\r\n+STORM: 0\r\n")
	<-entered // the dispatcher is now stuck in the handler
	const storm = 3000
	var b strings.Builder
	for i := 0; i < storm; i++ {
		b.WriteString("\r\n+STORM: 1\r\n")
	}
	f.send(b.String())
	deadline := time.Now().Add(10 * time.Second)
	for e.Stats().Dropped < storm-1024-1 {
		if time.Now().After(deadline) {
			t.Fatalf("dropped %d of a storm of %d with a stuck handler", e.Stats().Dropped, storm)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := strings.Count(log.String(), "handlers are too slow"); n != 1 {
		t.Errorf("%d log lines for %d dropped notifications; want 1:\n%s", n, e.Stats().Dropped, log.String())
	}
	if !strings.Contains(log.String(), "dropped=1 ") {
		t.Errorf("the first line does not count the first drop:\n%s", log.String())
	}
}
