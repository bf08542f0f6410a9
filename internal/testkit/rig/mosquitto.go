package rig

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// MosquittoConfig is what a mosquitto for one test serves.
type MosquittoConfig struct {
	// CAFile verifies the client certificates the TLS listener requires;
	// CertFile and KeyFile are the broker's own certificate.
	CAFile, CertFile, KeyFile string
	// Dir receives mosquitto.conf; "" is a new temporary directory.
	Dir string
	// PersistDir, when set, turns persistence on there (saved every
	// second and on SIGTERM), so that messages outlive a Stop and Start.
	PersistDir string
	// Unlimited lifts mosquitto's limits on queued and in-flight messages.
	Unlimited bool
}

// Mosquitto is a mosquitto process owned by one test, on two free loopback
// ports: TLSAddr, a TLS 1.2 listener requiring a client certificate whose
// common name becomes the user name, and PlainAddr, a plain listener for
// observers. It can be stopped and started again on the same ports, and
// stops when the test ends; its log is shown when the test failed.
type Mosquitto struct {
	TLSAddr, PlainAddr string

	tb        testing.TB
	bin, conf string
	log       testkit.Buffer

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// StartMosquitto writes the configuration and starts mosquitto. When
// mosquitto is not installed the test is skipped, or fails when
// CELLGATE_REQUIRE_INTEGRATION is set.
func StartMosquitto(tb testing.TB, cfg MosquittoConfig) *Mosquitto {
	tb.Helper()
	m := &Mosquitto{tb: tb, bin: testkit.Program(tb, "mosquitto", "apt-get install mosquitto"),
		TLSAddr: testkit.FreeAddr(tb), PlainAddr: testkit.FreeAddr(tb)}
	_, tp, _ := net.SplitHostPort(m.TLSAddr)
	_, pp, _ := net.SplitHostPort(m.PlainAddr)
	persist := "persistence false\n"
	if cfg.PersistDir != "" {
		persist = fmt.Sprintf("persistence true\npersistence_location %s/\nautosave_interval 1\n", cfg.PersistDir)
	}
	limits := ""
	if cfg.Unlimited {
		limits = "max_queued_messages 0\nmax_queued_bytes 0\nmax_inflight_messages 0\n"
	}
	conf := fmt.Sprintf(`per_listener_settings false
allow_anonymous true
%slog_dest stderr
log_type error
log_type warning
%slistener %s 127.0.0.1
cafile %s
certfile %s
keyfile %s
require_certificate true
use_identity_as_username true
tls_version tlsv1.2
listener %s 127.0.0.1
`, persist, limits, tp, cfg.CAFile, cfg.CertFile, cfg.KeyFile, pp)
	if os.Geteuid() == 0 {
		conf = "user root\n" + conf // keep access to the 0600 key
	}
	dir := cfg.Dir
	if dir == "" {
		dir = tb.TempDir()
	}
	m.conf = filepath.Join(dir, "mosquitto.conf")
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

// Start starts mosquitto (again) and waits until both ports listen,
// trying again while a previous instance's ports are being released.
func (m *Mosquitto) Start() {
	m.tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !m.try() {
		if time.Now().After(deadline) {
			m.tb.Fatalf("mosquitto did not start:\n%s", m.log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// try starts one instance; it reports whether both ports listen.
func (m *Mosquitto) try() bool {
	cmd := exec.Command(m.bin, "-c", m.conf)
	cmd.Stderr = &m.log
	if err := cmd.Start(); err != nil {
		m.tb.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	m.mu.Lock()
	m.cmd, m.done = cmd, done
	m.mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for _, a := range []string{m.TLSAddr, m.PlainAddr} {
		for {
			select {
			case <-done: // exited: a port still busy, or a bad configuration
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

// Stop ends mosquitto with SIGTERM (it saves its persistence database on
// the way out) and waits for it; a mosquitto that does not end within 15 s
// is killed.
func (m *Mosquitto) Stop() {
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

// Log is what mosquitto wrote so far.
func (m *Mosquitto) Log() string { return m.log.String() }
