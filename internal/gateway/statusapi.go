package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/cellgate/cellgate/internal/metrics"
)

// statusAPI serves /metrics and /status on metrics.listen ("off" or empty:
// nothing). It is the Gateway's first component and its last closed: it
// outlives reloads.
type statusAPI struct {
	addr   string
	reg    *metrics.Registry
	status func() Status
	notify chan<- string // receives the listener's address (Options.StatusAddr)
	log    *slog.Logger

	srv  *http.Server
	done chan struct{} // closed when the server has stopped
}

func newStatusAPI(addr string, reg *metrics.Registry, status func() Status, notify chan<- string, log *slog.Logger) *statusAPI {
	return &statusAPI{addr: addr, reg: reg, status: status, notify: notify, log: log}
}

// Start listens and serves in the background.
func (a *statusAPI) Start(context.Context) error {
	if a.addr == "" || a.addr == "off" {
		return nil
	}
	ln, err := net.Listen("tcp", a.addr)
	if err != nil {
		return err
	}
	if a.notify != nil {
		a.notify <- ln.Addr().String()
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.reg.Handler())
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(a.status())
	})
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	a.done = make(chan struct{})
	go func() {
		defer close(a.done)
		if err := a.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Warn("status API stopped", "err", err)
		}
	}()
	a.log.Info("metrics and status API listening", "addr", ln.Addr().String())
	return nil
}

// Close shuts the server down, waiting up to 2 s for the requests under
// way.
func (a *statusAPI) Close() error {
	if a.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = a.srv.Shutdown(ctx)
	<-a.done
	return nil
}
