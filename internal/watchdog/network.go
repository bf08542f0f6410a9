package watchdog

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// Registered returns a network check on the modem's own view: status
// reports whether the module is registered, whether the data bearer is up,
// and whether a bearer is wanted at all. The check fails when the module is
// not registered, or a wanted bearer is down.
func Registered(status func() (registered, bearerUp, wantData bool)) func(ctx context.Context) error {
	return func(context.Context) error {
		registered, up, want := status()
		switch {
		case !registered:
			return errors.New("not registered with the network")
		case want && !up:
			return errors.New("registered, but the data bearer is down")
		}
		return nil
	}
}

// Reachable returns a network check that reaches a known endpoint, each
// attempt bounded by timeout: "tcp:host:port" connects (and hangs up),
// "icmp:host" sends an ICMP echo request over an unprivileged ping socket
// (IPv4) and waits for the reply. A registered module with its bearer up
// that reaches nothing is the silent failure Registered cannot see.
func Reachable(target string, timeout time.Duration) (func(ctx context.Context) error, error) {
	if timeout <= 0 {
		return nil, fmt.Errorf("watchdog: reachability of %q: timeout must be positive", target)
	}
	kind, addr, _ := strings.Cut(target, ":")
	switch kind {
	case "tcp":
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return nil, fmt.Errorf("watchdog: target %q: want tcp:host:port: %v", target, err)
		}
		return func(ctx context.Context) error {
			d := net.Dialer{Timeout: timeout}
			c, err := d.DialContext(ctx, "tcp", addr)
			if err != nil {
				return fmt.Errorf("cannot reach %s: %w", target, err)
			}
			return c.Close()
		}, nil
	case "icmp":
		if addr == "" {
			return nil, fmt.Errorf("watchdog: target %q: want icmp:host", target)
		}
		if ip, err := netip.ParseAddr(addr); err == nil && !ip.Is4() {
			return nil, fmt.Errorf("watchdog: target %q: ICMP echo is IPv4 only", target)
		}
		return func(ctx context.Context) error { return ping(ctx, addr, timeout) }, nil
	}
	return nil, fmt.Errorf("watchdog: target %q: want tcp:host:port or icmp:host", target)
}

// All returns a check that runs checks in order and fails with the first
// failure; nil checks are skipped. The network layer uses it to require both
// registration and reachability.
func All(checks ...func(ctx context.Context) error) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		for _, c := range checks {
			if c == nil {
				continue
			}
			if err := c(ctx); err != nil {
				return err
			}
		}
		return nil
	}
}
