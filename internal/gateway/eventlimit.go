package gateway

import (
	"fmt"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/metrics"
)

// Remote AT requests become events; a server (or anyone allowed to publish
// on the AT topic) sending them in a loop must not fill the spool and the
// flash with them. A burst of remoteATBurst is recorded, then one per
// remoteATEvery: at most about 1,500 a day.
const (
	remoteATBurst = 30
	remoteATEvery = time.Minute
)

// eventBucket lets a burst of events through, then one per interval, and
// counts the rest. It belongs to the Gateway, so a reload does not refill
// it. Its methods are safe for concurrent use.
type eventBucket struct {
	burst int
	every time.Duration

	mu     sync.Mutex
	tokens float64
	last   time.Time
	held   uint64 // events not recorded since the last one recorded
}

func newEventBucket(burst int, every time.Duration) *eventBucket {
	return &eventBucket{burst: burst, every: every, tokens: float64(burst)}
}

// take reports whether an event at now may be recorded and, if so, how
// many were held back since the last one recorded.
func (b *eventBucket) take(now time.Time) (ok bool, held uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.last.IsZero() && now.After(b.last) {
		b.tokens = min(float64(b.burst), b.tokens+float64(now.Sub(b.last))/float64(b.every))
	}
	if now.After(b.last) {
		b.last = now
	}
	if b.tokens < 1 {
		b.held++
		return false, 0
	}
	b.tokens--
	held, b.held = b.held, 0
	return true, held
}

// admitEvent takes from b for an event at now. An event held back is
// counted in held under label; one let through gets the note to append to
// its detail for the events of what held back before it ("" for none).
func admitEvent(b *eventBucket, held *metrics.CounterVec, now time.Time, label, what string) (note string, ok bool) {
	ok, n := b.take(now)
	if !ok {
		held.With(label).Inc()
		return "", false
	}
	if n > 0 {
		note = fmt.Sprintf(" (%d earlier %s not recorded)", n, what)
	}
	return note, true
}

// A watchdog check that keeps failing and recovering records two events a
// flap, up to 1,440 a day at the default interval. Per layer, a burst of
// watchdogEventBurst of them is recorded, then one per watchdogEventEvery:
// at most about 154 a day a layer.
const (
	watchdogEventBurst = 10
	watchdogEventEvery = 10 * time.Minute
)

// layerBuckets holds one eventBucket per watchdog layer, so a flapping
// layer does not hold back another layer's events. It belongs to the
// Gateway, so a reload does not refill them. Safe for concurrent use.
type layerBuckets struct {
	burst int
	every time.Duration

	mu sync.Mutex
	m  map[string]*eventBucket
}

func newLayerBuckets(burst int, every time.Duration) *layerBuckets {
	return &layerBuckets{burst: burst, every: every, m: map[string]*eventBucket{}}
}

// bucket returns the layer's bucket, made on first use.
func (l *layerBuckets) bucket(layer string) *eventBucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.m[layer]
	if !ok {
		b = newEventBucket(l.burst, l.every)
		l.m[layer] = b
	}
	return b
}
