package gateway

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/config"
)

// The modem trace records the AT traffic and stays within its cap on
// flash: the smallest cap rotates during bring-up.
func TestModemTraceCapped(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	cfg := r.loadConfig()
	trace := filepath.Join(r.dir, "at.log")
	cfg.Modem.Trace = trace
	cfg.Modem.TraceMaxBytes = config.Size(4 << 10)
	r.startWith(cfg)
	r.eventually(30*time.Second, "the trace rotated", func() bool {
		_, err := os.Stat(trace + ".1")
		return err == nil
	})
	r.eventually(20*time.Second, "the modem online", r.modemOnline)
	var all strings.Builder
	for _, p := range []string{trace + ".1", trace} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 4<<10 {
			t.Errorf("%s holds %d bytes; cap 4KiB", p, len(b))
		}
		if len(b) > 0 && b[len(b)-1] != '\n' {
			t.Errorf("%s ends in a partial line", p)
		}
		all.Write(b)
	}
	got := all.String()
	for _, want := range []string{`> "AT+CPIN?\r"`, `< "+CPIN: READY"`, `< "OK"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the trace lacks %s:\n%s", want, got)
		}
	}
}
