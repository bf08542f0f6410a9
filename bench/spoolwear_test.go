//go:build linux

package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/spool"
)

// wearTargetPerDay is the flash-wear budget of the spool: 10 MB a day.
const wearTargetPerDay = 10e6

// wearCyclesPerDay is the Titan AN32 job's day: one cycle every 10 minutes,
// each appending PLC1's and PLC2's record.
const wearCyclesPerDay = 24 * 6

// an32Records are the AN32 application note's two records, with its
// example values (the note's PLC1 holds its own register addresses).
func an32Records() (plc1, plc2 record.Titan) {
	ts := time.Date(2017, 6, 17, 17, 1, 4, 0, time.UTC)
	plc1 = record.Titan{Type: record.TypeModbus, ID: 1, TS: ts, IMEI: "357044060009633", P: "12345678", A: 1}
	starts := []int{1, 10, 55, 69, 72, 100, 120, 130, 152, 160, 170}
	counts := []int{1, 3, 2, 2, 9, 10, 5, 4, 3, 7, 1}
	for i := range starts {
		plc1.Blocks = append(plc1.Blocks, record.Block{Start: starts[i], Count: counts[i]})
		for a := starts[i]; a < starts[i]+counts[i]; a++ {
			plc1.V = append(plc1.V, a)
		}
	}
	plc2 = record.Titan{Type: record.TypeModbus, ID: 2, TS: ts.Add(time.Second), IMEI: "357044060009633", P: "12345678", A: 2,
		Blocks: []record.Block{{Start: 10, Count: 5}}, V: []int{10, 11, 12, 0, 0}}
	return plc1, plc2
}

// procIO reads this process's /proc/self/io counters.
func procIO() (map[string]int64, error) {
	f, err := os.Open("/proc/self/io")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			m[k] = n
		}
	}
	return m, sc.Err()
}

// treeBytes is the size of the regular files under dir.
func treeBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// devWritten returns the bytes written so far to the block device holding
// dir (/sys/dev/block/MAJ:MIN/stat, sectors written), journal and
// metadata included, after a sync.
func devWritten(dir string) (int64, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(dir, &st); err != nil {
		return 0, err
	}
	dev := uint64(st.Dev)
	b, err := os.ReadFile(fmt.Sprintf("/sys/dev/block/%d:%d/stat", unix.Major(dev), unix.Minor(dev)))
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b))
	if len(f) < 7 {
		return 0, fmt.Errorf("short block stat %q", b)
	}
	sectors, err := strconv.ParseInt(f[6], 10, 64)
	return sectors * 512, err
}

// BenchmarkSpoolWear measures what the spool writes to disk in a day of the
// Titan AN32 job: 144 cycles (every 10 minutes), each appending PLC1's and
// PLC2's record as the collector does (one durable Append each), then
// reading and acknowledging them as the uplink does after the PUBACKs.
// "titan" is the default format (record.FormatTitan, no SEQ); "json" is
// cellgate's JSON record, which takes a number from the Sequencer. One
// iteration is one day, run without sleeping; one warm-up cycle first, so
// the day is a steady one (the Sequencer, reserving 1000 numbers per file
// write, writes once every 3.5 days; no segment is started).
//
// Reported per day: write_bytes-B/day, the bytes this process sent to the
// block layer (/proc/self/io; page-cache pages dirtied, so each append to a
// partly written page counts the whole page again; the file system's
// journal is not included), or wchar-B/day, the bytes passed to write(2),
// where write_bytes is unavailable or 0 (tmpfs); logical-B/day, the growth
// of the spool's files; B/record, the mean record; and the first against
// the 10 MB/day budget.
// With CELLGATE_BENCH_WEAR_DIR naming a directory on a file system of its
// own (such as a loop-mounted image), the spool lives there and dev-B/day
// reports the device's own written sectors, journal and metadata included:
//
//	go test ./bench -run '^$' -bench SpoolWear -benchtime 1x
func BenchmarkSpoolWear(b *testing.B) {
	for _, format := range []string{"titan", "json"} {
		b.Run(format, func(b *testing.B) { spoolWear(b, format) })
	}
}

func spoolWear(b *testing.B, format string) {
	dir := b.TempDir()
	devDir := os.Getenv("CELLGATE_BENCH_WEAR_DIR")
	if devDir != "" {
		d, err := os.MkdirTemp(devDir, "spoolwear")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(d) })
		dir = d
	}
	sp, err := spool.Open(filepath.Join(dir, "spool"), spool.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer sp.Close()
	var seq *record.Sequencer
	if format == "json" {
		if seq, err = record.OpenSequencer(filepath.Join(dir, "seq.json"), record.DefaultSeqBatch); err != nil {
			b.Fatal(err)
		}
		defer seq.Close()
	}

	plc1, plc2 := an32Records()
	encode := func(t record.Titan) []byte {
		if format == "titan" {
			s, err := record.FormatTitan(t)
			if err != nil {
				b.Fatal(err)
			}
			return []byte(s)
		}
		n, err := seq.Next(t.IMEI)
		if err != nil {
			b.Fatal(err)
		}
		data, err := json.Marshal(t.ToRecord(n))
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	var acked uint64
	var recBytes, records int
	cycle := func() {
		for _, t := range []*record.Titan{&plc1, &plc2} {
			data := encode(*t)
			recBytes += len(data)
			records++
			if _, err := sp.Append(data); err != nil {
				b.Fatal(err)
			}
			t.TS = t.TS.Add(10 * time.Minute)
		}
		recs, err := sp.Read(acked, 16)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range recs {
			if err := sp.Ack(r.ID); err != nil {
				b.Fatal(err)
			}
			acked = r.ID
		}
	}
	cycle() // warm-up: the segment's header, the first reservation

	if devDir != "" {
		syscall.Sync()
	}
	dev0, devErr := devWritten(dir)
	io0, err := procIO()
	if err != nil {
		b.Skipf("no /proc/self/io: %v", err)
	}
	size0 := treeBytes(dir)
	b.ResetTimer()
	for range b.N {
		for range wearCyclesPerDay {
			cycle()
		}
	}
	b.StopTimer()
	size1 := treeBytes(dir)
	io1, err := procIO()
	if err != nil {
		b.Fatal(err)
	}
	if devDir != "" {
		syscall.Sync()
	}
	dev1, devErr1 := devWritten(dir)

	days := float64(b.N)
	src := "write_bytes"
	if io1[src]-io0[src] <= 0 {
		src = "wchar"
	}
	perDay := float64(io1[src]-io0[src]) / days
	b.ReportMetric(perDay, src+"-B/day")
	b.ReportMetric(perDay/wearTargetPerDay, src+"/target")
	b.ReportMetric(float64(size1-size0)/days, "logical-B/day")
	b.ReportMetric(float64(recBytes)/float64(records), "B/record")
	if devDir != "" && devErr == nil && devErr1 == nil {
		d := float64(dev1-dev0) / days
		b.ReportMetric(d, "dev-B/day")
		b.ReportMetric(d/wearTargetPerDay, "dev/target")
	}
	if st := sp.Stats(); st.Records != 0 {
		b.Fatalf("%d records left unacknowledged", st.Records)
	}
}
