package modbus

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// fakeClient answers by unit from a script of errors and exception codes.
type fakeClient struct {
	mu     sync.Mutex
	calls  map[byte]int
	script map[byte][]any // error, ExceptionCode or nil (a good answer)
	active int
}

func (f *fakeClient) Do(ctx context.Context, unit byte, pdu []byte) ([]byte, error) {
	f.mu.Lock()
	f.active++
	if f.active > 1 {
		panic("two transactions at once")
	}
	f.calls[unit]++
	var step any
	if s := f.script[unit]; len(s) > 0 {
		step, f.script[unit] = s[0], s[1:]
	}
	f.active--
	f.mu.Unlock()
	switch v := step.(type) {
	case error:
		return nil, v
	case ExceptionCode:
		return []byte{pdu[0] | 0x80, byte(v)}, nil
	}
	return []byte{3, 2, 0, 42}, nil
}

func TestBus(t *testing.T) {
	t.Parallel()
	f := &fakeClient{calls: map[byte]int{}, script: map[byte][]any{
		1: {ErrTimeout, ErrCRC, nil, ServerDeviceBusy, ServerDeviceBusy, nil, IllegalDataAddress},
		2: {ErrTimeout, ErrTimeout, ErrTimeout, ErrTimeout},
	}}
	now := time.Unix(1000, 0)
	b := NewBus(f, BusOptions{BackoffMin: time.Minute})
	b.now = func() time.Time { return now }
	var slept time.Duration
	b.sleep = func(_ context.Context, d time.Duration) error { slept += d; return nil }
	b.Add(Device{Name: "PLC1", Unit: 1, Retries: 2})
	b.Add(Device{Name: "PLC2", Unit: 2})
	if err := b.Add(Device{Name: "PLC1", Unit: 3}); err == nil {
		t.Error("duplicate name accepted")
	}
	req, _ := ReadRequest(3, 10, 1)
	ctx := context.Background()

	// timeout and CRC error retried, then the answer
	r, err := b.Do(ctx, "PLC1", req)
	if err != nil || r.Registers[0] != 42 || f.calls[1] != 3 {
		t.Fatalf("PLC1 = %+v, %v after %d calls", r, err, f.calls[1])
	}
	// busy twice, waited for
	if _, err := b.Do(ctx, "PLC1", req); err != nil || slept != 200*time.Millisecond {
		t.Fatalf("busy: %v, slept %v", err, slept)
	}
	// other exceptions are answers
	var ex *Exception
	if _, err := b.Do(ctx, "PLC1", req); !errors.As(err, &ex) {
		t.Fatalf("exception: %v", err)
	}

	// PLC2 fails 3 times and is skipped for a minute, then 2, ...
	for i := range 3 {
		if _, err := b.Do(ctx, "PLC2", req); !errors.Is(err, ErrTimeout) {
			t.Fatalf("PLC2 attempt %d: %v", i, err)
		}
	}
	calls := f.calls[2]
	if _, err := b.Do(ctx, "PLC2", req); !errors.Is(err, ErrSkipped) || f.calls[2] != calls {
		t.Fatalf("PLC2 in backoff: %v", err)
	}
	if _, err := b.Do(ctx, "PLC1", req); err != nil {
		t.Fatalf("PLC1 stalled by PLC2: %v", err)
	}
	now = now.Add(61 * time.Second)
	if _, err := b.Do(ctx, "PLC2", req); !errors.Is(err, ErrTimeout) || f.calls[2] != calls+1 {
		t.Fatalf("PLC2 probe: %v, %d calls", err, f.calls[2]-calls)
	}
	st := b.Stats()["PLC2"]
	if want := now.Add(2 * time.Minute); !st.SkipUntil.Equal(want) {
		t.Errorf("backoff until %v, want %v", st.SkipUntil, want)
	}
	now = now.Add(2*time.Minute + time.Second)
	if _, err := b.Do(ctx, "PLC2", req); err != nil {
		t.Fatalf("PLC2 back: %v", err)
	}

	s := b.Stats()
	if got, want := s["PLC1"], (DeviceStats{Requests: 4, Responses: 4, Timeouts: 1, CRCErrors: 1, Exceptions: 3}); got != want {
		t.Errorf("PLC1 stats %+v, want %+v", got, want)
	}
	if got, want := s["PLC2"], (DeviceStats{Requests: 6, Responses: 1, Timeouts: 4, Skipped: 1}); got != want {
		t.Errorf("PLC2 stats %+v, want %+v", got, want)
	}
	if _, err := b.Do(ctx, "PLC9", req); err == nil {
		t.Error("unknown device accepted")
	}
}

func TestBusConcurrent(t *testing.T) {
	t.Parallel()
	f := &fakeClient{calls: map[byte]int{}, script: map[byte][]any{}}
	b := NewBus(f, BusOptions{})
	for u := byte(1); u <= 4; u++ {
		b.Add(Device{Name: string('A' + rune(u)), Unit: u, Timeout: time.Second})
	}
	req, _ := ReadRequest(3, 0, 1)
	var wg sync.WaitGroup
	for u := 1; u <= 4; u++ {
		name := string('A' + rune(u))
		wg.Go(func() {
			for range 50 {
				if _, err := b.Do(context.Background(), name, req); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	for name, s := range b.Stats() {
		if s.Requests != 50 || s.Responses != 50 {
			t.Errorf("%s: %+v", name, s)
		}
	}
}
