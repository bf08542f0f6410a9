//go:build integration

package uplink

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/pki"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// startMosquitto starts a mosquitto for one test on e's certificates: a
// TLS listener requiring client certificates and a plain loopback listener
// for observers.
func startMosquitto(t *testing.T, e *env) *rig.Mosquitto {
	t.Helper()
	return rig.StartMosquitto(t, rig.MosquittoConfig{
		CAFile: e.CAFile, CertFile: e.ServerCert, KeyFile: e.ServerKey, Dir: e.Dir,
	})
}

func (e *env) mosqConfig(m *rig.Mosquitto) Config {
	return Config{
		Broker: "ssl://" + m.TLSAddr, IMEI: imei,
		CAFile: e.CAFile, CertFile: e.CertFile, KeyFile: e.KeyFile,
		BackoffMin: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
		PollInterval: 50 * time.Millisecond, ConnectTimeout: 3 * time.Second, Logger: quiet,
	}
}

func TestMosquittoRefusesWrongCAAndMissingCertificate(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	e := newEnv(t)
	m := startMosquitto(t, e)
	obs := observe(t, m.PlainAddr, imei+"/logger", imei+"/status")
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
	t.Parallel()
	ctx := t.Context()
	eng := rig.StartModem(t, modem.Config{BootDelay: time.Millisecond}, at.Config{}).Engine

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
	obs := observe(t, m.PlainAddr, imei+"/ATR")

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
