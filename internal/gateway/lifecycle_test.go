package gateway

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/testkit"
)

// TestReloadLeaks and TestUplinkRestartLeaks count the goroutines and file
// descriptors of the whole process, so they do not run in parallel with the
// other tests.

// openFDs counts the process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(es)
}

// settle waits up to d for the goroutines and descriptors to fall to at
// most the given levels, and gives the last counts.
func settle(t *testing.T, d time.Duration, goroutines, fds int) (int, int) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		g, f := runtime.NumGoroutine(), openFDs(t)
		if g <= goroutines && f <= fds || time.Now().After(deadline) {
			return g, f
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitRunning waits until the components after before run with the
// output connected and the modem online.
func (r *rig) waitRunning(before *assembly) *assembly {
	r.t.Helper()
	var p *assembly
	r.eventually(30*time.Second, "the new components running with the output connected and the modem online", func() bool {
		p = r.g.cur.Load()
		if p == nil || p == before || p.rec.IMEI() == "" || len(p.outs) == 0 || !p.outs[0].connected() {
			return false
		}
		return p.modem != nil && p.modem.mgr.Status().State == "online"
	})
	return p
}

// Reloads leave nothing behind: after fifteen of them the goroutines and
// file descriptors are back at the level of the first start, and records
// keep flowing.
func TestReloadLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("fifteen reloads")
	}
	// Every part: the SMS service and console, and the three watchdog
	// layers checking often.
	r := newRig(t, rigOptions{imei: simIMEI, extra: consoleSMS("s3cret") + `watchdog:
  modem: {interval: 1s, timeout: 1s}
  network: {interval: 1s, timeout: 1s}
  application: {interval: 1s}
`})
	r.start()
	imei := r.imei()
	p := r.waitRunning(nil)
	r.waitMessages(20*time.Second, "records", func(ms []message) bool {
		return completeSlots(titans(t, ms, imei)) >= 2
	})
	// The level of the first start, once its start-up is over: the leak
	// tests count the whole process's goroutines, which nothing signals the
	// end of, so they keep a settle period.
	time.Sleep(2 * time.Second)
	g0, f0 := settle(t, 0, 0, 0)
	t.Logf("after the first start: %d goroutines, %d descriptors", g0, f0)

	for i := range 15 {
		r.g.Reload(r.loadConfig())
		p = r.waitRunning(p)
		if i%5 == 4 {
			g, f := settle(t, 0, 0, 0)
			t.Logf("after %d reloads: %d goroutines, %d descriptors", i+1, g, f)
		}
	}
	r.checkNoLeaks(imei, g0, f0, "15 reloads")
}

// fdList describes the open descriptors, for failure messages.
func fdList() string {
	es, _ := os.ReadDir("/proc/self/fd")
	var b strings.Builder
	for _, e := range es {
		l, _ := os.Readlink("/proc/self/fd/" + e.Name())
		fmt.Fprintf(&b, "  %s → %s\n", e.Name(), l)
	}
	return b.String()
}

// blackhole accepts connections at addr and never answers: a broker
// whose host is reachable but whose service hangs. With tc it completes the
// TLS handshake first, and then says nothing (no CONNACK).
func blackhole(t *testing.T, addr string, tc *tls.Config) {
	t.Helper()
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	if tc != nil {
		ln = tls.NewListener(ln, tc)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			if tc, ok := c.(*tls.Conn); ok {
				go tc.Handshake()
			}
		}
	}()
}

// A shutdown with the broker gone, or hanging, ends within the drain bound
// (Options.Drain) and a little more.
func TestShutdownBrokerUnreachable(t *testing.T) {
	t.Parallel()
	for _, broker := range []string{"gone", "no-handshake", "no-connack"} {
		t.Run(broker, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, rigOptions{imei: simIMEI})
			r.start()
			imei := r.imei()
			r.waitMessages(20*time.Second, "records", func(ms []message) bool {
				return completeSlots(titans(t, ms, imei)) >= 1
			})
			r.stopBroker()
			switch broker {
			case "no-handshake":
				blackhole(t, r.brokerAddr, nil)
			case "no-connack":
				blackhole(t, r.brokerAddr, &tls.Config{
					Certificates: []tls.Certificate{r.brokerCert}, ClientCAs: r.ca.Pool(),
					ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12,
				})
			}
			var reconnects uint64
			r.eventually(10*time.Second, "the output disconnected", func() bool {
				o := r.status().Outputs[0]
				if o.MQTT != nil {
					reconnects = o.MQTT.Reconnects
				}
				return !o.Connected
			})
			// Let it try again (a connection attempt under way when
			// hanging).
			r.eventually(10*time.Second, "another connection attempt", func() bool {
				o := r.status().Outputs[0]
				return o.MQTT != nil && o.MQTT.Reconnects > reconnects
			})
			r.stopWithin(30*time.Second, 2*time.Second+2*time.Second)
		})
	}
}

