package watchdog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Hook turns a configured recovery hook into an action function:
//
//   - "" is no hook: nil, so that a ladder builder leaves the step out;
//   - "gpio:N" or "gpio:N:active-low" pulses sysfs GPIO line N (GPIO with
//     the default root and hold time), as a power-cycle line of the module;
//   - anything else is a shell command, run with /bin/sh -c within
//     DefaultHookTimeout (CommandHook).
func Hook(spec string) (func(ctx context.Context) error, error) {
	spec = strings.TrimSpace(spec)
	switch {
	case spec == "":
		return nil, nil
	case strings.HasPrefix(spec, "gpio:"):
		g, err := parseGPIO(spec)
		if err != nil {
			return nil, err
		}
		return g.Pulse, nil
	}
	return CommandHook(spec, DefaultHookTimeout), nil
}

// parseGPIO reads "gpio:N" or "gpio:N:active-low".
func parseGPIO(spec string) (GPIO, error) {
	parts := strings.Split(spec, ":")
	bad := fmt.Errorf("watchdog: hook %q: want gpio:N or gpio:N:active-low", spec)
	if len(parts) < 2 || len(parts) > 3 {
		return GPIO{}, bad
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < 0 {
		return GPIO{}, bad
	}
	g := GPIO{Line: n}
	if len(parts) == 3 {
		if parts[2] != "active-low" {
			return GPIO{}, bad
		}
		g.ActiveLow = true
	}
	return g, nil
}
