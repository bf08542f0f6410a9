package retry

import (
	"math/rand/v2"
	"time"
)

// Backoff computes the waits between attempts: Min, doubling after each
// attempt up to Max (no cap when Max is zero). With Jitter j (0 to 1) each wait is drawn uniformly
// from [d·(1-j), d], so never more than the schedule says and a fleet does
// not retry in lockstep. The zero Jitter gives the exact schedule.
//
// A Backoff is not safe for concurrent use; its owner keeps it.
type Backoff struct {
	Min, Max time.Duration
	Jitter   float64
	n        int
}

// Next returns the wait before the next attempt and counts the attempt.
func (b *Backoff) Next() time.Duration {
	d := b.Current()
	b.n++
	if b.Jitter <= 0 || d <= 0 {
		return d
	}
	j := min(b.Jitter, 1)
	spread := time.Duration(j * float64(d))
	return d - spread + rand.N(spread+1)
}

// Current is the wait Next would draw from (before jitter), without
// counting an attempt.
func (b *Backoff) Current() time.Duration {
	d := b.Min
	for i := 0; i < b.n && (b.Max <= 0 || d < b.Max); i++ {
		d *= 2
	}
	if b.Max > 0 {
		d = min(d, b.Max)
	}
	return d
}

// Attempts is how many waits Next has returned since the last Reset.
func (b *Backoff) Attempts() int { return b.n }

// Reset starts the schedule again from Min, after a success.
func (b *Backoff) Reset() { b.n = 0 }
