//go:build integration

package e2e

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/cellgate/cellgate/examples"
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/testkit"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// simIMEI is the modem simulator's default IMEI (its Huawei MU709s-2): the
// daemon's identity in topics and records.
const simIMEI = "865261010004010"

// The records' P field before and after the reload.
const (
	firstP  = "12345678"
	secondP = "87654321"
)

// TestDaemonEndToEnd runs "cellgate run" as a process on the AN32
// configuration (PLC1 on Modbus RTU, PLC2 on Modbus TCP, Titan records with
// SEQ, MQTT over TLS with client certificates, remote AT) against Mosquitto
// and the simulators, and puts it through a clean stop, a crash, a broker
// crash and two reloads, one refused. Every record the daemon numbered must
// reach the server: the received sequence numbers have no gap except the
// skip to the next reserved batch after the crash, duplicates are allowed
// (at least once), and the spool is empty after the last clean stop.
func TestDaemonEndToEnd(t *testing.T) {
	mosqBin := testkit.Program(t, "mosquitto", "apt-get install mosquitto")
	dir := t.TempDir()
	logs := newLogs(t)
	bin := buildCellgate(t, dir)

	// ca.crt, client.crt and client.key next to the configuration, and the
	// broker's server.crt and server.key.
	pk := rig.NewPKI(t, dir, "cellgate-e2e-gateway")
	m := startMosquitto(t, mosqBin, pk, dir, logs)
	obs := newObserver(t, pk, m.tlsAddr)

	sim := startProc(t, logs, "modem simulator", bin, "sim", "modem", "--link", filepath.Join(dir, "modem"))
	sim.waitOutput(t, "modem simulator (", 30*time.Second)
	plcs := startProc(t, logs, "PLC simulator", bin, "sim", "plc", "--rtu-link", filepath.Join(dir, "plc"), "--tcp", "127.0.0.1:0")
	tcpLine := plcs.waitOutput(t, "Modbus TCP on ", 30*time.Second)
	plcTCP := strings.TrimSpace(tcpLine[strings.Index(tcpLine, "Modbus TCP on ")+len("Modbus TCP on "):])

	setup := daemonSetup{
		modem: filepath.Join(dir, "modem"), plcRTU: filepath.Join(dir, "plc"), plcTCP: plcTCP,
		broker: m.tlsAddr, metrics: testkit.FreeAddr(t),
	}
	cfgPath := filepath.Join(dir, "cellgate.yaml")
	writeFile(t, cfgPath, setup.config(t, firstP))
	stateDir := filepath.Join(dir, "state")
	d := newDaemon(t, bin, cfgPath, logs)

	// Start: both PLCs, a modem status record and the online status.
	d.start(t)
	started := time.Now()
	testkit.EventuallyWithin(t, 90*time.Second, "the first records of both PLCs and a modem status record", func() bool {
		return obs.freshFromBoth(started, firstP) && obs.count(func(m message) bool { return m.kind == "status/modem" && m.typ == "status" }) > 0
	})
	if !strings.Contains(logs.daemon(t), "imei="+simIMEI) {
		t.Fatalf("the daemon's identity is not the simulator's IMEI %s", simIMEI)
	}
	testkit.EventuallyWithin(t, 30*time.Second, "the retained status online", func() bool {
		return obs.count(func(m message) bool { return m.kind == "status" && m.payload == "online" }) > 0
	})
	t.Logf("running: %d messages so far", obs.count(func(message) bool { return true }))

	// (e) Remote AT once the modem is online.
	testkit.EventuallyWithin(t, 60*time.Second, "the modem online in a status record", func() bool {
		return obs.count(func(m message) bool { return m.kind == "status/modem" && m.state == "online" }) > 0
	})
	if tok := obs.c.Publish(simIMEI+"/AT", 1, false, "AT+CSQ"); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("publishing AT+CSQ: %v", tok.Error())
	}
	testkit.EventuallyWithin(t, 30*time.Second, "the +CSQ answer on "+simIMEI+"/ATR", func() bool {
		return obs.count(func(m message) bool { return m.kind == "ATR" && strings.Contains(m.payload, "+CSQ:") }) > 0
	})
	t.Log("remote AT+CSQ answered")

	// (f) cellgate status.
	var status string
	testkit.EventuallyWithin(t, 30*time.Second, `"cellgate status" showing the modem online`, func() bool {
		out, err := exec.Command(bin, "status", "--addr", setup.metrics).CombinedOutput()
		status = string(out)
		return err == nil && strings.Contains(status, "online")
	})
	t.Logf("cellgate status:\n%s", status)

	// (a) A clean stop and a restart.
	if code := d.stop(t, syscall.SIGTERM, 60*time.Second); code != 0 {
		t.Fatalf("the daemon exited with status %d after SIGTERM", code)
	}
	cleanNext := readSeq(t, stateDir)
	t.Logf("stopped with SIGTERM; next sequence number %d", cleanNext)
	d.start(t)
	restarted := time.Now()
	testkit.EventuallyWithin(t, 90*time.Second, "both PLCs' records after the restart", func() bool { return obs.freshFromBoth(restarted, firstP) })

	// (b) A crash and a restart: the numbers skip to the reserved batch's end.
	if code := d.stop(t, syscall.SIGKILL, 30*time.Second); code != -1 {
		t.Fatalf("the daemon exited with status %d instead of being killed", code)
	}
	killLimit := readSeq(t, stateDir)
	t.Logf("killed with SIGKILL; the restart numbers from %d", killLimit)
	d.start(t)
	restarted = time.Now()
	testkit.EventuallyWithin(t, 90*time.Second, "both PLCs' records after the crash", func() bool { return obs.freshFromBoth(restarted, firstP) })

	// (c) The broker crashes and comes back on the same port. The daemon is
	// paused around the kill so that no record is between the broker's
	// acknowledgement and its delivery to the server (queued, unsaved) when
	// the broker dies: that loss would be the broker's, not the daemon's.
	d.signal(t, syscall.SIGSTOP)
	// The duration is the point: a quiet second for the broker to deliver
	// what it acknowledged; nothing signals its queue empty.
	time.Sleep(time.Second)
	m.kill(t)
	d.signal(t, syscall.SIGCONT)
	t.Log("killed mosquitto with SIGKILL")
	time.Sleep(4 * time.Second) // the duration is the point: a broker outage of 4 s
	m.start(t)
	restarted = time.Now()
	t.Log("restarted mosquitto")
	testkit.EventuallyWithin(t, 90*time.Second, "both PLCs' records after the broker's restart", func() bool { return obs.freshFromBoth(restarted, firstP) })

	// (d) A reload with a broken file is refused; the daemon goes on.
	refusals := strings.Count(logs.daemon(t), "reload refused")
	writeFile(t, cfgPath, "gateway: [state_dir: {\n  broken yaml\n")
	d.signal(t, syscall.SIGHUP)
	testkit.EventuallyWithin(t, 30*time.Second, `"reload refused" in the daemon's log`, func() bool {
		return strings.Count(logs.daemon(t), "reload refused") > refusals
	})
	refused := time.Now()
	testkit.EventuallyWithin(t, 60*time.Second, "both PLCs' records after the refused reload", func() bool { return obs.freshFromBoth(refused, firstP) })
	if !d.running() {
		t.Fatal("the daemon stopped after the refused reload")
	}
	t.Log("the broken configuration was refused; the daemon goes on")
	// A valid file with another P is taken.
	writeFile(t, cfgPath, setup.config(t, secondP))
	d.signal(t, syscall.SIGHUP)
	reloaded := time.Now()
	testkit.EventuallyWithin(t, 90*time.Second, "both PLCs' records with P "+secondP+" after the reload", func() bool { return obs.freshFromBoth(reloaded, secondP) })
	t.Log("reloaded: the records carry the new P")

	// The last clean stop: everything numbered arrives, the spool is empty.
	if code := d.stop(t, syscall.SIGTERM, 60*time.Second); code != 0 {
		t.Fatalf("the daemon exited with status %d after SIGTERM", code)
	}
	next := readSeq(t, stateDir)
	kills := []crash{{first: cleanNext, restart: killLimit}}
	var rep seqReport
	func() {
		defer func() { // also when the wait fails the test
			t.Logf("sequence numbers 1..%d: %d messages numbered, %d distinct, %d duplicates, gaps %v",
				next-1, rep.numbered, len(rep.seen), rep.dups, rep.gaps)
			if !rep.complete(next) {
				t.Errorf("not every record arrived: %s", rep.problem(next))
			}
		}()
		testkit.EventuallyWithin(t, 60*time.Second, "every numbered record at the server", func() bool {
			rep = obs.sequence(kills)
			return rep.complete(next)
		})
	}()
	for _, m := range rep.unnumbered {
		t.Errorf("a record without a sequence number on %s: %s", m.topic, m.payload)
	}
	if _, ok := rep.seen[killLimit]; !ok {
		t.Errorf("no record numbered %d, the first after the crash", killLimit)
	}
	if _, ok := rep.seen[cleanNext-1]; !ok {
		t.Errorf("no record numbered %d, the last before the clean stop", cleanNext-1)
	}
	if _, ok := rep.seen[cleanNext]; !ok {
		t.Errorf("no record numbered %d, the first after the clean stop", cleanNext)
	}
	sp, err := spool.Open(filepath.Join(stateDir, "spool", "mqtt"), spool.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st := sp.Stats(); st.Records != 0 {
		t.Errorf("the spool holds %d records after the clean stop", st.Records)
	}
	sp.Close()

	statusRecs := obs.count(func(m message) bool { return m.kind == "status/modem" && m.typ == "status" })
	plc1 := obs.count(func(m message) bool { return m.kind == "logger" && m.id == 1 })
	plc2 := obs.count(func(m message) bool { return m.kind == "logger" && m.id == 2 })
	events := obs.count(func(m message) bool { return m.kind == "events" })
	t.Logf("received %d PLC1 records, %d PLC2 records, %d modem status records, %d events", plc1, plc2, statusRecs, events)
	if statusRecs < 3 {
		t.Errorf("%d modem status records, want at least 3", statusRecs)
	}
	for _, m := range obs.all() {
		if m.kind == "logger" && m.imei != simIMEI {
			t.Errorf("a logger record with IMEI %q: %s", m.imei, m.payload)
			break
		}
	}
	logs.checkRaces(t)
	for _, line := range strings.Split(logs.daemon(t), "\n") {
		if strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR") {
			t.Logf("daemon: %s", line)
		}
	}
}

