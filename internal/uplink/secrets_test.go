package uplink

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/testkit"
)

// A broker URL with a password, on tcp:// with TLS files, is refused
// without showing the password.
func TestPublisherPlainBrokerErrorMasksPassword(t *testing.T) {
	t.Parallel()
	_, err := New(Config{Broker: "tcp://gw:brokerPw77@broker.example:1883", CAFile: "ca.crt", IMEI: "865261010004010", Logger: quiet})
	if err == nil || strings.Contains(err.Error(), "brokerPw77") || !strings.Contains(err.Error(), "not TLS") {
		t.Errorf("New: %v", err)
	}
}

// A server that quotes the credentials it got in its rejection (the
// Authorization header's token, the password of the URL) does not put them
// into the log or the stats that /status shows.
func TestHTTPSRejectionEchoingCredentialsMasked(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	src := newMemSource()
	src.Add(`{"a":1}`)
	s := newSink(t, e, src, nil)
	s.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		http.Error(w, "denied: "+r.Header.Get("X-Api-Key")+" "+r.Header.Get("X-Auth")+" "+user+":"+pass, http.StatusForbidden)
	})
	var log testkit.Buffer
	cfg := e.httpConfig(strings.Replace(s.srv.URL, "https://", "https://ingest:urlPw-Hd27@", 1))
	cfg.Header = map[string]string{"X-Auth": "Bearer tokHdr-Wn93", "X-Api-Key": "apiKey-Rt55"}
	cfg.Logger = slog.New(slog.NewTextHandler(&log, nil))
	p, err := NewHTTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	runHTTP(t, p, src)
	testkit.Eventually(t, "a rejection", func() bool { return p.Stats().Rejected >= 1 })
	st := p.Stats()
	if !strings.Contains(st.LastError, "denied") {
		t.Errorf("last error %q", st.LastError)
	}
	for _, secret := range []string{"tokHdr-Wn93", "apiKey-Rt55", "urlPw-Hd27"} {
		if strings.Contains(st.LastError, secret) {
			t.Errorf("the last error shows %q: %s", secret, st.LastError)
		}
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log shows %q:\n%s", secret, log.String())
		}
	}
}
