package metrics

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Registry is a set of metric families. The zero value is not usable; call
// NewRegistry. All methods are safe for concurrent use.
type Registry struct {
	mu    sync.Mutex
	names map[string]bool // every sample name in use, suffixes included
	fams  []*family       // sorted by name; replaced, never modified, on registration
}

// family is one metric name with its HELP and TYPE lines.
type family struct {
	name string
	help string // escaped
	typ  string
	col  collector
}

// collector writes the samples of one family.
type collector interface {
	write(w *textWriter, f *family)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{names: make(map[string]bool)}
}

// Counter registers a counter family with the given label names.
func (r *Registry) Counter(name, help string, labels ...string) *CounterVec {
	v := new(CounterVec)
	v.init(name, labels, func() *Counter { return new(Counter) })
	r.register(name, help, "counter", labels, v, nil)
	return v
}

// Gauge registers a gauge family with the given label names.
func (r *Registry) Gauge(name, help string, labels ...string) *GaugeVec {
	v := new(GaugeVec)
	v.init(name, labels, func() *Gauge { return new(Gauge) })
	r.register(name, help, "gauge", labels, v, nil)
	return v
}

// Histogram registers a histogram family. buckets are the upper bounds,
// strictly increasing; a trailing +Inf may be given or left out, and none means
// DefBuckets. The label name "le" is reserved.
func (r *Registry) Histogram(name, help string, buckets []float64, labels ...string) *HistogramVec {
	v := newHistogramVec(name, buckets, labels)
	r.register(name, help, "histogram", labels, v, []string{"_bucket", "_sum", "_count"})
	return v
}

// GaugeFunc registers a gauge family whose samples fn emits on every scrape,
// one emit per label value combination; a combination emitted twice keeps
// its first value, and emitting the wrong number of label values panics.
// fn runs without the registry locked, so it may be slow, but it delays the
// scrape.
func (r *Registry) GaugeFunc(name, help string, labels []string, fn func(emit func(value float64, labelValues ...string))) {
	r.register(name, help, "gauge", labels, &funcCollector{slices.Clone(labels), fn}, nil)
}

// CounterFunc is GaugeFunc for a counter: fn should emit values that only
// grow, except when the counted thing restarts.
func (r *Registry) CounterFunc(name, help string, labels []string, fn func(emit func(value float64, labelValues ...string))) {
	r.register(name, help, "counter", labels, &funcCollector{slices.Clone(labels), fn}, nil)
}

func (r *Registry) register(name, help, typ string, labels []string, c collector, suffixes []string) {
	if !validName(name, true) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", name))
	}
	for i, l := range labels {
		if !validName(l, false) || strings.HasPrefix(l, "__") || (typ == "histogram" && l == "le") {
			panic(fmt.Sprintf("metrics: %s: invalid label name %q", name, l))
		}
		if slices.Contains(labels[:i], l) {
			panic(fmt.Sprintf("metrics: %s: duplicate label name %q", name, l))
		}
	}
	names := []string{name}
	for _, s := range suffixes {
		names = append(names, name+s)
	}
	help = helpEscaper.Replace(strings.ToValidUTF8(help, "\uFFFD"))
	f := &family{name: name, help: help, typ: typ, col: c}

	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range names {
		if r.names[n] {
			panic(fmt.Sprintf("metrics: %s: name %q already registered", name, n))
		}
	}
	for _, n := range names {
		r.names[n] = true
	}
	i, _ := slices.BinarySearchFunc(r.fams, name, func(f *family, n string) int { return strings.Compare(f.name, n) })
	r.fams = slices.Insert(slices.Clip(r.fams), i, f)
}

// validName reports whether s matches [a-zA-Z_:][a-zA-Z0-9_:]* for a metric
// name, or [a-zA-Z_][a-zA-Z0-9_]* for a label name.
func validName(s string, metric bool) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
			i > 0 && c >= '0' && c <= '9' || metric && c == ':'
		if !ok {
			return false
		}
	}
	return true
}

// validValues checks the number of label values and replaces invalid UTF-8,
// which the exposition format cannot carry. It copies values only when it
// has to change them.
func validValues(name string, labels, values []string) []string {
	if len(values) != len(labels) {
		panic(fmt.Sprintf("metrics: %s: got %d label values, want %d", name, len(values), len(labels)))
	}
	for i, v := range values {
		if !utf8.ValidString(v) {
			values = slices.Clone(values)
			values[i] = strings.ToValidUTF8(v, "\uFFFD")
		}
	}
	return values
}

// DefBuckets returns Prometheus's default histogram buckets, meant for
// durations in seconds: 5 ms to 10 s.
func DefBuckets() []float64 {
	return []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
}
