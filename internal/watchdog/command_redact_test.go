package watchdog

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A failing hook's error, which the watchdog logs and records as an event,
// names the command without the password it may carry, such as a smart
// plug's credentials in a URL.
func TestCommandHookErrorMasksPassword(t *testing.T) {
	t.Parallel()
	err := CommandHook("exit 3 # http://admin:plugpass7@127.0.0.1/relay?turn=off password=plugpass7", time.Second)(context.Background())
	if err == nil || strings.Contains(err.Error(), "plugpass7") || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("error: %v", err)
	}
}
