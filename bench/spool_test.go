package bench

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/spool"
)

// rawFsyncAppends writes n 200-byte records to a file with one write and
// one fsync each: what a queue without group commit can do at best.
func rawFsyncAppends(b *testing.B, n int) time.Duration {
	f, err := os.Create(filepath.Join(b.TempDir(), "raw"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rec := make([]byte, 224)
	t0 := time.Now()
	for range n {
		if _, err := f.Write(rec); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(t0)
}

// BenchmarkSpoolAppend measures durable appends of 200-byte records from 64
// concurrent appenders (group commit), next to raw write+fsync per record
// measured in the same run; spool/raw is the group-commit gain.
func BenchmarkSpoolAppend(b *testing.B) {
	s, err := spool.Open(b.TempDir(), spool.Options{MaxBytes: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	raw := rawFsyncAppends(b, 300)
	data := make([]byte, 200)
	b.SetParallelism(32) // 32 × GOMAXPROCS appenders
	b.ResetTimer()
	t0 := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Append(data); err != nil {
				b.Error(err)
				return
			}
		}
	})
	d := time.Since(t0)
	b.StopTimer()
	rate, rawRate := float64(b.N)/d.Seconds(), 300/raw.Seconds()
	b.ReportMetric(rate, "appends/s")
	b.ReportMetric(rawRate, "raw-appends/s")
	b.ReportMetric(rate/rawRate, "spool/raw")
}

// BenchmarkSpoolRecover measures Open on a backlog of 1M unacknowledged
// 200-byte records (about 214 MiB in 27 segments): every record's CRC is
// checked and indexed.
func BenchmarkSpoolRecover(b *testing.B) {
	const N = 1_000_000
	dir := b.TempDir()
	s, err := spool.Open(dir, spool.Options{MaxBytes: -1})
	if err != nil {
		b.Fatal(err)
	}
	var left atomic.Int64
	left.Store(N)
	var wg sync.WaitGroup
	data := make([]byte, 200)
	for range 128 {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				if _, err := s.Append(data); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	s.Close()
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		t0 := time.Now()
		s, err := spool.Open(dir, spool.Options{MaxBytes: -1})
		total += time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		if st := s.Stats(); st.Records != N {
			b.Fatalf("recovered %d records", st.Records)
		}
		s.Close()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/open")
	b.ReportMetric(N, "records")
}