// daemonSetup is what the configuration points at.
type daemonSetup struct {
	modem, plcRTU, plcTCP, broker, metrics string
}

// config is the AN32 job (examples/titan-an32.yaml) on the simulated
// hardware at a demo interval, with records.p set to p.
func (s daemonSetup) config(t *testing.T, p string) string {
	return testkit.AN32YAML(t, examples.AN32Site{
		ModemPort: s.modem,
		RTUPort:   s.plcRTU,
		PLC2TCP:   s.plcTCP,
		Broker:    s.broker,
		CA:        "ca.crt",
		Interval:  "1s",
		P:         p,
		Modem:     "signal_interval: 5s\ncheck_interval: 10s\n",
		Records:   "seq: true\n",
		Extra: `gateway:
  state_dir: state
  status_interval: 3s
watchdog:
  modem: {interval: 10s, failures: 3, backoff: 30s}
  network: {interval: 10s, failures: 3, backoff: 1m}
  application: {interval: 10s, stall: 1m, backlog: 10m}
metrics:
  listen: ` + s.metrics + "\n",
	})
}

// readSeq is the next sequence number the state directory holds for the
// simulator's IMEI: exact after a clean stop, the reserved batch's end after
// a crash.
func readSeq(t *testing.T, stateDir string) uint64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(stateDir, "seq"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]uint64
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("sequence file: %v: %s", err, b)
	}
	n, ok := m[simIMEI]
	if !ok {
		t.Fatalf("sequence file without %s: %s", simIMEI, b)
	}
	return n
}

