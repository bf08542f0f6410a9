package retry

import (
	"context"
	"testing"
	"time"
)

func TestSleepEndsWithContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if Sleep(ctx, time.Hour) {
		t.Error("Sleep on an ended context reported that the hour passed")
	}
	if SleepOn(ctx, System, 0) {
		t.Error("a zero sleep on an ended context reported success")
	}
}

func TestSleepPasses(t *testing.T) {
	t.Parallel()
	if !Sleep(context.Background(), time.Millisecond) {
		t.Error("a millisecond did not pass")
	}
	if !SleepOn(context.Background(), nil2System(), -time.Second) {
		t.Error("a negative sleep did not return at once")
	}
}

func nil2System() Clock { return OrSystem(nil) }
