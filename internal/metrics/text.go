package metrics

import (
	"bufio"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// ContentType is the Content-Type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

// WriteText writes every family that has samples in the text exposition
// format: families sorted by name, samples by label values. It returns the
// first error from w.
func (r *Registry) WriteText(w io.Writer) error {
	r.mu.Lock()
	fams := r.fams
	r.mu.Unlock()
	tw := &textWriter{Writer: bufio.NewWriterSize(w, 4096)}
	for _, f := range fams {
		tw.headed = false
		f.col.write(tw, f)
	}
	return tw.Flush()
}

// textWriter writes samples, preceded by their family's HELP and TYPE lines
// before the first of them.
type textWriter struct {
	*bufio.Writer
	headed bool
}

// sample writes one sample line; le, if not empty, is added as the last label.
func (w *textWriter) sample(f *family, suffix string, names, values []string, le string, v float64) {
	if !w.headed {
		w.headed = true
		if f.help != "" {
			w.WriteString("# HELP ")
			w.WriteString(f.name)
			w.WriteByte(' ')
			w.WriteString(f.help)
			w.WriteByte('\n')
		}
		w.WriteString("# TYPE ")
		w.WriteString(f.name)
		w.WriteByte(' ')
		w.WriteString(f.typ)
		w.WriteByte('\n')
	}
	w.WriteString(f.name)
	w.WriteString(suffix)
	if len(names) > 0 || le != "" {
		w.WriteByte('{')
		for i, n := range names {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(n)
			w.WriteString(`="`)
			labelEscaper.WriteString(w, values[i])
			w.WriteByte('"')
		}
		if le != "" {
			if len(names) > 0 {
				w.WriteByte(',')
			}
			w.WriteString(`le="`)
			w.WriteString(le)
			w.WriteByte('"')
		}
		w.WriteByte('}')
	}
	w.WriteByte(' ')
	w.Write(appendFloat(w.AvailableBuffer(), v))
	w.WriteByte('\n')
}

// appendFloat formats v as Prometheus does: +Inf, -Inf, NaN, integers up to
// 2^53 in full, anything else in the shortest form that reads back exactly.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, +1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	case v == math.Trunc(v) && math.Abs(v) <= 1<<53:
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// funcCollector is a family whose samples a function emits at scrape time.
type funcCollector struct {
	labels []string
	fn     func(emit func(value float64, labelValues ...string))
}

type funcSample struct {
	values []string
	v      float64
}

func (c *funcCollector) write(w *textWriter, f *family) {
	var ss []funcSample
	c.fn(func(v float64, values ...string) {
		values = validValues(f.name, c.labels, values)
		ss = append(ss, funcSample{slices.Clone(values), v})
	})
	slices.SortStableFunc(ss, func(a, b funcSample) int { return slices.Compare(a.values, b.values) })
	for i, s := range ss {
		if i > 0 && slices.Equal(s.values, ss[i-1].values) {
			continue
		}
		w.sample(f, "", c.labels, s.values, "", s.v)
	}
}
