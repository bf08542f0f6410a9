package metrics

import (
	"fmt"
	"math"
	"sync/atomic"
)

// HistogramVec is a histogram family; With picks one histogram by label
// values.
type HistogramVec struct {
	vec[Histogram]
	le []string // formatted upper bounds, "+Inf" last
}

func newHistogramVec(name string, buckets []float64, labels []string) *HistogramVec {
	if len(buckets) == 0 {
		buckets = DefBuckets()
	}
	if n := len(buckets); n > 0 && math.IsInf(buckets[n-1], +1) {
		buckets = buckets[:n-1]
	}
	upper := make([]float64, len(buckets))
	le := make([]string, 0, len(buckets)+1)
	for i, b := range buckets {
		if math.IsNaN(b) || i > 0 && b <= buckets[i-1] {
			panic(fmt.Sprintf("metrics: %s: buckets not strictly increasing: %v", name, buckets))
		}
		upper[i] = b
		le = append(le, string(appendFloat(nil, b)))
	}
	le = append(le, "+Inf")
	v := &HistogramVec{le: le}
	v.init(name, labels, func() *Histogram {
		return &Histogram{upper: upper, counts: make([]atomic.Uint64, len(upper)+1)}
	})
	return v
}

// With returns the histogram for the label values, given in the order of the
// registered label names; a wrong number of values panics.
func (v *HistogramVec) With(labelValues ...string) *Histogram {
	return v.with(labelValues)
}

func (v *HistogramVec) write(w *textWriter, f *family) {
	for _, s := range v.snapshot() {
		h := s.m
		// _count is the +Inf bucket, so the two always agree; _sum is read
		// apart and may lag or lead by observations made meanwhile.
		var n uint64
		for i := range h.counts {
			n += h.counts[i].Load()
			w.sample(f, "_bucket", v.labels, s.values, v.le[i], float64(n))
		}
		w.sample(f, "_sum", v.labels, s.values, "", math.Float64frombits(h.sum.Load()))
		w.sample(f, "_count", v.labels, s.values, "", float64(n))
	}
}

// Histogram counts observations in buckets.
type Histogram struct {
	upper  []float64       // bucket upper bounds, without +Inf
	counts []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sum    atomic.Uint64   // float64 bits
}

// Observe records v. NaN counts in the +Inf bucket and makes the sum NaN, as
// in Prometheus's client.
func (h *Histogram) Observe(v float64) {
	// Binary search for the first bound with v <= bound; written so that NaN
	// finds none.
	i, j := 0, len(h.upper)
	for i < j {
		m := int(uint(i+j) >> 1)
		if v <= h.upper[m] {
			j = m
		} else {
			i = m + 1
		}
	}
	h.counts[i].Add(1)
	addFloat(&h.sum, v)
}