// A shutdown while the broker is connected and acknowledges nothing ends
// within the drain bound and the offline status's own bound.
func TestShutdownBrokerStalled(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	r.start()
	imei := r.imei()
	r.waitMessages(20*time.Second, "records", func(ms []message) bool {
		return completeSlots(titans(t, ms, imei)) >= 1
	})
	hook := &holdHook{hold: 10 * time.Second, held: make(chan string, 1)}
	if err := r.currentBroker().Server().AddHook(hook, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-hook.held:
	case <-time.After(10 * time.Second):
		t.Fatal("no record published")
	}
	r.eventually(10*time.Second, "records in flight, unacknowledged", func() bool {
		o := r.status().Outputs[0]
		return o.MQTT != nil && o.MQTT.InFlight > 0
	})
	r.stopWithin(90*time.Second, 2*time.Second+4*time.Second)
}

// A shutdown while the modem does not answer, with the SMS console's
// work on a command from a technician stuck on it, ends within a bound.
func TestShutdownModemFrozen(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI, extra: consoleSMS("s3cret")})
	// The trace shows the commands written to the frozen module.
	cfg := r.loadConfig()
	trace := filepath.Join(r.dir, "at.log")
	cfg.Modem.Trace, cfg.Modem.TraceMaxBytes = trace, config.Size(16<<20)
	r.startWith(cfg)
	r.eventually(20*time.Second, "the modem online", r.modemOnline)
	i, err := r.modem.InjectSMS(technician, "s3cret status")
	if err != nil {
		t.Fatal(err)
	}
	// Read and deleted; the reply is on its way.
	deleted := fmt.Sprintf("AT+CMGD=%d", i)
	r.eventually(20*time.Second, "the message read", func() bool {
		return slices.Contains(r.modem.Commands(), deleted)
	})
	r.modem.Freeze(true)
	r.eventually(10*time.Second, "a command waiting for the frozen modem", func() bool {
		return waitingForAnswer(trace)
	})
	r.stopWithin(30*time.Second, 2*time.Second+3*time.Second)
}

// waitingForAnswer reports whether the last traffic in the modem trace
// is a write: a command the module has not answered yet.
func waitingForAnswer(trace string) bool {
	b, _ := os.ReadFile(trace)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		switch f := strings.Fields(lines[i]); {
		case len(f) < 2 || f[1] == "#":
		default:
			return f[1] == ">"
		}
	}
	return false
}

