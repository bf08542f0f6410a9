package gateway

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/record"
)

// With an HTTPS output beside MQTT, each output has its own spool: the
// HTTPS server gets every record in NDJSON batches over mutual TLS, and while
// it is down the MQTT output goes on; afterwards the HTTPS backlog arrives.
func TestHTTPSOutputBesideMQTT(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{})
	pair, err := r.ca.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := pair.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		lines []string
		down  bool
	)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if down {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		if len(req.TLS.PeerCertificates) == 0 {
			http.Error(w, "no client certificate", http.StatusUnauthorized)
			return
		}
		sc := bufio.NewScanner(req.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: r.ca.Pool()}
	srv.StartTLS()
	defer srv.Close()

	text := strings.Replace(r.configText(r.opts), "outputs:\n", "outputs:\n  https:\n    url: "+srv.URL+"/ingest\n    ca: ca.crt\n    cert: client.crt\n    key: client.key\n    batch: 10\n", 1)
	if err := os.WriteFile(r.cfgPath, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r.start()

	// httpsTitans are the Titan records the HTTPS server has (sent as JSON
	// strings, since they are not JSON).
	httpsTitans := func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		n := map[string]int{}
		for _, l := range lines {
			var s string
			if json.Unmarshal([]byte(l), &s) != nil {
				continue
			}
			if ti, err := record.ParseTitan(s); err == nil {
				n[ti.TS.Format(time.RFC3339)+"/"+string(rune('0'+ti.ID))]++
			}
		}
		return n
	}
	r.eventually(30*time.Second, "records from both PLCs over HTTPS", func() bool {
		got := httpsTitans()
		one, two := 0, 0
		for k := range got {
			if strings.HasSuffix(k, "/1") {
				one++
			} else {
				two++
			}
		}
		return one >= 2 && two >= 2
	})

	mu.Lock()
	down = true
	mu.Unlock()
	before := len(titans(t, r.messages(), r.imei()))
	r.eventually(20*time.Second, "MQTT records while the HTTPS server is down", func() bool {
		return len(titans(t, r.messages(), r.imei())) >= before+4
	})
	r.eventually(10*time.Second, "an HTTPS backlog", func() bool {
		for _, o := range r.status().Outputs {
			if o.Name == "https" && o.Spool.Records > 0 {
				return true
			}
		}
		return false
	})
	mu.Lock()
	down = false
	mu.Unlock()
	// Every MQTT Titan record of the run reaches the HTTPS server too.
	r.eventually(60*time.Second, "the HTTPS backlog delivered", func() bool {
		got := httpsTitans()
		for _, ti := range titans(t, r.messages(), r.imei()) {
			if got[ti.TS.Format(time.RFC3339)+"/"+string(rune('0'+ti.ID))] == 0 {
				return false
			}
		}
		return true
	})
	if m := r.get("/metrics"); !strings.Contains(m, `cellgate_spool_records{output="https"}`) {
		t.Error("no spool metrics for the HTTPS output")
	}
}
