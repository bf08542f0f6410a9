package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/gateway"
)

// statusFlags is "cellgate status": the running daemon's state from its
// local status API, for a human (or as JSON).
func statusFlags(fs *flag.FlagSet) func([]string) error {
	var out output
	out.add(fs)
	addr := fs.String("addr", "", "status API address (default: metrics.listen of the configuration, else 127.0.0.1:9110)")
	path := fs.String("c", defaultConfig, "configuration `FILE`, for the status API's address")
	return func(args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("status: unexpected argument %q", args[0])
		}
		return runStatus(*addr, *path, out.json)
	}
}

func runStatus(addr, path string, asJSON bool) error {
	if addr == "" {
		addr = "127.0.0.1:9110"
		if cfg, err := config.Load(path); err == nil && cfg.Metrics.Listen != "off" {
			addr = cfg.Metrics.Listen
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/status", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("is cellgate running? %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status API: %s", resp.Status)
	}
	if asJSON {
		_, err := stdout.Write(body)
		return err
	}
	var s gateway.Status
	if err := json.Unmarshal(body, &s); err != nil {
		return fmt.Errorf("status API: %w", err)
	}
	printGateway(stdout, s)
	return nil
}

// printGateway renders a status for a human, one aspect per line.
func printGateway(w io.Writer, s gateway.Status) {
	line := func(k, format string, args ...any) { fmt.Fprintf(w, "%-10s %s\n", k, fmt.Sprintf(format, args...)) }
	line("cellgate", "%s, up %s, configuration %s", s.Version, s.Uptime, s.Config)
	line("IMEI", "%s", orDash(s.IMEI))
	if m := s.Modem; m != nil {
		port := "port open"
		if !s.ModemUp {
			port = "port not open"
		}
		line("modem", "%s · %s %s %s · %s", m.State, m.Manufacturer, m.Model, m.Firmware, port)
		line("SIM", "%s · ICCID %s · IMSI %s", orDash(string(m.SIM)), orDash(m.ICCID), orDash(m.IMSI))
		r := m.Registration
		roam := ""
		if r.Roaming {
			roam = " (roaming)"
		}
		line("network", "%s%s · %s %s %s · LAC %s CI %s", orDash(r.State), roam, orDash(r.Operator), r.PLMN, r.RAT, orDash(r.LAC), orDash(r.CI))
		sig := []string{fmt.Sprintf("%d/5 bars", m.Signal.Bars)}
		for _, q := range []struct {
			name, unit string
			v          *float64
		}{{"RSSI", "dBm", m.Signal.RSSI}, {"RSRP", "dBm", m.Signal.RSRP}, {"RSRQ", "dB", m.Signal.RSRQ}, {"SINR", "dB", m.Signal.SINR}} {
			if q.v != nil {
				sig = append(sig, fmt.Sprintf("%s %.0f %s", q.name, *q.v, q.unit))
			}
		}
		line("signal", "%s", strings.Join(sig, " · "))
		if m.Bearer.Up {
			line("data", "up · %s · IP %s", m.Bearer.Method, orDash(m.Bearer.IP))
		} else {
			line("data", "down%s", suffix(m.Bearer.Reject))
		}
		if m.LastError != "" {
			line("last error", "%s", m.LastError)
		}
	}
	for _, o := range s.Outputs {
		conn := "disconnected"
		if o.Connected {
			conn = "connected"
		}
		detail := ""
		if o.MQTT != nil {
			detail = fmt.Sprintf(" · %d published, %d acknowledged, %d reconnects", o.MQTT.Published, o.MQTT.Acked, o.MQTT.Reconnects)
			if o.MQTT.LastError != "" {
				detail += " · last error: " + o.MQTT.LastError
			}
		}
		if o.HTTPS != nil {
			detail = fmt.Sprintf(" · %d acknowledged, %d failures", o.HTTPS.Acked, o.HTTPS.Failures)
		}
		line("output", "%s %s · %d waiting, %d dropped%s", o.Name, conn, o.Spool.Records, o.Spool.Dropped, detail)
	}
	names := make([]string, 0, len(s.Devices))
	for n := range s.Devices {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		d := s.Devices[n]
		last := "never"
		if !d.LastPoll.IsZero() {
			last = d.LastPoll.Local().Format("15:04:05")
		}
		line("device", "%s · %d polls, %d records, %d errors · last %s%s", n, d.Polls, d.Records, d.Errors, last, suffix(d.LastError))
	}
	layers := make([]string, 0, len(s.Watchdog))
	for n := range s.Watchdog {
		layers = append(layers, n)
	}
	slices.Sort(layers)
	for _, n := range layers {
		l := s.Watchdog[n]
		state := "healthy"
		if !l.Healthy {
			state = "failing"
		}
		var acts []string
		for a, c := range l.Actions {
			acts = append(acts, fmt.Sprintf("%s×%d", a, c))
		}
		slices.Sort(acts)
		line("watchdog", "%s %s · %d checks, %d failed · actions: %s%s", n, state, l.Checks, l.Failures, orDash(strings.Join(acts, ", ")), suffix(l.LastError))
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return " · " + s
}
