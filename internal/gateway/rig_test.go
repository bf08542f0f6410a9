package gateway

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/examples"
	"github.com/cellgate/cellgate/internal/broker"
	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/pki"
	"github.com/cellgate/cellgate/internal/record"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/simulator/plc"
	"github.com/cellgate/cellgate/internal/testkit"
	testrig "github.com/cellgate/cellgate/internal/testkit/rig"
)

// The rig runs the AN32 job in-process, as "cellgate demo" does: the modem
// simulator, the PLC simulator (PLC1 on Modbus RTU over a pseudo-terminal,
// PLC2 on Modbus TCP), the embedded broker with TLS and client certificates
// on a fixed loopback port (so that it can be stopped and started again at
// the same address), and the gateway on a configuration file loaded with
// config.Load. Everything the broker receives is recorded in the inbox by
// an inline subscription, which sees each message before the broker closes.

// simIMEI is the modem simulator's IMEI (Huawei MU709s-2).
const simIMEI = "865261010004010"

// The Titan fields of the AN32 devices.
const (
	plc1STX = "[1,10,55,69,72,100,120,130,152,160,170]"
	plc1NX  = "[1,3,2,2,9,10,5,4,3,7,1]"
	plc1PX  = "[0,1,4,6,8,17,27,32,36,39,46]"
)

type rigOptions struct {
	imei           string // gateway.imei; "" reads the modem's
	p              string // records.p (default "12345678")
	seq            bool   // records.seq
	statusInterval string // gateway.status_interval (default 3s)
	lateModem      bool   // the modem simulator is not started
	lateRTU        bool   // the PLC simulator's RTU side is not started
	extra          string // further top-level sections (watchdog, sms)
	pin            string // the SIM PIN of the simulator and modem.pin (default "1234")
	debug          bool   // the gateway logs at debug level
}

type rig struct {
	t    *testing.T
	opts rigOptions
	ctx  context.Context
	dir  string
	log  *testkit.Buffer

	pki        *testrig.PKI
	ca         *pki.CA
	brokerCert tls.Certificate
	brokerAddr string
	br         *testrig.Broker

	modem     *simmodem.Modem
	modemLink string
	plc       *plc.Server
	plcLink   string
	plcTCP    string

	cfgPath    string
	g          *Gateway
	statusAddr string
	stopOnce   sync.Once
	cancel     context.CancelFunc
	done       chan error
}

// newRig starts the simulators and the broker and writes the
// configuration; start starts the gateway.
func newRig(t *testing.T, opts rigOptions) *rig {
	t.Helper()
	if opts.p == "" {
		opts.p = "12345678"
	}
	if opts.pin == "" {
		opts.pin = "1234"
	}
	if opts.statusInterval == "" {
		opts.statusInterval = "3s"
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{t: t, opts: opts, ctx: ctx, dir: t.TempDir(), log: &testkit.Buffer{}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log of the gateway and the simulators:\n%s", tail(r.log, 200))
		}
	})
	t.Cleanup(cancel)
	r.modemLink = filepath.Join(r.dir, "modem")
	r.plcLink = filepath.Join(r.dir, "plc")

	// ca.crt, client.crt and client.key next to the configuration; the
	// broker allows the client "<IMEI>/" only.
	r.pki = testrig.NewPKI(t, r.dir, simIMEI)
	r.ca = r.pki.CA
	r.brokerCert = *r.pki.ServerTLS(t)
	r.br = testrig.StartBroker(t, testrig.BrokerConfig{PKI: r.pki})
	r.brokerAddr = r.br.Addr

	r.modem = simmodem.New(simmodem.Config{PIN: opts.pin, RegistrationDelay: 500 * time.Millisecond, Logger: r.logger("modem-sim")})
	t.Cleanup(func() { r.modem.Close() })
	if !opts.lateModem {
		r.startModem()
	}
	r.plc = plc.New(plc.AN32Map(), plc.Config{Baud: 9600, Logger: r.logger("plc-sim")})
	t.Cleanup(func() { r.plc.Close() })
	if !opts.lateRTU {
		r.startRTU()
	}
	a, err := r.plc.ListenTCP(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.plcTCP = a.String()
	r.cfgPath = filepath.Join(r.dir, "cellgate.yaml")
	r.writeConfig(opts)
	return r
}

