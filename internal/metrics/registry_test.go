package metrics

import (
	"io"
	"math"
	"strings"
	"sync"
	"testing"
)

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

func TestValidationPanics(t *testing.T) {
	r := NewRegistry()
	r.Counter("a_total", "")
	r.Histogram("lat", "", nil)
	fn := func(func(float64, ...string)) {}
	for what, f := range map[string]func(){
		"empty name":          func() { r.Counter("", "") },
		"leading digit":       func() { r.Gauge("1x", "") },
		"dash":                func() { r.Gauge("a-b", "") },
		"label colon":         func() { r.Gauge("g1", "", "a:b") },
		"label __":            func() { r.Gauge("g2", "", "__x") },
		"label empty":         func() { r.Gauge("g3", "", "") },
		"duplicate label":     func() { r.Gauge("g4", "", "x", "x") },
		"histogram le":        func() { r.Histogram("h1", "", nil, "le") },
		"unsorted buckets":    func() { r.Histogram("h2", "", []float64{1, 0.5}) },
		"repeated bucket":     func() { r.Histogram("h3", "", []float64{1, 1}) },
		"NaN bucket":          func() { r.Histogram("h4", "", []float64{math.NaN()}) },
		"same name":           func() { r.Gauge("a_total", "") },
		"same name func":      func() { r.CounterFunc("a_total", "", nil, fn) },
		"histogram suffix":    func() { r.Counter("lat_count", "") },
		"suffix of histogram": func() { r.Counter("x_bucket", ""); r.Histogram("x", "", nil) },
		"too few values":      func() { r.Gauge("g5", "", "a", "b").With("x") },
		"too many values":     func() { r.Counter("c5", "").With("x") },
		"negative add":        func() { r.Counter("c6", "").With().Add(-1) },
	} {
		mustPanic(t, what, f)
	}
	// Valid names of each kind register.
	r.Gauge("_a:b_0", "", "_x", "y0")
	r.Histogram("h_ok", "", []float64{1, 2}, "a")
}

func TestFuncWrongLabelCountPanics(t *testing.T) {
	r := NewRegistry()
	r.GaugeFunc("f", "", []string{"a"}, func(emit func(float64, ...string)) { emit(1) })
	mustPanic(t, "emit", func() { r.WriteText(io.Discard) })
}

func TestCounterAddFractions(t *testing.T) {
	c := NewRegistry().Counter("c", "").With()
	c.Add(0.25)
	c.Inc()
	c.Add(2)
	c.Add(0.5)
	if v := c.value(); v != 3.75 {
		t.Errorf("counter = %v, want 3.75", v)
	}
}

func TestGauge(t *testing.T) {
	g := NewRegistry().Gauge("g", "").With()
	g.Set(10)
	g.Inc()
	g.Dec()
	g.Dec()
	g.Add(-0.5)
	if v := g.value(); v != 8.5 {
		t.Errorf("gauge = %v, want 8.5", v)
	}
}

func TestHistogramBuckets(t *testing.T) {
	h := NewRegistry().Histogram("h", "", []float64{1, 2, 3}).With()
	for _, v := range []float64{-5, 1, 1.5, 2, 3, 3.1, math.Inf(1), math.NaN()} {
		h.Observe(v)
	}
	want := []uint64{2, 2, 1, 3}
	for i := range want {
		if n := h.counts[i].Load(); n != want[i] {
			t.Errorf("bucket %d = %d, want %d", i, n, want[i])
		}
	}
	if !math.IsNaN(math.Float64frombits(h.sum.Load())) {
		t.Error("sum not NaN after observing NaN")
	}
}

// TestConcurrent updates from many goroutines while scraping; run with -race.
func TestConcurrent(t *testing.T) {
	r := NewRegistry()
	cv := r.Counter("c_total", "", "worker")
	gv := r.Gauge("g", "")
	hv := r.Histogram("h", "", nil, "worker")
	const workers, rounds = 8, 2000
	var wg sync.WaitGroup
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := r.WriteText(io.Discard); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for w := range workers {
		wg.Go(func() {
			name := string(rune('a' + w%3)) // shared children too
			for i := range rounds {
				cv.With(name).Inc()
				cv.With(name).Add(0.5)
				gv.With().Add(1)
				hv.With(name).Observe(float64(i%20) / 100)
			}
		})
	}
	wg.Wait()
	close(stop)
	<-done

	var total float64
	for _, n := range []string{"a", "b", "c"} {
		total += cv.With(n).value()
	}
	if want := float64(workers * rounds * 3 / 2); total != want {
		t.Errorf("counters sum to %v, want %v", total, want)
	}
	if v := gv.With().value(); v != workers*rounds {
		t.Errorf("gauge = %v, want %d", v, workers*rounds)
	}
	var b strings.Builder
	r.WriteText(&b)
	if !strings.Contains(b.String(), `h_count{worker="a"} 6000`) {
		t.Errorf("histogram count missing or wrong:\n%s", b.String())
	}
}

func TestEmptyRegistry(t *testing.T) {
	var b strings.Builder
	if err := NewRegistry().WriteText(&b); err != nil || b.Len() != 0 {
		t.Errorf("got %q, %v", b.String(), err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestWriteTextError(t *testing.T) {
	if err := goldenRegistry().WriteText(failWriter{}); err != io.ErrClosedPipe {
		t.Errorf("err = %v, want %v", err, io.ErrClosedPipe)
	}
}