// A state directory that cannot be used makes Run return its error, at
// the start and at a reload, rather than hang with nothing running.
func TestStateDirUnusable(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	// A file where the state directory should be.
	if err := os.WriteFile(filepath.Join(r.dir, "file"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	unusable := func(cfg *config.Config) *config.Config {
		cfg.Gateway.StateDir = filepath.Join(r.dir, "file", "state")
		cfg.Spool.Dir = filepath.Join(cfg.Gateway.StateDir, "spool")
		return cfg
	}
	run := func(t *testing.T, g *Gateway) chan error {
		done, returned := make(chan error, 1), make(chan struct{})
		ctx, cancel := context.WithCancel(r.ctx)
		t.Cleanup(func() {
			cancel()
			<-returned
		})
		go func() {
			defer close(returned)
			done <- g.Run(ctx)
		}()
		return done
	}
	wait := func(t *testing.T, done chan error, what string) {
		t.Helper()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "state directory") {
				t.Errorf("%s: Run returned %v", what, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Run did not return", what)
		}
	}

	t.Run("start", func(t *testing.T) {
		g := New(unusable(r.loadConfig()), Options{Logger: r.logger("gateway"), Version: "test"})
		wait(t, run(t, g), "at the start")
	})
	t.Run("reload", func(t *testing.T) {
		g := New(r.loadConfig(), Options{Logger: r.logger("gateway"), Version: "test"})
		done := run(t, g)
		testkit.Eventually(t, "the first configuration running", func() bool { return g.cur.Load() != nil })
		g.Reload(unusable(r.loadConfig()))
		wait(t, done, "at a reload")
	})
}

// Reloads in quick succession (SIGHUP twice) stop parts that are still
// starting: nothing they start outlives them, and the last configuration
// runs.
func TestReloadBurst(t *testing.T) {
	t.Parallel()
	// Every part: the SMS service and console, and the three watchdog
	// layers checking often.
	r := newRig(t, rigOptions{imei: simIMEI, extra: consoleSMS("s3cret") + `watchdog:
  modem: {interval: 1s, timeout: 1s}
  network: {interval: 1s, timeout: 1s}
  application: {interval: 1s}
`})
	r.start()
	imei := r.imei()
	p := r.waitRunning(nil)
	for i := range 30 {
		r.g.Reload(r.loadConfig())
		time.Sleep(time.Duration(i%7) * time.Millisecond) // the point: reloads at uneven spacing

	}
	p = r.waitRunning(p)
	reloaded := time.Now()
	r.waitRecordsAfter(20*time.Second, "records after the reloads", imei, reloaded, 4, nil)
}

// probe is a component that tells when it starts and closes; with wait,
// its Start waits for its context to end, as the identity's does.
type probe struct {
	name    string
	wait    bool
	order   *[]string // the names of the probes closed, in order
	started chan struct{}
	closed  chan struct{}
}

func newProbe(name string, wait bool, order *[]string) *probe {
	return &probe{name: name, wait: wait, order: order, started: make(chan struct{}), closed: make(chan struct{})}
}

func (p *probe) Start(ctx context.Context) error {
	close(p.started)
	if p.wait {
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (p *probe) Close() error {
	*p.order = append(*p.order, p.name)
	close(p.closed)
	return nil
}

// A list of components that has been closed starts nothing more: an
// assembly still starting when a reload or a shutdown stops it must not
// leave goroutines behind that nothing waits for. A component waiting in
// Start is released, and every component is closed once, the last first.
func TestComponentsStartNothingAfterClose(t *testing.T) {
	t.Parallel()
	t.Run("closed before the start", func(t *testing.T) {
		var order []string
		p := newProbe("probe", false, &order)
		l := components{log: slog.New(slog.DiscardHandler)}
		l.add("probe", p, nil)
		l.close()
		l.start(context.Background())
		select {
		case <-p.started:
			t.Error("a component started in a closed list")
		default:
		}
	})
	t.Run("closed while starting", func(t *testing.T) {
		var order []string
		first, waiting, after := newProbe("first", false, &order), newProbe("waiting", true, &order), newProbe("after", false, &order)
		l := components{log: slog.New(slog.DiscardHandler)}
		l.add("first", first, nil)
		l.add("waiting", waiting, nil)
		l.add("after", after, nil)
		l.start(context.Background())
		<-waiting.started
		l.close()
		select {
		case <-after.started:
			t.Error("a component started after the list closed")
		default:
		}
		for _, p := range []*probe{first, waiting, after} {
			select {
			case <-p.closed:
			default:
				t.Errorf("%s not closed", p.name)
			}
		}
		if want := []string{"after", "waiting", "first"}; !slices.Equal(order, want) {
			t.Errorf("closed in the order %v, want %v", order, want)
		}
	})
}

// Restarts of the MQTT output (the application watchdog's action) leave
// nothing behind either.
func TestUplinkRestartLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("fifteen restarts")
	}
	r := newRig(t, rigOptions{imei: simIMEI})
	r.start()
	imei := r.imei()
	p := r.waitRunning(nil)
	o := p.outs[0]
	time.Sleep(2 * time.Second) // a settle period: the start-up's own goroutines end unsignalled

	g0, f0 := settle(t, 0, 0, 0)
	for range 15 {
		pub := o.publisher()
		if err := o.Restart(r.ctx); err != nil {
			t.Fatal(err)
		}
		r.eventually(20*time.Second, "a new MQTT connection", func() bool {
			return o.publisher() != pub && o.connected()
		})
	}
	r.checkNoLeaks(imei, g0, f0, "15 restarts")
}

// metricValue reads an unlabelled sample from the metrics text.
func metricValue(t *testing.T, text, name string) float64 {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, name+" "); ok {
			var f float64
			if _, err := fmt.Sscan(v, &f); err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			return f
		}
	}
	t.Fatalf("no metric %s in\n%s", name, text)
	return 0
}

