package gateway

import (
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/uplink"
)

// trackedSource is an output's spool that measures delivery latency: the
// time from a record's append to its acknowledgement by the server.
type trackedSource struct {
	uplink.Source
	hist *metrics.Histogram

	mu    sync.Mutex
	times map[uint64]time.Time // records read and not yet acknowledged
}

// maxTracked bounds the records remembered; a publisher holds at most its
// window, so more means acknowledgements were lost with a connection.
const maxTracked = 4096

func newTrackedSource(src uplink.Source, hist *metrics.Histogram) *trackedSource {
	return &trackedSource{Source: src, hist: hist, times: map[uint64]time.Time{}}
}

func (s *trackedSource) Read(after uint64, max int) ([]spool.Entry, error) {
	recs, err := s.Source.Read(after, max)
	s.mu.Lock()
	if len(s.times)+len(recs) > maxTracked {
		clear(s.times)
	}
	for _, r := range recs {
		s.times[r.ID] = r.Time
	}
	s.mu.Unlock()
	return recs, err
}

func (s *trackedSource) Ack(id uint64) error {
	err := s.Source.Ack(id)
	s.mu.Lock()
	t, ok := s.times[id]
	delete(s.times, id)
	s.mu.Unlock()
	if ok && err == nil {
		s.hist.Observe(time.Since(t).Seconds())
	}
	return err
}