func (r *rig) logger(component string) *slog.Logger {
	level := slog.LevelInfo
	if r.opts.debug && component == "gateway" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(r.log, &slog.HandlerOptions{Level: level})).With("c", component)
}

// startBroker starts the broker (again) at the rig's address; the inbox
// keeps what it received before.
func (r *rig) startBroker() {
	r.t.Helper()
	r.br.Start()
}

func (r *rig) stopBroker() { r.br.Stop() }

func (r *rig) currentBroker() *broker.Broker { return r.br.Broker() }

// messages is a copy of what the broker received so far.
func (r *rig) messages() []message { return r.br.Messages() }

func (r *rig) startModem() {
	r.t.Helper()
	if err := r.modem.Start(r.ctx, r.modemLink); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) startRTU() {
	r.t.Helper()
	if err := r.plc.StartRTU(r.ctx, r.plcLink); err != nil {
		r.t.Fatal(err)
	}
}

// configText is the AN32 job's configuration (examples/titan-an32.yaml)
// for the rig: PLC2 on Modbus TCP, both devices polled every second.
func (r *rig) configText(o rigOptions) string {
	return testkit.AN32YAML(r.t, examples.AN32Site{
		ModemPort: r.modemLink,
		RTUPort:   r.plcLink,
		PLC2TCP:   r.plcTCP,
		Broker:    r.brokerAddr,
		CA:        "ca.crt",
		Interval:  "1s",
		P:         o.p,
		Modem:     fmt.Sprintf("pin: %q\nsignal_interval: 5s\ncheck_interval: 10s\n", o.pin),
		Records:   fmt.Sprintf("seq: %v\n", o.seq),
		MQTT:      "keep_alive: 5s\n",
		Extra: fmt.Sprintf("gateway:\n  imei: %q\n  state_dir: state\n  status_interval: %s\nmetrics:\n  listen: 127.0.0.1:0\n%s",
			o.imei, o.statusInterval, o.extra),
	})
}

func (r *rig) writeConfig(o rigOptions) {
	r.t.Helper()
	if err := os.WriteFile(r.cfgPath, []byte(r.configText(o)), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) loadConfig() *config.Config {
	r.t.Helper()
	cfg, err := config.Load(r.cfgPath)
	if err != nil {
		r.t.Fatalf("configuration: %v\n%s", err, r.configText(r.opts))
	}
	return cfg
}

// start runs the gateway until the test ends (or stop).
func (r *rig) start() {
	r.t.Helper()
	r.startWith(r.loadConfig())
}

// startWith runs the gateway on cfg, the configuration file's changed.
func (r *rig) startWith(cfg *config.Config) {
	r.t.Helper()
	addr := make(chan string, 1)
	r.g = New(cfg, Options{Logger: r.logger("gateway"), Version: "test", StatusAddr: addr, Drain: 2 * time.Second})
	ctx, cancel := context.WithCancel(r.ctx)
	r.cancel, r.done = cancel, make(chan error, 1)
	go func() { r.done <- r.g.Run(ctx) }()
	r.t.Cleanup(func() { r.stop(30 * time.Second) })
	select {
	case r.statusAddr = <-addr:
	case err := <-r.done:
		r.t.Fatalf("gateway stopped at once: %v", err)
	case <-time.After(10 * time.Second):
		r.t.Fatal("the status API does not listen")
	}
}

// stop cancels Run and waits for it; it reports how long Run took to
// return and its error.
func (r *rig) stop(limit time.Duration) (took time.Duration, err error) {
	r.stopOnce.Do(func() {
		t0 := time.Now()
		r.cancel()
		select {
		case err = <-r.done:
			took = time.Since(t0)
		case <-time.After(limit):
			took = time.Since(t0)
			err = fmt.Errorf("Run did not return within %v", limit)
			r.t.Error(err)
		}
	})
	return took, err
}

func (r *rig) imei() string {
	if r.opts.imei != "" {
		return r.opts.imei
	}
	return simIMEI
}

// status reads the status API.
func (r *rig) status() Status {
	r.t.Helper()
	var s Status
	body := r.get("/status")
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		r.t.Fatalf("status: %v\n%s", err, body)
	}
	return s
}

