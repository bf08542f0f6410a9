package metrics

import (
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// startTime stands in for the process start time: the package is
// initialised within moments of it.
var startTime = time.Now()

// RegisterProcess registers process and Go runtime metrics, all read at
// scrape time: process_resident_memory_bytes (Linux only),
// process_cpu_seconds_total (where getrusage exists),
// process_start_time_seconds, go_goroutines and go_memstats_heap_inuse_bytes.
// None of them stops the world.
func (r *Registry) RegisterProcess() {
	if _, ok := residentBytes(); ok {
		r.GaugeFunc("process_resident_memory_bytes", "Resident memory size in bytes.", nil,
			func(emit func(float64, ...string)) {
				if v, ok := residentBytes(); ok {
					emit(v)
				}
			})
	}
	if _, ok := cpuSeconds(); ok {
		r.CounterFunc("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", nil,
			func(emit func(float64, ...string)) {
				if v, ok := cpuSeconds(); ok {
					emit(v)
				}
			})
	}
	start := float64(startTime.UnixNano()) / 1e9
	r.GaugeFunc("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", nil,
		func(emit func(float64, ...string)) { emit(start) })
	r.GaugeFunc("go_goroutines", "Number of goroutines that currently exist.", nil,
		func(emit func(float64, ...string)) { emit(float64(runtime.NumGoroutine())) })
	r.GaugeFunc("go_memstats_heap_inuse_bytes", "Number of heap bytes that are in use.", nil,
		func(emit func(float64, ...string)) { emit(heapInuse()) })
}

// heapInuse is runtime.MemStats.HeapInuse, read without stopping the world.
func heapInuse() float64 {
	s := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	metrics.Read(s)
	var n float64
	for _, x := range s {
		if x.Value.Kind() == metrics.KindUint64 {
			n += float64(x.Value.Uint64())
		}
	}
	return n
}

// residentBytes reads the resident set size from /proc/self/statm, whose
// second field counts pages.
func residentBytes() (float64, bool) {
	if runtime.GOOS != "linux" {
		return 0, false
	}
	f, err := os.Open("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	var buf [128]byte
	n, _ := f.Read(buf[:])
	fields := strings.Fields(string(buf[:n]))
	if len(fields) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseUint(fields[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return float64(pages) * float64(os.Getpagesize()), true
}
