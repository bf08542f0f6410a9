package modbus

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// closingClient is a fakeClient that fails as a port gone once told to,
// and remembers being closed.
type closingClient struct {
	*fakeClient
	gone   atomic.Bool
	closed atomic.Bool
}

var errGone = errors.New("modbus: write: input/output error")

func (c *closingClient) Do(ctx context.Context, unit byte, pdu []byte) ([]byte, error) {
	if c.gone.Load() {
		return nil, errGone
	}
	return c.fakeClient.Do(ctx, unit, pdu)
}

func (c *closingClient) Close() error { c.closed.Store(true); return nil }

func TestOpenBusOwnsItsPort(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var clients []*closingClient
	fails := 2
	open := func(ctx context.Context) (Client, error) {
		mu.Lock()
		defer mu.Unlock()
		if fails > 0 {
			fails--
			return nil, errors.New("open /dev/ttyUSB0: no such file or directory")
		}
		c := &closingClient{fakeClient: &fakeClient{calls: map[byte]int{}, script: map[byte][]any{}}}
		clients = append(clients, c)
		return c, nil
	}
	b := OpenBus("com1", open, BusOptions{OpenMin: time.Millisecond, OpenMax: 2 * time.Millisecond})
	b.Add(Device{Name: "PLC1", Unit: 1, Timeout: time.Second})
	req, _ := ReadRequest(3, 10, 1)
	ctx := context.Background()
	if _, err := b.Do(ctx, "PLC1", req); !errors.Is(err, ErrNotOpen) || b.IsOpen() {
		t.Fatalf("before Run: %v", err)
	}

	// Outside Run, Acquire opens the port (the opener fails twice first)
	// and release closes it.
	for range 2 {
		if _, err := b.Acquire(ctx); !errors.Is(err, ErrNotOpen) {
			t.Fatalf("acquire with the port missing: %v", err)
		}
	}
	release, err := b.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Do(ctx, "PLC1", req); err != nil {
		t.Fatal(err)
	}
	release()
	if b.IsOpen() || !clients[0].closed.Load() {
		t.Fatal("release left the port open")
	}

	// Under Run, a client that fails is closed and replaced.
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { b.Run(rctx); close(done) }()
	testkit.Eventually(t, "the port open under Run", b.IsOpen)
	mu.Lock()
	first := clients[1]
	mu.Unlock()
	first.gone.Store(true)
	if _, err := b.Do(ctx, "PLC1", req); !errors.Is(err, errGone) {
		t.Fatalf("gone: %v", err)
	}
	testkit.Eventually(t, "a new client", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(clients) == 3 && b.IsOpen()
	})
	if !first.closed.Load() {
		t.Error("the failed client was not closed")
	}
	if _, err := b.Do(ctx, "PLC1", req); err != nil {
		t.Errorf("after reopening: %v", err)
	}
	cancel()
	<-done
	if b.IsOpen() || !clients[2].closed.Load() {
		t.Error("Run left the port open")
	}
}