// message is one message the server received, decoded.
type message struct {
	at      time.Time
	topic   string
	kind    string // the topic below the IMEI: logger, events, status/modem, status, ATR, AT
	payload string

	seq    uint64
	hasSeq bool
	err    error // the record could not be decoded

	// Titan records.
	id   int
	p    string
	imei string
	ts   time.Time
	// JSON records.
	typ   string
	state string // status records: the modem's state
}

// numbered reports whether m should carry a sequence number.
func (m message) numbered() bool {
	return m.kind == "logger" || m.kind == "events" || m.kind == "status/modem"
}

func decode(topic string, payload []byte) message {
	m := message{at: time.Now(), topic: topic, payload: string(payload)}
	_, m.kind, _ = strings.Cut(topic, "/")
	switch m.kind {
	case "logger":
		r, err := record.ParseTitan(m.payload)
		if err != nil {
			m.err = err
			return m
		}
		m.seq, m.hasSeq = r.Seq, r.HasSeq
		m.id, m.p, m.imei, m.ts = r.ID, r.P, r.IMEI, r.TS
	case "events", "status/modem":
		var r record.Record
		if err := json.Unmarshal(payload, &r); err != nil {
			m.err = err
			return m
		}
		m.seq, m.hasSeq = r.Seq, r.Seq > 0
		m.typ, m.ts = r.Type, r.TS
		for _, v := range r.Values {
			if v.Name == "state" {
				m.state, _ = v.Value.(string)
			}
		}
	}
	return m
}

