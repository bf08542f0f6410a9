package bench

import (
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/pki"
)

// benchIMEI is the device identity used by the MQTT benchmarks and tests.
const benchIMEI = "357299070082380"

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// mqttEnv is a CA with a broker and a device certificate on disk.
type mqttEnv struct {
	dir                       string
	ca                        *pki.CA
	client                    *pki.Pair
	caFile, certFile, keyFile string
	srvCert, srvKey           string
}

func newMQTTEnv(tb testing.TB, dir string) *mqttEnv {
	tb.Helper()
	e := &mqttEnv{dir: dir}
	var err error
	if e.ca, err = pki.NewCA("cellgate bench CA"); err != nil {
		tb.Fatal(err)
	}
	srv, err := e.ca.Server("localhost", "127.0.0.1")
	if err != nil {
		tb.Fatal(err)
	}
	if e.client, err = e.ca.Client(benchIMEI); err != nil {
		tb.Fatal(err)
	}
	if e.caFile, err = e.ca.WriteFiles(dir); err != nil {
		tb.Fatal(err)
	}
	if e.certFile, e.keyFile, err = e.client.WriteFiles(dir, "client"); err != nil {
		tb.Fatal(err)
	}
	if e.srvCert, e.srvKey, err = srv.WriteFiles(dir, "server"); err != nil {
		tb.Fatal(err)
	}
	return e
}

// clientTLS is the device's TLS configuration for a raw paho client.
func (e *mqttEnv) clientTLS(tb testing.TB) *tls.Config {
	tb.Helper()
	cert, err := e.client.TLSCertificate()
	if err != nil {
		tb.Fatal(err)
	}
	return &tls.Config{RootCAs: e.ca.Pool(), Certificates: []tls.Certificate{cert},
		ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

func mosquittoBin(tb testing.TB) string {
	tb.Helper()
	if bin, err := exec.LookPath("mosquitto"); err == nil {
		return bin
	}
	if _, err := os.Stat("/usr/sbin/mosquitto"); err == nil {
		return "/usr/sbin/mosquitto"
	}
	if os.Getenv("CELLGATE_REQUIRE_INTEGRATION") != "" {
		tb.Fatal("mosquitto not installed and CELLGATE_REQUIRE_INTEGRATION is set")
	}
	tb.Skip("mosquitto not installed")
	return ""
}

func freePort(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// mosquitto is a broker process owned by one test: a TLS listener requiring
// client certificates and a plain loopback listener for observers. It can be
// stopped and started again on the same ports.
type mosquitto struct {
	tb                 testing.TB
	bin, conf          string
	tlsAddr, plainAddr string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	log  *strings.Builder
}

// startMosquitto writes a configuration and starts the broker. persistDir
// "" disables persistence.
func startMosquitto(tb testing.TB, e *mqttEnv, persistDir string) *mosquitto {
	tb.Helper()
	m := &mosquitto{tb: tb, bin: mosquittoBin(tb), tlsAddr: freePort(tb), plainAddr: freePort(tb)}
	_, tp, _ := net.SplitHostPort(m.tlsAddr)
	_, pp, _ := net.SplitHostPort(m.plainAddr)
	persist := "persistence false\n"
	if persistDir != "" {
		persist = fmt.Sprintf("persistence true\npersistence_location %s/\nautosave_interval 1\n", persistDir)
	}
	conf := fmt.Sprintf(`per_listener_settings false
allow_anonymous true
%slog_dest stderr
log_type error
log_type warning
max_queued_messages 0
max_queued_bytes 0
max_inflight_messages 0
listener %s 127.0.0.1
cafile %s
certfile %s
keyfile %s
require_certificate true
use_identity_as_username true
tls_version tlsv1.2
listener %s 127.0.0.1
`, persist, tp, e.caFile, e.srvCert, e.srvKey, pp)
	if os.Geteuid() == 0 {
		conf = "user root\n" + conf // keep access to the 0600 key
	}
	m.conf = filepath.Join(e.dir, "mosquitto.conf")
	if err := os.WriteFile(m.conf, []byte(conf), 0o600); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		m.Stop()
		if tb.Failed() {
			tb.Logf("mosquitto log:\n%s", m.log.String())
		}
	})
	m.Start()
	return m
}

// Start starts the broker (again) and waits until both ports listen,
// retrying while a previous instance's ports are still being released.
func (m *mosquitto) Start() {
	m.tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for attempt := 0; ; attempt++ {
		if m.try() {
			return
		}
		if time.Now().After(deadline) {
			m.tb.Fatalf("mosquitto did not start:\n%s", m.log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (m *mosquitto) try() bool {
	m.mu.Lock()
	if m.log == nil {
		m.log = &strings.Builder{}
	}
	cmd := exec.Command(m.bin, "-c", m.conf)
	cmd.Stderr = &syncWriter{mu: &m.mu, w: m.log}
	if err := cmd.Start(); err != nil {
		m.mu.Unlock()
		m.tb.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	m.cmd, m.done = cmd, done
	m.mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for _, a := range []string{m.tlsAddr, m.plainAddr} {
		for {
			select {
			case <-done: // exited: port still busy, or a bad configuration
				return false
			default:
			}
			c, err := net.DialTimeout("tcp", a, time.Second)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				m.Stop()
				return false
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return true
}

// Stop ends the broker with SIGTERM (mosquitto saves its persistence
// database on the way out) and waits for it.
func (m *mosquitto) Stop() {
	m.mu.Lock()
	cmd, done := m.cmd, m.done
	m.cmd = nil
	m.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

type syncWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}
