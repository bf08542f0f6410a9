// Package metrics is a small Prometheus metrics registry that writes the text
// exposition format, version 0.0.4, using the standard library only.
//
// A Registry holds counters, gauges and histograms, each with optional label
// names, and metrics computed at scrape time by a function (GaugeFunc,
// CounterFunc). Counters and gauges are updated lock-free; looking up a
// labelled child with With takes a read lock, so hot paths should keep the
// returned *Counter, *Gauge or *Histogram.
//
// Registering an invalid or already used name, or passing the wrong number of
// label values, is a programming error and panics.
//
// # Why not the Prometheus client library
//
// github.com/prometheus/client_golang would bring its dependencies
// (client_model, common, procfs, protobuf, xxhash, klauspost/compress) into
// a router binary that must stay under 15 MB stripped: measured with
// client_golang v1.20.4 (a registry, a counter vector, a histogram, the Go
// and process collectors, promhttp), cmd/cellgate for linux/arm (GOARM=7,
// -trimpath -ldflags="-s -w") grew from 11.2 MB to 14.9 MB, about 4 MB.
// What cellgate exposes (counters, gauges, histograms, a few labels, the
// text format) fits in a few hundred lines of standard library.
package metrics
