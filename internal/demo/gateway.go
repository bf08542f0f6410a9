// Package demo runs cellgate on simulated hardware: the Titan AN32 job
// end to end (modem and PLC simulators, a TLS broker, the daemon), and an AT
// session walk-through against the modem simulator.
package demo

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/cellgate/cellgate/examples"
	"github.com/cellgate/cellgate/internal/broker"
	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/gateway"
	"github.com/cellgate/cellgate/internal/pki"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/simulator/plc"
)

// Config is a run of the demo.
type Config struct {
	// Out receives what the demo prints: the records as the server sees
	// them, and the demo's notes.
	Out io.Writer
	// Log receives the daemon's log; nil discards it.
	Log io.Writer
	// Dir holds the configuration, certificates and state; empty is a
	// temporary directory, removed at the end.
	Dir string
	// Interval is the polling interval, at least a second (the AN32 job
	// polls every 10m).
	Interval time.Duration
	// Cycles ends the demo after that many polling cycles, with an error
	// unless every record arrived; 0 runs until ctx ends.
	Cycles int
	// Version is the daemon's version in its status.
	Version string
}

// Run runs the Titan AN32 job on embedded defaults until ctx ends or the
// cycles are done. The modem simulator and a PLC simulator (PLC1 on Modbus
// RTU, PLC2 on Modbus TCP) stand in for the hardware, an in-process broker
// with TLS and generated client certificates for the server, and the daemon
// runs the AN32 configuration at the demo interval. Every record is printed
// as it arrives at the broker; a remote AT+CSQ makes the round trip.
func Run(ctx context.Context, c Config) error {
	if c.Interval < time.Second {
		return fmt.Errorf("--interval must be at least 1s")
	}
	if c.Dir == "" {
		d, err := os.MkdirTemp("", "cellgate-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		c.Dir = d
	}
	logW := c.Log
	if logW == nil {
		logW = io.Discard
	}
	d := &gatewayDemo{out: &syncWriter{w: c.Out}, dir: c.Dir, interval: c.Interval, cycles: c.Cycles, version: c.Version,
		log: slog.New(slog.NewTextHandler(logW, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	return d.run(ctx)
}

// demoIMEI is the simulated modem's IMEI (the MU709 guide's, Luhn-valid),
// and so the identity in the router's client certificate.
const demoIMEI = "865261010004010"

// gatewayDemo is one run of the demo.
type gatewayDemo struct {
	out      *syncWriter
	dir      string
	interval time.Duration
	cycles   int
	version  string
	log      *slog.Logger

	ca         *pki.CA
	brokerAddr string // the broker's TLS listener, host:port
	brokerURL  string
	modemTTY   string
	plcTTY     string
	plcTCP     string
}

func (d *gatewayDemo) say(format string, args ...any) {
	d.out.printf("== "+format+"\n", args...)
}

func (d *gatewayDemo) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b, err := d.startBroker(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	sim, err := d.startModem(ctx)
	if err != nil {
		return err
	}
	defer sim.Close()
	plcs, err := d.startPLCs(ctx)
	if err != nil {
		return err
	}
	defer plcs.Close()

	path, err := d.writeConfig()
	if err != nil {
		return err
	}
	cfg, err := config.Load(path)
	if err != nil {
		return fmt.Errorf("demo configuration: %w", err)
	}
	d.say("configuration %s (the Titan AN32 job, polling every %v)", path, d.interval)

	obs, err := d.observe(ctx)
	if err != nil {
		return err
	}
	defer obs.close()

	addr := make(chan string, 1)
	g := gateway.New(cfg, gateway.Options{Logger: d.log, Version: d.version, StatusAddr: addr, Drain: 2 * time.Second})
	gctx, gcancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- g.Run(gctx) }()
	defer func() { gcancel(); <-done }()
	select {
	case a := <-addr:
		d.say("daemon running: metrics on http://%s/metrics, status with: cellgate status --addr %s", a, a)
	case err := <-done:
		return err
	}
	return d.follow(ctx, g, obs, done)
}

// startBroker generates a CA, the broker's and the router's certificates,
// and starts the broker with TLS requiring client certificates.
func (d *gatewayDemo) startBroker(ctx context.Context) (*broker.Broker, error) {
	ca, err := pki.NewCA("cellgate demo CA")
	if err != nil {
		return nil, err
	}
	d.ca = ca
	if _, err := ca.WriteFiles(d.dir); err != nil {
		return nil, err
	}
	srv, err := ca.Server("127.0.0.1", "localhost")
	if err != nil {
		return nil, err
	}
	cert, err := srv.TLSCertificate()
	if err != nil {
		return nil, err
	}
	// The router's certificate names it by its IMEI: the broker lets it use
	// only the topics under "<IMEI>/".
	client, err := ca.Client(demoIMEI)
	if err != nil {
		return nil, err
	}
	if _, _, err := client.WriteFiles(d.dir, "client"); err != nil {
		return nil, err
	}
	b, err := broker.Start(ctx, broker.Config{TLSAddr: "127.0.0.1:0", Certificate: &cert, ClientCAs: ca.Pool()})
	if err != nil {
		return nil, err
	}
	d.brokerAddr = b.Addr()
	d.brokerURL = "ssl://" + d.brokerAddr
	d.say("MQTT broker with TLS and client certificates on %s (certificates in %s)", d.brokerURL, d.dir)
	return b, nil
}

func (d *gatewayDemo) startModem(ctx context.Context) (*modem.Modem, error) {
	sim := modem.New(modem.Config{Vendor: modem.Huawei, IMEI: demoIMEI, PIN: "1234", RegistrationDelay: time.Second})
	if err := sim.Start(ctx, ""); err != nil {
		return nil, err
	}
	d.modemTTY = sim.TTY()
	d.say("modem simulator (Huawei %s) on %s", sim.Model(), d.modemTTY)
	return sim, nil
}

func (d *gatewayDemo) startPLCs(ctx context.Context) (*plc.Server, error) {
	s := plc.New(plc.AN32Map(), plc.Config{Baud: 9600})
	if err := s.StartRTU(ctx, ""); err != nil {
		return nil, err
	}
	a, err := s.ListenTCP(ctx, "127.0.0.1:0")
	if err != nil {
		s.Close()
		return nil, err
	}
	d.plcTTY, d.plcTCP = s.TTY(), a.String()
	d.say("PLC simulator: PLC1 (unit 1) on Modbus RTU %s at 9600 8N1, PLC2 (unit 2) on Modbus TCP %s", d.plcTTY, d.plcTCP)
	return s, nil
}

// writeConfig writes the AN32 configuration for the simulated hardware.
func (d *gatewayDemo) writeConfig() (string, error) {
	text, err := demoConfig(d)
	if err != nil {
		return "", err
	}
	path := filepath.Join(d.dir, "cellgate.yaml")
	return path, os.WriteFile(path, []byte(text), 0o600)
}

func demoConfig(d *gatewayDemo) (string, error) {
	return examples.AN32(examples.AN32Site{
		ModemPort: d.modemTTY,
		RTUPort:   d.plcTTY,
		PLC2TCP:   d.plcTCP,
		Broker:    d.brokerAddr,
		CA:        "ca.crt",
		Interval:  d.interval.String(),
		Modem:     "pin: \"1234\"\nsignal_interval: 5s\ncheck_interval: 10s\n",
		Extra: fmt.Sprintf(`gateway:
  state_dir: state
  status_interval: %s
watchdog:
  modem: {interval: 10s, failures: 3, backoff: 30s}
  network: {interval: 10s, failures: 3, backoff: 1m}
  application: {interval: 10s, stall: 1m, backlog: 10m}
metrics:
  listen: 127.0.0.1:0
`, max(3*d.interval, 10*time.Second)),
	})
}

// cycleTally counts the records of each polling slot by device ID.
type cycleTally struct {
	slots map[string][]int // TS → IDs seen
	order []string
}

// add records one logger record; it reports whether the slot is now
// complete (both PLCs).
func (c *cycleTally) add(ts string, id int) bool {
	if c.slots == nil {
		c.slots = map[string][]int{}
	}
	if _, ok := c.slots[ts]; !ok {
		c.order = append(c.order, ts)
	}
	if !slices.Contains(c.slots[ts], id) {
		c.slots[ts] = append(c.slots[ts], id)
	}
	return len(c.slots[ts]) == 2
}

// complete counts the complete slots.
func (c *cycleTally) complete() int {
	n := 0
	for _, ids := range c.slots {
		if len(ids) == 2 {
			n++
		}
	}
	return n
}
