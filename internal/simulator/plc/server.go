package plc

import (
	"context"
	"github.com/cellgate/cellgate/internal/simulator/terminal"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// Config tunes a Server.
type Config struct {
	// Latency is the PLC's processing time, between the end of a request
	// and the start of its response.
	Latency time.Duration
	// Baud is the RTU line's speed, which sets t3.5 and t1.5 (9600 when 0).
	Baud int
	// Logger gets a debug record per request (discarded when nil).
	Logger *slog.Logger
	// LogSize is how many requests Requests keeps (10000 when 0).
	LogSize int
}

// Served is a request in the log.
type Served struct {
	Time      time.Time // first byte of the request
	Transport string    // "rtu" or "tcp"
	Unit      byte
	Function  byte
	Addr      uint16 // for 23, the read's
	Count     uint16
	Exception modbus.ExceptionCode // 0 for a normal response
	Fault     FaultKind
	Broadcast bool
	Replied   bool
	In, Out   int           // bytes of the request and the response frames
	Duration  time.Duration // first byte in to last byte out (on RTU, reckoned at Config.Baud)
}

// Stats sums up the requests.
type Stats struct {
	Requests   int // requests addressed to a unit of the map (or broadcast)
	Replies    int
	Exceptions int
	Broadcasts int
	Foreign    int // RTU frames for unit ids the map does not hold
	Dropped    int // RTU frames too short or with a bad CRC
	BytesIn    int // of all frames received, foreign and dropped included
	BytesOut   int
	BusTime    time.Duration // sum of the requests' Duration
}

// Server serves a Map as Modbus RTU and Modbus TCP.
type Server struct {
	m      *Map
	cfg    Config
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	faults map[byte]*Fault
	served []Served
	stats  Stats

	ptyMu sync.Mutex
	term  *terminal.Terminal // the pseudo-terminal of StartRTU
	// closeTerm closes term; called with ptyMu held.
	closeTerm func() error
}

// New makes a server for a map; it serves nothing until ServeRTU, StartRTU
// or ListenTCP.
func New(m *Map, cfg Config) *Server {
	if cfg.Baud <= 0 {
		cfg.Baud = 9600
	}
	if cfg.LogSize <= 0 {
		cfg.LogSize = 10000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{m: m, cfg: cfg, log: cfg.Logger, ctx: ctx, cancel: cancel, faults: map[byte]*Fault{}}
}

// Map gives the server's map.
func (s *Server) Map() *Map { return s.m }

// Close stops serving, closes the terminal and the listeners, and waits for
// the server's goroutines.
func (s *Server) Close() error {
	s.cancel()
	err := s.closePTY()
	s.wg.Wait()
	return err
}

// Requests gives a copy of the request log, oldest first.
func (s *Server) Requests() []Served {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.served)
}

// Stats gives the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// ResetRequests empties the log and zeroes the counters.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.served, s.stats = nil, Stats{}
}

func (s *Server) record(r Served) {
	s.mu.Lock()
	if len(s.served) >= s.cfg.LogSize {
		s.served = slices.Delete(s.served, 0, len(s.served)-s.cfg.LogSize+1)
	}
	s.served = append(s.served, r)
	st := &s.stats
	st.Requests++
	st.BytesIn += r.In
	st.BytesOut += r.Out
	st.BusTime += r.Duration
	if r.Replied {
		st.Replies++
	}
	if r.Exception != 0 {
		st.Exceptions++
	}
	if r.Broadcast {
		st.Broadcasts++
	}
	s.mu.Unlock()
	s.log.Debug("modbus request", "transport", r.Transport, "unit", r.Unit, "fc", r.Function,
		"addr", r.Addr, "count", r.Count, "exception", byte(r.Exception), "fault", r.Fault.String(),
		"in", r.In, "out", r.Out, "duration", r.Duration)
}

func (s *Server) count(foreign, dropped bool, in int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.BytesIn += in
	if foreign {
		s.stats.Foreign++
	}
	if dropped {
		s.stats.Dropped++
	}
}

// newServed starts a log record for a request PDU.
func newServed(transport string, t time.Time, unit byte, pdu []byte, in int) Served {
	addr, n := request(pdu)
	return Served{Time: t, Transport: transport, Unit: unit, Function: pdu[0], Addr: addr, Count: n, In: in}
}

// both gives a context done when either ctx or the server is.
func (s *Server) both(ctx context.Context) (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.ctx, cancel)
	return c, func() { stop(); cancel() }
}
