package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/cellgate/cellgate/internal/metrics"
)

// apiMetrics counts requests by route and status and times them.
type apiMetrics struct {
	requests *metrics.CounterVec
	duration *metrics.HistogramVec
}

func newAPIMetrics(r *metrics.Registry) *apiMetrics {
	if r == nil {
		return nil
	}
	return &apiMetrics{
		requests: r.Counter("cellgate_server_http_requests_total", "API requests by route and status code.", "route", "code"),
		duration: r.Histogram("cellgate_server_http_request_seconds", "API request durations by route.", metrics.DefBuckets(), "route"),
	}
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// measure wraps a route's handler with its metrics.
func (m *apiMetrics) measure(pattern string, h http.Handler) http.Handler {
	if m == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.requests.With(pattern, strconv.Itoa(sw.status)).Inc()
		m.duration.With(pattern).Observe(time.Since(start).Seconds())
	})
}
