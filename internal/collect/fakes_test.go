package collect

import (
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/simulator/plc"
	"github.com/cellgate/cellgate/internal/testkit"
)

// fakeClient answers reads of registers with each register's address as its
// value, after delay.
type fakeClient struct {
	delay  time.Duration
	fail   func(call int64) error // the error of a call, if any
	calls  atomic.Int64
	closed atomic.Bool
}

func (f *fakeClient) Do(ctx context.Context, unit byte, pdu []byte) ([]byte, error) {
	call := f.calls.Add(1)
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.fail != nil {
		if err := f.fail(call); err != nil {
			return nil, err
		}
	}
	addr, n := binary.BigEndian.Uint16(pdu[1:]), binary.BigEndian.Uint16(pdu[3:])
	resp := []byte{pdu[0], byte(2 * n)}
	for i := range n {
		resp = binary.BigEndian.AppendUint16(resp, addr+i)
	}
	return resp, nil
}

func (f *fakeClient) Close() error {
	f.closed.Store(true)
	return nil
}

func opener(c modbus.Client) func(context.Context) (modbus.Client, error) {
	return func(context.Context) (modbus.Client, error) { return c, nil }
}

// sink keeps the records written.
type sink struct {
	mu   sync.Mutex
	recs []string
	fail func(n int) error // the error of the nth write (from 1), if any
	n    int
}

func (s *sink) write(ctx context.Context, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	if s.fail != nil {
		if err := s.fail(s.n); err != nil {
			return err
		}
	}
	s.recs = append(s.recs, string(data))
	return nil
}

func (s *sink) records() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.recs...)
}

// polls keeps the polls reported, by device.
type polls struct {
	mu sync.Mutex
	by map[string][]Poll
}

func (p *polls) add(x Poll) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.by == nil {
		p.by = map[string][]Poll{}
	}
	p.by[x.Device] = append(p.by[x.Device], x)
}

func (p *polls) of(device string) []Poll {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Poll(nil), p.by[device]...)
}

// logBuf is a log that tests can search.
type logBuf struct{ testkit.Buffer }

// count counts the lines holding all of words.
func (b *logBuf) count(words ...string) int {
	n := 0
	for line := range strings.Lines(b.String()) {
		all := true
		for _, w := range words {
			all = all && strings.Contains(line, w)
		}
		if all {
			n++
		}
	}
	return n
}

func testLogger(t *testing.T) (*slog.Logger, *logBuf) {
	t.Helper()
	b := &logBuf{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", b)
		}
	})
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

func sequencer(t *testing.T) *record.Sequencer {
	t.Helper()
	s, err := record.OpenSequencer(t.TempDir()+"/seq", 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// run runs c for d and waits for Run to return.
func run(t *testing.T, c *Collector, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	start := time.Now()
	if err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if late := time.Since(start) - d; late > 500*time.Millisecond {
		t.Errorf("Run returned %v after its context ended", late)
	}
}

// start runs c in the background; the returned function stops it and
// waits for Run to return.
func start(t *testing.T, c *Collector) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Error(err)
				}
			case <-time.After(5 * time.Second):
				t.Error("Run did not return")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// simulator is a PLC simulator at 9600 baud, closed at the end of the test.
// Its Close does not wait for a request it has begun to read, so it is
// given a moment to finish the last one.
func simulator(t *testing.T, m *plc.Map) *plc.Server {
	t.Helper()
	s := plc.New(m, plc.Config{Baud: 9600, Latency: time.Millisecond})
	t.Cleanup(func() {
		time.Sleep(100 * time.Millisecond)
		s.Close()
	})
	return s
}

var errGone = errors.New("modbus: write: input/output error")