// observer is the server: an MQTT client with its own certificate, no clean
// start (the broker keeps its subscription and queues for it while it is
// away), subscribed to everything below the IMEI.
type observer struct {
	c    paho.Client
	mu   sync.Mutex
	msgs []message
}

func newObserver(t *testing.T, pk *rig.PKI, brokerAddr string) *observer {
	t.Helper()
	pair, err := pk.CA.Client("cellgate-e2e-server")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := pair.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	o := &observer{}
	handler := func(_ paho.Client, m paho.Message) {
		msg := decode(m.Topic(), m.Payload())
		o.mu.Lock()
		o.msgs = append(o.msgs, msg)
		o.mu.Unlock()
	}
	opts := paho.NewClientOptions().AddBroker("ssl://" + brokerAddr).SetClientID("cellgate-e2e-server").
		SetTLSConfig(&tls.Config{RootCAs: pk.CA.Pool(), Certificates: []tls.Certificate{cert}, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}).
		SetCleanSession(false).SetAutoReconnect(true).SetMaxReconnectInterval(time.Second).
		SetConnectTimeout(10 * time.Second).SetOrderMatters(false).SetDefaultPublishHandler(handler)
	o.c = paho.NewClient(opts)
	if tok := o.c.Connect(); !tok.WaitTimeout(30*time.Second) || tok.Error() != nil {
		t.Fatalf("server connect: %v", tok.Error())
	}
	t.Cleanup(func() { o.c.Disconnect(100) })
	if tok := o.c.Subscribe(simIMEI+"/#", 1, handler); !tok.WaitTimeout(30*time.Second) || tok.Error() != nil {
		t.Fatalf("server subscribe: %v", tok.Error())
	}
	return o
}

func (o *observer) all() []message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.msgs)
}

func (o *observer) count(match func(message) bool) int {
	n := 0
	for _, m := range o.all() {
		if match(m) {
			n++
		}
	}
	return n
}

// freshFromBoth reports whether at least three records of each PLC with P
// p were read after since.
func (o *observer) freshFromBoth(since time.Time, p string) bool {
	after := since.Truncate(time.Second)
	var n [3]int
	for _, m := range o.all() {
		if m.kind == "logger" && m.err == nil && m.p == p && m.ts.After(after) && m.id >= 1 && m.id <= 2 {
			n[m.id]++
		}
	}
	return n[1] >= 3 && n[2] >= 3
}

// seqReport is what the received sequence numbers say.
type seqReport struct {
	seen       map[uint64]int
	numbered   int
	dups       int
	gaps       []seqGap // every run of missing numbers
	bad        []seqGap // the gaps not explained by a crash
	unnumbered []message
}

type seqGap struct{ after, next uint64 }

// crash is a daemon killed with SIGKILL: the first number it handed out,
// and the first its restart handed out (the end of its reserved batch).
type crash struct{ first, restart uint64 }

func (g seqGap) String() string { return fmt.Sprintf("%d→%d", g.after, g.next) }

// sequence checks the numbers of logger, events and status/modem records.
// A gap is explained by a crash when it starts after a number the killed
// daemon handed out, ends at the number its restart began at and spans
// less than one batch.
func (o *observer) sequence(crashes []crash) seqReport {
	r := seqReport{seen: map[uint64]int{}}
	for _, m := range o.all() {
		if !m.numbered() {
			continue
		}
		if m.err != nil || !m.hasSeq {
			r.unnumbered = append(r.unnumbered, m)
			continue
		}
		r.numbered++
		r.seen[m.seq]++
		if r.seen[m.seq] > 1 {
			r.dups++
		}
	}
	keys := make([]uint64, 0, len(r.seen))
	for k := range r.seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	prev := uint64(0)
	for _, k := range keys {
		if k != prev+1 {
			g := seqGap{prev, k}
			r.gaps = append(r.gaps, g)
			explained := slices.ContainsFunc(crashes, func(c crash) bool {
				return k == c.restart && prev >= c.first && k-prev <= record.DefaultSeqBatch
			})
			if !explained {
				r.bad = append(r.bad, g)
			}
		}
		prev = k
	}
	return r
}

