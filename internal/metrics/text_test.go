package metrics

import (
	"math"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// goldenRegistry has one family of each kind, registered out of name order.
func goldenRegistry() *Registry {
	r := NewRegistry()
	g := r.Gauge("cellgate_signal_dbm", "Signal strength.\nIn \\dBm\\.", "modem", "band")
	g.With("m1", "B20").Set(-90)
	g.With(`a"b\c`+"\nd", "B3").Set(-71.5)
	g.With("m0", "B8").Set(math.Inf(-1))

	c := r.Counter("cellgate_messages_total", "Messages handled.")
	c.With().Add(3)
	c.With().Inc()
	r.Counter("cellgate_unused_total", "No series yet.", "x")
	r.Counter("cellgate_bytes_total", "Bytes sent.", "uplink").With("mqtt").Add(1.5)

	h := r.Histogram("cellgate_send_seconds", "Send latency.", []float64{0.1, 0.5, 1, math.Inf(1)}, "uplink")
	for _, v := range []float64{0.05, 0.1, 0.7, 3} {
		h.With("mqtt").Observe(v)
	}

	r.GaugeFunc("cellgate_queue_depth", "Queued records.", []string{"queue"}, func(emit func(float64, ...string)) {
		emit(1e6, "sms")
		emit(2, "at")
		emit(7, "sms") // a repeat: the first value stays
	})
	return r
}

const golden = `# HELP cellgate_bytes_total Bytes sent.
# TYPE cellgate_bytes_total counter
cellgate_bytes_total{uplink="mqtt"} 1.5
# HELP cellgate_messages_total Messages handled.
# TYPE cellgate_messages_total counter
cellgate_messages_total 4
# HELP cellgate_queue_depth Queued records.
# TYPE cellgate_queue_depth gauge
cellgate_queue_depth{queue="at"} 2
cellgate_queue_depth{queue="sms"} 1000000
# HELP cellgate_send_seconds Send latency.
# TYPE cellgate_send_seconds histogram
cellgate_send_seconds_bucket{uplink="mqtt",le="0.1"} 2
cellgate_send_seconds_bucket{uplink="mqtt",le="0.5"} 2
cellgate_send_seconds_bucket{uplink="mqtt",le="1"} 3
cellgate_send_seconds_bucket{uplink="mqtt",le="+Inf"} 4
cellgate_send_seconds_sum{uplink="mqtt"} 3.85
cellgate_send_seconds_count{uplink="mqtt"} 4
# HELP cellgate_signal_dbm Signal strength.\nIn \\dBm\\.
# TYPE cellgate_signal_dbm gauge
cellgate_signal_dbm{modem="a\"b\\c\nd",band="B3"} -71.5
cellgate_signal_dbm{modem="m0",band="B8"} -Inf
cellgate_signal_dbm{modem="m1",band="B20"} -90
`

func TestWriteTextGolden(t *testing.T) {
	var b strings.Builder
	if err := goldenRegistry().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != golden {
		t.Errorf("got\n%s\nwant\n%s", b.String(), golden)
	}
}

// TestWriteTextParses reads the output back with Prometheus's own parser.
func TestWriteTextParses(t *testing.T) {
	var b strings.Builder
	if err := goldenRegistry().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(fams) != 5 {
		t.Errorf("%d families, want 5", len(fams))
	}
	if v := fams["cellgate_messages_total"].GetMetric()[0].GetCounter().GetValue(); v != 4 {
		t.Errorf("counter = %v, want 4", v)
	}
	sig := fams["cellgate_signal_dbm"]
	if got := sig.GetHelp(); got != "Signal strength.\nIn \\dBm\\." {
		t.Errorf("help = %q", got)
	}
	m := sig.GetMetric()[0]
	if l := m.GetLabel(); l[0].GetName() != "modem" || l[0].GetValue() != "a\"b\\c\nd" || l[1].GetValue() != "B3" {
		t.Errorf("labels = %v", l)
	}
	if v := m.GetGauge().GetValue(); v != -71.5 {
		t.Errorf("gauge = %v", v)
	}
	if v := sig.GetMetric()[1].GetGauge().GetValue(); !math.IsInf(v, -1) {
		t.Errorf("gauge = %v, want -Inf", v)
	}
	h := fams["cellgate_send_seconds"].GetMetric()[0].GetHistogram()
	if h.GetSampleCount() != 4 || math.Abs(h.GetSampleSum()-3.85) > 1e-9 {
		t.Errorf("histogram count %d sum %v", h.GetSampleCount(), h.GetSampleSum())
	}
	want := []struct {
		le float64
		n  uint64
	}{{0.1, 2}, {0.5, 2}, {1, 3}, {math.Inf(1), 4}}
	if bs := h.GetBucket(); len(bs) != len(want) {
		t.Errorf("buckets = %v", bs)
	} else {
		for i, w := range want {
			if bs[i].GetUpperBound() != w.le || bs[i].GetCumulativeCount() != w.n {
				t.Errorf("bucket %d = %v, want %v", i, bs[i], w)
			}
		}
	}
	q := fams["cellgate_queue_depth"].GetMetric()
	if len(q) != 2 || q[1].GetLabel()[0].GetValue() != "sms" || q[1].GetGauge().GetValue() != 1e6 {
		t.Errorf("queue depth = %v", q)
	}
}

func TestAppendFloat(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-1, "-1"}, {1e6, "1000000"},
		{1 << 53, "9007199254740992"}, {1 << 54, "1.8014398509481984e+16"},
		{0.1, "0.1"}, {1.5e-7, "1.5e-07"}, {-2.25, "-2.25"}, {1e300, "1e+300"},
		{math.Inf(1), "+Inf"}, {math.Inf(-1), "-Inf"}, {math.NaN(), "NaN"},
	} {
		if got := string(appendFloat(nil, c.v)); got != c.want {
			t.Errorf("appendFloat(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestInvalidUTF8LabelValue(t *testing.T) {
	r := NewRegistry()
	r.Gauge("g", "", "l").With("a\xffb").Set(1)
	var b strings.Builder
	r.WriteText(&b)
	if want := "# TYPE g gauge\ng{l=\"a\uFFFDb\"} 1\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