// The MQTT output's counters count for the gateway, not for one
// connection: a restart of the uplink does not set them back.
func TestMQTTCountersAcrossRestarts(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	r.start()
	p := r.waitRunning(nil)
	o := p.outs[0]
	r.eventually(20*time.Second, "records acknowledged", func() bool {
		return metricValue(t, r.get("/metrics"), "cellgate_mqtt_acked_total") >= 4
	})
	names := []string{"cellgate_mqtt_published_total", "cellgate_mqtt_acked_total", "cellgate_mqtt_reconnects_total"}
	before := map[string]float64{}
	text := r.get("/metrics")
	for _, n := range names {
		before[n] = metricValue(t, text, n)
	}
	for range 2 {
		pub := o.publisher()
		if err := o.Restart(r.ctx); err != nil {
			t.Fatal(err)
		}
		r.eventually(20*time.Second, "a new MQTT connection", func() bool {
			return o.publisher() != pub && o.connected()
		})
	}
	text = r.get("/metrics")
	for _, n := range names {
		if v := metricValue(t, text, n); v < before[n] {
			t.Errorf("%s went back from %v to %v after restarts of the uplink", n, before[n], v)
		}
	}
	if v := metricValue(t, text, "cellgate_mqtt_reconnects_total"); v < before["cellgate_mqtt_reconnects_total"]+2 {
		t.Errorf("reconnects: %v before two restarts, %v after", before["cellgate_mqtt_reconnects_total"], v)
	}
}

// A restart of the uplink while its TLS files cannot be read (a
// certificate being renewed) does not end the MQTT output: it connects
// again once they can.
func TestUplinkRestartWithoutKey(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	r.start()
	p := r.waitRunning(nil)
	o := p.outs[0]
	key := filepath.Join(r.dir, "client.key")
	if err := os.Rename(key, key+".old"); err != nil {
		t.Fatal(err)
	}
	if err := o.Restart(r.ctx); err != nil {
		t.Fatal(err)
	}
	r.eventually(10*time.Second, "the output down without its key", func() bool { return !o.connected() })
	r.eventually(10*time.Second, "the MQTT output failing without its key", func() bool {
		return strings.Contains(tail(r.log, 1<<30), "MQTT output cannot start; retrying")
	})
	if err := os.Rename(key+".old", key); err != nil {
		t.Fatal(err)
	}
	if err := o.Restart(r.ctx); err != nil { // the application watchdog's next action
		t.Fatal(err)
	}
	r.eventually(20*time.Second, "the output connected again with its key back", o.connected)
}

// A modem that floods the port with indications (a firmware fault) does
// not flood the log: a storm of 5000 takes a few lines, not one a URC.
func TestURCStormLog(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	r.start()
	r.waitRunning(nil)
	before := strings.Count(tail(r.log, 1<<30), "\n")
	eng := r.g.cur.Load().modem.eng
	urcs := eng.Stats().URCs
	r.modem.Storm(`+CREG: 1,"D8C5","0E72A5F",2`, 5000)
	r.eventually(30*time.Second, "the storm's indications read", func() bool {
		return eng.Stats().URCs >= urcs+5000
	})
	lines := strings.Split(tail(r.log, 1<<30), "\n")[before:]
	if len(lines) > 100 {
		counts := map[string]int{}
		for _, l := range lines {
			if _, m, ok := strings.Cut(l, "msg="); ok {
				m, _, _ = strings.Cut(m, " c=")
				counts[m]++
			}
		}
		t.Errorf("%d log lines for a storm of 5000 indications: %v", len(lines), counts)
	}
	r.eventually(20*time.Second, "the modem online after the storm", r.modemOnline)
}

// checkNoLeaks checks, after what (15 reloads...), that goroutines and
// file descriptors come back near g0 and f0 and that records still flow.
func (r *rig) checkNoLeaks(imei string, g0, f0 int, what string) {
	t := r.t
	t.Helper()
	// Records flowing after what: the components have started.
	r.waitRecordsAfter(20*time.Second, "records after "+what, imei, time.Now(), 4, nil)
	const slackG, slackF = 10, 3
	g, f := settle(t, 20*time.Second, g0+slackG, f0+slackF)
	t.Logf("after %s: goroutines %d → %d, descriptors %d → %d", what, g0, g, f0, f)
	if g > g0+slackG {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Errorf("goroutines: %d before, %d after %s\n%s", g0, g, what, buf[:n])
	}
	if f > f0+slackF {
		t.Errorf("file descriptors: %d before, %d after %s\n%s", f0, f, what, fdList())
	}
}

// stopWithin stops the gateway, waiting up to wait, and checks that the
// shutdown took no more than limit (the drain plus the part's own bound).
func (r *rig) stopWithin(wait, limit time.Duration) {
	t := r.t
	t.Helper()
	took, err := r.stop(wait)
	t.Logf("the shutdown took %v", took)
	if err != nil {
		t.Fatal(err)
	}
	if took > limit {
		t.Errorf("the shutdown took %v, more than %v", took, limit)
	}
}