func (r *rig) get(path string) string {
	r.t.Helper()
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get("http://" + r.statusAddr + path)
	if err != nil {
		r.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		r.t.Fatalf("GET %s: %s %v\n%s", path, resp.Status, err, b)
	}
	return string(b)
}

// eventually polls cond until it holds or timeout passes.
func (r *rig) eventually(timeout time.Duration, what string, cond func() bool) {
	r.t.Helper()
	testkit.EventuallyWithin(r.t, timeout, what, cond)
}

// waitMessages waits until cond holds for what the broker has received.
func (r *rig) waitMessages(timeout time.Duration, what string, cond func(ms []message) bool) []message {
	r.t.Helper()
	var ms []message
	r.eventually(timeout, what, func() bool {
		ms = r.messages()
		return cond(ms)
	})
	return ms
}

// waitRecordsAfter waits until the broker has received n Titan records of
// imei stamped after since, counting only those keep accepts (all with nil
// keep).
func (r *rig) waitRecordsAfter(timeout time.Duration, what, imei string, since time.Time, n int, keep func(record.Titan) bool) []message {
	r.t.Helper()
	return r.waitMessages(timeout, what, func(ms []message) bool {
		got := 0
		for _, tr := range titans(r.t, ms, imei) {
			if tr.TS.After(since) && (keep == nil || keep(tr)) {
				got++
			}
		}
		return got >= n
	})
}

// unitOne keeps the records of unit 1.
func unitOne(tr record.Titan) bool { return tr.ID == 1 }

// missedSlots is how many polling slots the collector skipped because a
// poll overran (a loaded machine): the only slots that may lack a record.
func (r *rig) missedSlots() int {
	n := 0
	for _, d := range r.status().Devices {
		n += d.Missed
	}
	return n
}

// modemOnline reports whether the status API shows the modem online.
func (r *rig) modemOnline() bool {
	s := r.status()
	return s.Modem != nil && s.Modem.State == "online"
}

// message is one publish the broker received.
type message = testrig.Message

// titans parses the Titan records on imei's logger topic.
func titans(t *testing.T, ms []message, imei string) []record.Titan {
	t.Helper()
	var out []record.Titan
	for _, m := range ms {
		if m.Topic != imei+"/logger" {
			continue
		}
		tr, err := record.ParseTitan(m.Payload)
		if err != nil {
			t.Fatalf("logger record %q: %v", m.Payload, err)
		}
		out = append(out, tr)
	}
	return out
}

// countDevice counts the Titan records of a device (by ID).
func countDevice(t *testing.T, ms []message, imei string, id int) int {
	n := 0
	for _, tr := range titans(t, ms, imei) {
		if tr.ID == id {
			n++
		}
	}
	return n
}

// jsonRecords decodes the JSON records on a topic.
func jsonRecords(t *testing.T, ms []message, topic string) []record.Record {
	t.Helper()
	var out []record.Record
	for _, m := range ms {
		if m.Topic != topic {
			continue
		}
		var rec record.Record
		if err := json.Unmarshal([]byte(m.Payload), &rec); err != nil {
			t.Fatalf("record on %s %q: %v", topic, m.Payload, err)
		}
		out = append(out, rec)
	}
	return out
}

// value gives a record's named value as text.
func value(rec record.Record, name string) string {
	for _, v := range rec.Values {
		if v.Name == name {
			return fmt.Sprint(v.Value)
		}
	}
	return ""
}

// findEvent returns the first event of source and kind whose detail
// contains detail.
func findEvent(t *testing.T, ms []message, imei, source, kind, detail string) (record.Record, bool) {
	for _, e := range jsonRecords(t, ms, imei+"/events") {
		if e.Source == source && value(e, "kind") == kind && strings.Contains(value(e, "detail"), detail) {
			return e, true
		}
	}
	return record.Record{}, false
}

// eventList renders the events seen, for failure messages.
func eventList(t *testing.T, ms []message, imei string) string {
	var b strings.Builder
	for _, e := range jsonRecords(t, ms, imei+"/events") {
		fmt.Fprintf(&b, "  %d %s %s: %s\n", e.Seq, e.Source, value(e, "kind"), value(e, "detail"))
	}
	return b.String()
}

// tail gives the last n lines of a log.
func tail(log *testkit.Buffer, n int) string {
	lines := strings.Split(strings.TrimRight(log.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
