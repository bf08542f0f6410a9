//go:build integration

package uplink

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/pki"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// mosq is a mosquitto started for one test: a TLS listener requiring client
// certificates and a plain loopback listener for observers.
type mosq struct {
	tlsAddr, plainAddr string
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startMosquitto(t *testing.T, e *env) *mosq {
	t.Helper()
	bin, err := exec.LookPath("mosquitto")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/mosquitto"); err2 == nil {
			bin = "/usr/sbin/mosquitto"
		} else if os.Getenv("CELLGATE_REQUIRE_INTEGRATION") != "" {
			t.Fatal("mosquitto not installed and CELLGATE_REQUIRE_INTEGRATION is set")
		} else {
			t.Skip("mosquitto not installed")
		}
	}
	m := &mosq{tlsAddr: freeAddr(t), plainAddr: freeAddr(t)}
	_, tp, _ := net.SplitHostPort(m.tlsAddr)
	_, pp, _ := net.SplitHostPort(m.plainAddr)
	conf := fmt.Sprintf(`per_listener_settings false
allow_anonymous true
persistence false
log_dest stderr
log_type error
log_type warning
listener %s 127.0.0.1
cafile %s
certfile %s
keyfile %s
require_certificate true
use_identity_as_username true
tls_version tlsv1.2
listener %s 127.0.0.1
`, tp, e.caFile, e.srvCertFile, e.srvKeyFile, pp)
	if os.Geteuid() == 0 {
		conf = "user root\n" + conf // keep access to the 0600 key
	}
	path := filepath.Join(e.dir, "mosquitto.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-c", path)
	var log strings.Builder
	cmd.Stderr = &log
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("mosquitto log:\n%s", log.String())
		}
	})
	for _, a := range []string{m.tlsAddr, m.plainAddr} {
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, err := net.DialTimeout("tcp", a, time.Second)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("mosquitto did not listen on %s: %v\n%s", a, err, log.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return m
}

func (e *env) mosqConfig(m *mosq) Config {
	return Config{
		Broker: "ssl://" + m.tlsAddr, IMEI: imei,
		CAFile: e.caFile, CertFile: e.certFile, KeyFile: e.keyFile,
		BackoffMin: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
		PollInterval: 50 * time.Millisecond, ConnectTimeout: 3 * time.Second, Logger: quiet,
	}
}

func TestMosquittoRefusesWrongCAAndMissingCertificate(t *testing.T) {
	e := newEnv(t)
	m := startMosquitto(t, e)
	other, _ := pki.NewCA("not the broker's CA")
	otherFile, _ := other.WriteFiles(t.TempDir())
	stranger, _ := other.Client(imei)
	sc, sk, _ := stranger.WriteFiles(t.TempDir(), "stranger")

	cfg := e.mosqConfig(m)
	cfg.CAFile = otherFile
	if err := connectErr(t, cfg); !errors.Is(err, ErrUnknownAuthority) {
		t.Errorf("wrong CA for the broker: %v", err)
	}
	cfg = e.mosqConfig(m)
	cfg.CertFile, cfg.KeyFile = "", ""
	if err := connectErr(t, cfg); !errors.Is(err, ErrCertificateRequired) && !errors.Is(err, ErrBadCertificate) {
		t.Errorf("no client certificate: %v", err)
	} else {
		t.Logf("no client certificate: %v", err)
	}
	cfg = e.mosqConfig(m)
	cfg.CertFile, cfg.KeyFile = sc, sk
	if err := connectErr(t, cfg); !errors.Is(err, ErrUnknownAuthority) && !errors.Is(err, ErrBadCertificate) {
		t.Errorf("client certificate from another CA: %v", err)
	} else {
		t.Logf("client certificate from another CA: %v", err)
	}
}

func TestMosquittoPublishRoundTrip(t *testing.T) {
	e := newEnv(t)
	m := startMosquitto(t, e)
	obs := observe(t, m.plainAddr, imei+"/logger", imei+"/status")
	src := newMemSource()
	for i := range 50 {
		src.Add(fmt.Sprintf(`{"seq":%d}`, i))
	}
	p, err := New(e.mosqConfig(m))
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, src)
	logger := 0
	status := ""
	for logger < 50 {
		msg := obs.next(t)
		if msg.Topic() == imei+"/status" {
			status = string(msg.Payload())
			continue
		}
		if want := fmt.Sprintf(`{"seq":%d}`, logger); string(msg.Payload()) != want {
			t.Fatalf("got %s, want %s", msg.Payload(), want)
		}
		logger++
	}
	testkit.Eventually(t, "all acked", func() bool { return src.Left() == 0 })
	if status != "online" {
		t.Fatalf("status %q", status)
	}
}

func TestMosquittoRemoteATWithModemSimulator(t *testing.T) {
	ctx := t.Context()
	sim := modem.New(modem.Config{BootDelay: time.Millisecond})
	if err := sim.Start(ctx, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	eng := at.New(at.SerialOpener(sim.TTY(), at.SerialConfig{}), at.Config{})
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })

	e := newEnv(t)
	m := startMosquitto(t, e)
	cfg := e.mosqConfig(m)
	cfg.AT = &ATConfig{Runner: eng, Timeout: 5 * time.Second}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, nil)
	waitConnected(t, p)
	obs := observe(t, m.plainAddr, imei+"/ATR")

	obs.publish(t, imei+"/AT", "AT+CSQ")
	got := string(obs.next(t).Payload())
	if !strings.HasPrefix(got, "AT+CSQ\n+CSQ: ") || !strings.HasSuffix(got, "\nOK\n") {
		t.Fatalf("AT+CSQ answered %q", got)
	}
	t.Logf("AT+CSQ → %q", got)

	obs.publish(t, imei+"/AT", "AT+CFUN=0")
	got = string(obs.next(t).Payload())
	if !strings.HasPrefix(got, "AT+CFUN=0\nREFUSED: ") {
		t.Fatalf("AT+CFUN=0 answered %q", got)
	}
	if r, _ := eng.Command(ctx, "AT+CFUN?"); r == nil || len(r.Prefixed("+CFUN:")) != 1 || r.Prefixed("+CFUN:")[0] != "1" {
		t.Fatalf("radio state after refusal: %+v", r)
	}
}
