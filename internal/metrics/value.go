package metrics

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// vec is a family's children, one per combination of label values.
type vec[T any] struct {
	name   string
	labels []string
	newT   func() *T
	mu     sync.RWMutex
	byKey  map[string]*series[T]
	sorted []*series[T] // by label values; replaced, never modified, on insertion
}

type series[T any] struct {
	values []string
	m      *T
}

func (v *vec[T]) init(name string, labels []string, newT func() *T) {
	v.name, v.labels, v.newT = name, slices.Clone(labels), newT
	v.byKey = make(map[string]*series[T])
	if len(labels) == 0 {
		// A family without labels always has its one sample, even if zero.
		s := &series[T]{m: newT()}
		v.byKey[""] = s
		v.sorted = []*series[T]{s}
	}
}

// with returns the child for values, creating it on first use.
func (v *vec[T]) with(values []string) *T {
	values = validValues(v.name, v.labels, values)
	// The key joins the values with 0xff, a byte valid UTF-8 never has.
	var buf [128]byte
	key := buf[:0]
	for i, s := range values {
		if i > 0 {
			key = append(key, 0xff)
		}
		key = append(key, s...)
	}
	v.mu.RLock()
	s := v.byKey[string(key)]
	v.mu.RUnlock()
	if s != nil {
		return s.m
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if s := v.byKey[string(key)]; s != nil {
		return s.m
	}
	s = &series[T]{values: slices.Clone(values), m: v.newT()}
	v.byKey[string(key)] = s
	i, _ := slices.BinarySearchFunc(v.sorted, s.values, func(s *series[T], vs []string) int { return slices.Compare(s.values, vs) })
	v.sorted = slices.Insert(slices.Clip(v.sorted), i, s)
	return s.m
}

func (v *vec[T]) snapshot() []*series[T] {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.sorted
}

// CounterVec is a counter family; With picks one counter by label values.
type CounterVec struct{ vec[Counter] }

// With returns the counter for the label values, given in the order of the
// registered label names; a wrong number of values panics.
func (v *CounterVec) With(labelValues ...string) *Counter {
	return v.with(labelValues)
}

func (v *CounterVec) write(w *textWriter, f *family) {
	for _, s := range v.snapshot() {
		w.sample(f, "", v.labels, s.values, "", s.m.value())
	}
}

// Counter is a value that only goes up.
type Counter struct {
	n atomic.Uint64 // whole increments, the common case, without a CAS loop
	f atomic.Uint64 // float64 bits of fractional increments
}

// Inc adds 1.
func (c *Counter) Inc() { c.n.Add(1) }

// Add adds v, which must not be negative.
func (c *Counter) Add(v float64) {
	if v < 0 {
		panic("metrics: counter decreased")
	}
	if v < 1<<63 {
		if n := uint64(v); float64(n) == v {
			c.n.Add(n)
			return
		}
	}
	addFloat(&c.f, v)
}

func (c *Counter) value() float64 {
	return float64(c.n.Load()) + math.Float64frombits(c.f.Load())
}

// GaugeVec is a gauge family; With picks one gauge by label values.
type GaugeVec struct{ vec[Gauge] }

// With returns the gauge for the label values, given in the order of the
// registered label names; a wrong number of values panics.
func (v *GaugeVec) With(labelValues ...string) *Gauge {
	return v.with(labelValues)
}

func (v *GaugeVec) write(w *textWriter, f *family) {
	for _, s := range v.snapshot() {
		w.sample(f, "", v.labels, s.values, "", s.m.value())
	}
}

// Gauge is a value that goes up and down.
type Gauge struct{ bits atomic.Uint64 }

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.bits.Store(math.Float64bits(v)) }

// Inc adds 1.
func (g *Gauge) Inc() { addFloat(&g.bits, 1) }

// Dec subtracts 1.
func (g *Gauge) Dec() { addFloat(&g.bits, -1) }

// Add adds v, which may be negative.
func (g *Gauge) Add(v float64) { addFloat(&g.bits, v) }

func (g *Gauge) value() float64 { return math.Float64frombits(g.bits.Load()) }

// addFloat atomically adds d to the float64 whose bits u holds.
func addFloat(u *atomic.Uint64, d float64) {
	for {
		old := u.Load()
		if u.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}
