package uplink

import (
	"math/rand/v2"
	"time"
)

// backoff computes reconnect delays: doubling from min up to max, each drawn
// uniformly from [d/2, d] so a fleet that lost its broker does not come back
// in lockstep.
type backoff struct {
	min, max time.Duration
	n        int
}

func (b *backoff) next() time.Duration {
	d := b.min
	for i := 0; i < b.n && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	b.n++
	half := d / 2
	return half + rand.N(half+1)
}

func (b *backoff) reset() { b.n = 0 }