// complete reports whether every number below next arrived, but for the
// skips after crashes.
func (r seqReport) complete(next uint64) bool {
	return len(r.bad) == 0 && len(r.seen) > 0 && r.max() == next-1
}

func (r seqReport) max() uint64 {
	var m uint64
	for k := range r.seen {
		m = max(m, k)
	}
	return m
}

func (r seqReport) problem(next uint64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "highest number received %d, the daemon's next %d", r.max(), next)
	if len(r.bad) > 0 {
		fmt.Fprintf(&b, "; missing runs (last received → next received) %v", r.bad)
	}
	return b.String()
}

// daemon is "cellgate run", started and stopped as a process.
type daemon struct {
	bin, cfg string
	logs     *logs
	starts   int

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

func newDaemon(t *testing.T, bin, cfg string, l *logs) *daemon {
	d := &daemon{bin: bin, cfg: cfg, logs: l}
	t.Cleanup(func() {
		d.mu.Lock()
		cmd, done := d.cmd, d.done
		d.mu.Unlock()
		if cmd != nil {
			cmd.Process.Kill()
			<-done
		}
	})
	return d
}

func (d *daemon) start(t *testing.T) {
	t.Helper()
	d.starts++
	fmt.Fprintf(d.logs.daemonFile, "=== start %d at %s\n", d.starts, time.Now().Format(time.TimeOnly+".000"))
	cmd := exec.Command(d.bin, "run", "-c", d.cfg)
	cmd.Dir = filepath.Dir(d.cfg)
	cmd.Stdout, cmd.Stderr = d.logs.daemonFile, d.logs.daemonFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	d.mu.Lock()
	d.cmd, d.done = cmd, done
	d.mu.Unlock()
}

func (d *daemon) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	d.mu.Lock()
	cmd := d.cmd
	d.mu.Unlock()
	if cmd == nil {
		t.Fatalf("signal %v: the daemon is not running", sig)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

func (d *daemon) running() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cmd == nil {
		return false
	}
	select {
	case <-d.done:
		return false
	default:
		return true
	}
}

// stop sends sig and waits for the exit; it returns the exit status, -1
// when killed by a signal.
func (d *daemon) stop(t *testing.T, sig syscall.Signal, timeout time.Duration) int {
	t.Helper()
	d.signal(t, sig)
	d.mu.Lock()
	cmd, done := d.cmd, d.done
	d.mu.Unlock()
	select {
	case <-done:
	case <-time.After(timeout):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the daemon did not exit within %v of %v", timeout, sig)
	}
	d.mu.Lock()
	d.cmd = nil
	d.mu.Unlock()
	fmt.Fprintf(d.logs.daemonFile, "=== exited after %v: %v\n", sig, cmd.ProcessState)
	return cmd.ProcessState.ExitCode()
}

// proc is a simulator process; its output is kept for the failure report.
type proc struct {
	name string
	out  *testkit.Buffer
}

func startProc(t *testing.T, l *logs, name, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, out: &testkit.Buffer{}}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	l.add(name, p.out)
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	return p
}

// waitOutput waits for a line containing s and returns it.
func (p *proc) waitOutput(t *testing.T, s string, timeout time.Duration) string {
	t.Helper()
	var line string
	testkit.EventuallyWithin(t, timeout, fmt.Sprintf("%q from the %s", s, p.name), func() bool {
		sc := bufio.NewScanner(strings.NewReader(p.out.String()))
		for sc.Scan() {
			if strings.Contains(sc.Text(), s) {
				line = sc.Text()
				return true
			}
		}
		return false
	})
	return line
}

// logs gathers every process's output, printed when the test fails.
type logs struct {
	daemonPath string
	daemonFile *os.File
	mu         sync.Mutex
	names      []string
	others     []*testkit.Buffer
}

