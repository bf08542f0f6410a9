package config

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Action is a watchdog's power_cycle or reboot step: a GPIO line to pulse
// or a shell command.
type Action struct {
	GPIO      int    // line number, when Command is ""
	ActiveLow bool   // the line is pulsed low
	Command   string // run with /bin/sh -c
}

// ParseAction reads "gpio:N", "gpio:N:active-low" or a shell command.
// An empty string is the zero Action with ok false: the step is skipped.
func ParseAction(s string) (a Action, ok bool, err error) {
	if strings.TrimSpace(s) == "" {
		return Action{}, false, nil
	}
	rest, isGPIO := strings.CutPrefix(s, "gpio:")
	if !isGPIO {
		return Action{Command: s}, true, nil
	}
	line, mode, _ := strings.Cut(rest, ":")
	n, err := strconv.Atoi(line)
	if err != nil || n < 0 || (mode != "" && mode != "active-low") {
		return Action{}, false, fmt.Errorf("%q is not a GPIO line; expected gpio:N or gpio:N:active-low, such as gpio:17", s)
	}
	return Action{GPIO: n, ActiveLow: mode == "active-low"}, true, nil
}

// ParseHost reads a network watchdog host: "tcp:HOST:PORT" or
// "icmp:HOST" ("" is the MQTT broker over TCP).
func ParseHost(s string) (network, address string, err error) {
	if s == "" {
		return "", "", nil
	}
	const want = "expected tcp:HOST:PORT or icmp:HOST, such as tcp:8.8.8.8:53"
	network, address, _ = strings.Cut(s, ":")
	switch network {
	case "tcp":
		if err := hostPort(address, false); err != nil {
			return "", "", fmt.Errorf("%q: %v; %s", s, err, want)
		}
	case "icmp":
		if address == "" || strings.ContainsAny(address, " /") || strings.Contains(address, ":") && net.ParseIP(address) == nil {
			return "", "", fmt.Errorf("%q: not a host; %s", s, want)
		}
	default:
		return "", "", fmt.Errorf("%q is not a host to check; %s", s, want)
	}
	return network, address, nil
}

func (k *checker) watchdog(c *Config) {
	w := c.Watchdog
	if m := w.Modem; *m.Enabled {
		const p = "watchdog.modem"
		k.positive(p+".interval", m.Interval, "60s")
		k.positive(p+".timeout", m.Timeout, "5s")
		k.failures(p, m.Failures)
		if _, _, err := ParseAction(m.PowerCycle); err != nil {
			k.errorf(p+".power_cycle", "%v", err)
		}
		if _, _, err := ParseAction(m.Reboot); err != nil {
			k.errorf(p+".reboot", "%v", err)
		}
	}
	if n := w.Network; *n.Enabled {
		const p = "watchdog.network"
		k.positive(p+".interval", n.Interval, "60s")
		k.positive(p+".timeout", n.Timeout, "10s")
		k.failures(p, n.Failures)
		k.positive(p+".unregistered", n.Unregistered, "10m")
		if _, _, err := ParseHost(n.Host); err != nil {
			k.errorf(p+".host", "%v", err)
		}
	}
	if a := w.Application; *a.Enabled {
		const p = "watchdog.application"
		k.positive(p+".interval", a.Interval, "60s")
		k.positive(p+".stall", a.Stall, "10m")
		k.positive(p+".backlog", a.Backlog, "1h")
	}
}

func (k *checker) failures(p string, n int) {
	if n < 1 {
		k.errorf(p+".failures", "%d: expected a number of failures of 1 or more, such as 3", n)
	}
}
