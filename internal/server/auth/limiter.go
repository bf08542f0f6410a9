package auth

import (
	"math"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// Never is the retryAfter of a Limiter whose Rate is not positive once a
// key has spent its burst: its bucket never refills.
const Never = time.Duration(math.MaxInt64)

// Limiter is a token bucket per key: each key may make Burst requests at
// once and Rate per second after that. It remembers at most MaxKeys keys
// (DefaultMaxKeys when zero), forgetting full buckets first, then the
// least recently used; a forgotten key starts again with a full bucket.
// Burst below 1 is 1; Clock nil is the machine's. Safe for concurrent
// use; do not copy after use.
type Limiter struct {
	Rate    float64 // tokens per second
	Burst   int
	MaxKeys int
	Clock   retry.Clock

	mu   sync.Mutex
	keys keyed[bucket]
}

// bucket is kept as the time at which it would be full again (the
// "theoretical arrival time" of the generic cell rate algorithm), so the
// arithmetic is in whole nanoseconds and never drifts. With no refill it
// counts the tokens spent instead.
type bucket struct {
	full  time.Time
	spent int
}

// Allow takes a token from key's bucket and reports whether there was one;
// if not, retryAfter is how long until there will be.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	burst := max(l.Burst, 1)
	maxKeys := l.MaxKeys
	if maxKeys <= 0 {
		maxKeys = DefaultMaxKeys
	}
	every := l.interval()
	now := retry.OrSystem(l.Clock).Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, found := l.keys.get(key)
	if !found {
		isFull := func(b *bucket) bool { return every > 0 && !b.full.After(now) }
		never := func(*bucket) bool { return false }
		b = l.keys.put(key, bucket{full: now}, maxKeys, isFull, never)
	}
	if every == 0 {
		if b.spent >= burst {
			return false, Never
		}
		b.spent++
		return true, 0
	}
	// A full bucket is one whose "full" time has passed; each token
	// pushes it one interval later, up to burst intervals ahead of now.
	start := b.full
	if start.Before(now) {
		start = now
	}
	next := start.Add(every)
	window := time.Duration(burst) * every
	if ahead := next.Sub(now); ahead > window {
		return false, ahead - window
	}
	b.full = next
	return true, 0
}

// interval is the time one token takes to refill, 0 for never. Rates so
// high a token refills in under a nanosecond refill in one.
func (l *Limiter) interval() time.Duration {
	if !(l.Rate > 0) {
		return 0
	}
	d := float64(time.Second) / l.Rate
	if d > float64(Never)/float64(max(l.Burst, 1)+1) {
		return 0 // slower than once in centuries: treat as no refill
	}
	return max(time.Duration(math.Round(d)), 1)
}

// Len is how many keys the limiter remembers.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.keys.len()
}
