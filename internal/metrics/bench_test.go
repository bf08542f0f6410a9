package metrics

import (
	"io"
	"strconv"
	"testing"
)

func BenchmarkCounterInc(b *testing.B) {
	c := NewRegistry().Counter("c_total", "").With()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Inc()
		}
	})
}

func BenchmarkCounterWith(b *testing.B) {
	v := NewRegistry().Counter("c_total", "", "modem", "kind")
	b.ReportAllocs()
	for b.Loop() {
		v.With("m0", "sms").Inc()
	}
}

func BenchmarkHistogramObserve(b *testing.B) {
	h := NewRegistry().Histogram("h", "", nil).With()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.Observe(float64(i%100) / 10)
	}
}

// BenchmarkWriteText scrapes a registry the size of a busy gateway's.
func BenchmarkWriteText(b *testing.B) {
	r := NewRegistry()
	r.RegisterProcess()
	c := r.Counter("cellgate_messages_total", "Messages.", "modem", "kind")
	g := r.Gauge("cellgate_signal_dbm", "Signal.", "modem")
	h := r.Histogram("cellgate_send_seconds", "Send latency.", nil, "uplink")
	for i := range 20 {
		m := "modem" + strconv.Itoa(i)
		c.With(m, "sms").Add(float64(i))
		c.With(m, "data").Add(1.5)
		g.With(m).Set(-70.5)
		h.With(m).Observe(float64(i) / 10)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteText(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
