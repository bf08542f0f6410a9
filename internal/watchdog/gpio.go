package watchdog

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// DefaultGPIORoot is the kernel's sysfs GPIO interface.
const DefaultGPIORoot = "/sys/class/gpio"

// GPIO is a sysfs GPIO line wired to the module, typically its power or
// reset line.
type GPIO struct {
	Root      string        // the sysfs GPIO directory (DefaultGPIORoot when empty)
	Line      int           // the line number, N in gpioN
	ActiveLow bool          // asserted is 0 (low) rather than 1
	Hold      time.Duration // how long the line is asserted (1 s when zero)
}

// Pulse asserts the line for Hold and then deasserts it. It exports the line
// first when it is not exported, and makes it an output (starting
// deasserted) when it is not one. Should ctx end during the hold, the line
// is deasserted at once and Pulse fails: it never leaves the line asserted.
func (g GPIO) Pulse(ctx context.Context) error {
	root, hold := cmp.Or(g.Root, DefaultGPIORoot), cmp.Or(g.Hold, time.Second)
	dir := filepath.Join(root, "gpio"+strconv.Itoa(g.Line))
	if err := g.export(ctx, root, dir); err != nil {
		return err
	}
	on, off, offDir := "1", "0", "low"
	if g.ActiveLow {
		on, off, offDir = "0", "1", "high"
	}
	if d, err := os.ReadFile(filepath.Join(dir, "direction")); err != nil {
		return fmt.Errorf("GPIO %d: %w", g.Line, err)
	} else if strings.TrimSpace(string(d)) != "out" {
		// "low" and "high" make it an output with that level, glitch-free.
		if err := writeSysfs(filepath.Join(dir, "direction"), offDir); err != nil {
			return fmt.Errorf("GPIO %d: %w", g.Line, err)
		}
	}
	value := filepath.Join(dir, "value")
	if err := writeSysfs(value, on); err != nil {
		return fmt.Errorf("GPIO %d: %w", g.Line, err)
	}
	t := time.NewTimer(hold)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	if err := writeSysfs(value, off); err != nil {
		return fmt.Errorf("GPIO %d left asserted: %w", g.Line, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("GPIO %d pulse cut short: %w", g.Line, err)
	}
	return nil
}

// export makes the line's directory appear, waiting up to a second for the
// kernel (and udev) after writing its number to export.
func (g GPIO) export(ctx context.Context, root, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "value")); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("GPIO %d: %w", g.Line, err)
	}
	if err := writeSysfs(filepath.Join(root, "export"), strconv.Itoa(g.Line)); err != nil {
		return fmt.Errorf("GPIO %d: export: %w", g.Line, err)
	}
	deadline := time.Now().Add(time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "value")); err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("GPIO %d: %s did not appear after export", g.Line, dir)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// writeSysfs writes one value to an existing sysfs attribute.
func writeSysfs(path, v string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(v)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
