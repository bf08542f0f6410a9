package watchdog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/cellgate/cellgate/internal/redact"
)

// DefaultHookTimeout bounds a command hook made by Hook.
const DefaultHookTimeout = time.Minute

// maxHookOutput bounds the output a failing command hook reports.
const maxHookOutput = 1024

// CommandHook returns an action that runs line with /bin/sh -c, bounded by
// timeout and by its context; when either ends, the command and what it
// started are killed. A failure carries the combined output (its last
// kilobyte); it names the command and shows the output with their
// passwords masked (redact.Command).
func CommandHook(line string, timeout time.Duration) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", line)
		cmd.WaitDelay = time.Second
		killGroup(cmd)
		out, err := cmd.CombinedOutput()
		if err == nil {
			return nil
		}
		out = bytes.TrimSpace(out)
		if len(out) > maxHookOutput {
			out = append([]byte("..."), out[len(out)-maxHookOutput:]...)
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("timed out after %v (%w)", timeout, err)
		}
		name := redact.Command(line) // the error is logged and recorded
		if len(out) > 0 {
			return fmt.Errorf("hook %q: %w: %s", name, err, redact.Command(string(out)))
		}
		return fmt.Errorf("hook %q: %w", name, err)
	}
}
