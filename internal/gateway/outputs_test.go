package gateway

import (
	"bytes"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/config"
)

// Two outputs share spool.max_bytes: their spools together stay within it,
// as the configuration promises ("the most the spool may hold").
func TestSpoolBudgetSharedByOutputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "cellgate.yaml")
	if err := os.WriteFile(path, []byte(`gateway:
  imei: "`+simIMEI+`"
  state_dir: state
modem:
  enabled: false
spool:
  max_bytes: 256KiB
outputs:
  mqtt:
    broker: tcp://127.0.0.1:1
  https:
    url: https://127.0.0.1:1/readings
metrics:
  listen: "off"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	g := New(cfg, Options{})
	rec, err := newRecorder(cfg, g.log, g.obs.events)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	data := bytes.Repeat([]byte("x"), 2000)
	for range 400 { // 800 KB
		if err := rec.append(data); err != nil {
			t.Fatal(err)
		}
	}
	var total int64
	for _, o := range rec.spools {
		total += o.sp.Stats().Bytes
	}
	if max := cfg.Spool.MaxBytes.Bytes(); total > max {
		t.Errorf("the spools of %d outputs hold %d bytes, spool.max_bytes is %d", len(rec.spools), total, max)
	}
}

// An output that cannot start does not keep the others from starting: with
// the MQTT client's key missing, the HTTPS output delivers.
func TestOutputsStartIndependently(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var lines []string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		mu.Lock()
		lines = append(lines, strings.Split(strings.TrimSpace(string(b)), "\n")...)
		mu.Unlock()
	}))
	srv.StartTLS()
	t.Cleanup(srv.Close)

	r := newRig(t, rigOptions{imei: simIMEI})
	ca := filepath.Join(r.dir, "https-ca.crt")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := r.loadConfig()
	cfg.Outputs.HTTPS = &config.HTTPS{URL: srv.URL + "/readings", CA: ca, Batch: 100, Format: "ndjson", Timeout: config.Duration(10 * time.Second)}
	if err := os.Remove(filepath.Join(r.dir, "client.key")); err != nil {
		t.Fatal(err)
	}
	r.startWith(cfg)
	r.eventually(20*time.Second, "records over HTTPS", func() bool {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, l := range lines {
			if strings.Contains(l, "TYPE:MODB") {
				n++
			}
		}
		return n >= 2
	})
}

// The HTTPS output is not reported connected once its server cannot be
// reached.
func TestHTTPSConnected(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		io.Copy(io.Discard, req.Body)
	}))
	srv.StartTLS()
	t.Cleanup(srv.Close)

	r := newRig(t, rigOptions{imei: simIMEI})
	ca := filepath.Join(r.dir, "https-ca.crt")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := r.loadConfig()
	cfg.Outputs.MQTT = nil
	cfg.Outputs.HTTPS = &config.HTTPS{URL: srv.URL + "/readings", CA: ca, Batch: 100, Format: "ndjson", Timeout: config.Duration(2 * time.Second)}
	r.startWith(cfg)
	r.eventually(20*time.Second, "the HTTPS output connected", func() bool {
		s := r.status()
		return len(s.Outputs) == 1 && s.Outputs[0].Connected && s.Outputs[0].HTTPS.Acked > 0
	})
	srv.Close()
	r.eventually(20*time.Second, "the HTTPS output disconnected with its server gone", func() bool {
		s := r.status()
		return !s.Outputs[0].Connected && s.Outputs[0].HTTPS.Failures > 0
	})
}