func newLogs(t *testing.T) *logs {
	t.Helper()
	l := &logs{daemonPath: filepath.Join(t.TempDir(), "daemon.log")}
	f, err := os.OpenFile(l.daemonPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	l.daemonFile = f
	// Registered first, so it runs last: after every process has ended.
	t.Cleanup(func() {
		f.Close()
		if !t.Failed() {
			return
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		for i, name := range l.names {
			t.Logf("%s output:\n%s", name, l.others[i].String())
		}
		b, _ := os.ReadFile(l.daemonPath)
		t.Logf("daemon log (%s):\n%s", l.daemonPath, b)
	})
	return l
}

func (l *logs) add(name string, b *testkit.Buffer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names = append(l.names, name)
	l.others = append(l.others, b)
}

func (l *logs) daemon(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(l.daemonPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkRaces fails the test when a process built with -race reported one.
func (l *logs) checkRaces(t *testing.T) {
	t.Helper()
	if strings.Contains(l.daemon(t), "WARNING: DATA RACE") {
		t.Error("the daemon reported a data race")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, name := range l.names {
		if strings.Contains(l.others[i].String(), "WARNING: DATA RACE") {
			t.Errorf("the %s reported a data race", name)
		}
	}
}

// buildCellgate builds the binary once, with the race detector where the
// toolchain has it.
func buildCellgate(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "cellgate")
	const pkg = "github.com/cellgate/cellgate/cmd/cellgate"
	start := time.Now()
	msg, err := exec.Command("go", "build", "-race", "-o", out, pkg).CombinedOutput()
	if err != nil {
		t.Logf("go build -race failed (%v), building without it:\n%s", err, msg)
		if msg, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, msg)
		}
	}
	t.Logf("built %s in %v", out, time.Since(start).Round(time.Millisecond))
	return out
}

// mosquitto is the broker: a TLS listener requiring client certificates,
// with persistence so that the server's subscription and queue survive a
// crash. It can be killed and started again on the same port. It is not
// rig.Mosquitto: the broker's crash is a SIGKILL, with no final save, where
// rig.Mosquitto stops with SIGTERM.
type mosquitto struct {
	bin, conf string
	tlsAddr   string
	out       *testkit.Buffer

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

func startMosquitto(t *testing.T, bin string, c *rig.PKI, dir string, l *logs) *mosquitto {
	t.Helper()
	m := &mosquitto{bin: bin, tlsAddr: testkit.FreeAddr(t), out: &testkit.Buffer{}}
	l.add("mosquitto", m.out)
	persist := filepath.Join(dir, "mosquitto")
	if err := os.MkdirAll(persist, 0o750); err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(m.tlsAddr)
	conf := fmt.Sprintf(`per_listener_settings false
allow_anonymous true
persistence true
persistence_location %s/
autosave_interval 1
log_dest stderr
log_type error
log_type warning
log_type notice
listener %s 127.0.0.1
cafile %s
certfile %s
keyfile %s
require_certificate true
use_identity_as_username true
tls_version tlsv1.2
`, persist, port, c.CAFile, c.ServerCert, c.ServerKey)
	if os.Geteuid() == 0 {
		conf = "user root\n" + conf // keep access to the 0600 key
	}
	m.conf = filepath.Join(dir, "mosquitto.conf")
	writeFile(t, m.conf, conf)
	t.Cleanup(func() { m.kill(t) })
	m.start(t)
	return m
}

// start starts the broker (again) and waits until it listens, retrying
// while the previous instance's port is being released.
func (m *mosquitto) start(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !m.try() {
		if time.Now().After(deadline) {
			t.Fatal("mosquitto did not start")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (m *mosquitto) try() bool {
	cmd := exec.Command(m.bin, "-c", m.conf)
	cmd.Stdout, cmd.Stderr = m.out, m.out
	if err := cmd.Start(); err != nil {
		return false
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	m.mu.Lock()
	m.cmd, m.done = cmd, done
	m.mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for {
		select {
		case <-done: // exited: the port is still busy, or a bad configuration
			return false
		default:
		}
		c, err := net.DialTimeout("tcp", m.tlsAddr, time.Second)
		if err == nil {
			c.Close()
			return true
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-done
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the broker with SIGKILL: no goodbye, no final save.
func (m *mosquitto) kill(t *testing.T) {
	m.mu.Lock()
	cmd, done := m.cmd, m.done
	m.cmd = nil
	m.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Kill()
	<-done
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
