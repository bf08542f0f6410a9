package metrics

import (
	"runtime"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func TestRegisterProcess(t *testing.T) {
	r := NewRegistry()
	r.RegisterProcess()
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(b.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	value := func(name string) float64 {
		f := fams[name]
		if f == nil || len(f.GetMetric()) != 1 {
			t.Errorf("%s missing:\n%s", name, b.String())
			return 0
		}
		m := f.GetMetric()[0]
		return m.GetGauge().GetValue() + m.GetCounter().GetValue()
	}
	if v := value("go_goroutines"); v < 1 {
		t.Errorf("go_goroutines = %v", v)
	}
	if v := value("go_memstats_heap_inuse_bytes"); v < 64<<10 {
		t.Errorf("go_memstats_heap_inuse_bytes = %v", v)
	}
	if v := value("process_start_time_seconds"); v < 1.7e9 {
		t.Errorf("process_start_time_seconds = %v", v)
	}
	if v := value("process_cpu_seconds_total"); v <= 0 {
		t.Errorf("process_cpu_seconds_total = %v", v)
	}
	if fams["process_cpu_seconds_total"].GetType().String() != "COUNTER" {
		t.Error("process_cpu_seconds_total is not a counter")
	}
	if runtime.GOOS == "linux" {
		if v := value("process_resident_memory_bytes"); v < 1<<20 {
			t.Errorf("process_resident_memory_bytes = %v", v)
		}
	} else if fams["process_resident_memory_bytes"] != nil {
		t.Error("process_resident_memory_bytes present off Linux")
	}
}
