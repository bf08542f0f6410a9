package modbus

import (
	"math"
	"time"
)

// Change decides when a polled value is worth reporting: the first time,
// when it has moved by more than Deadband since the last report, or when
// Heartbeat has passed since the last report (zero: never). The zero Change
// reports every change of value.
type Change struct {
	Deadband  float64
	Heartbeat time.Duration

	last   float64
	lastAt time.Time
	seen   bool
}

// Update reports whether v, read at now, is to be reported, and if so
// remembers it as the last value reported.
func (c *Change) Update(v float64, now time.Time) bool {
	report := !c.seen ||
		math.Abs(v-c.last) > c.Deadband ||
		math.IsNaN(v) != math.IsNaN(c.last) ||
		(c.Heartbeat > 0 && now.Sub(c.lastAt) >= c.Heartbeat)
	if report {
		c.last, c.lastAt, c.seen = v, now, true
	}
	return report
}

// Reset forgets the last value, so that the next one is reported.
func (c *Change) Reset() { c.seen = false }
