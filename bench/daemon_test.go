package bench

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"

	"github.com/cellgate/cellgate/examples"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/simulator/plc"
	"github.com/cellgate/cellgate/internal/testkit"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// rssTarget is the resident memory budget of the running daemon: 15 MB.
const rssTarget = 15e6

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat: 100
// on every Linux architecture cellgate is built for.
const clockTicks = 100

// daemonDuration is how long BenchmarkDaemonAN32 runs the daemon:
// CELLGATE_BENCH_DAEMON, 30 s by default.
func daemonDuration(b *testing.B) time.Duration {
	s := os.Getenv("CELLGATE_BENCH_DAEMON")
	if s == "" {
		return 30 * time.Second
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 5*time.Second {
		b.Fatalf("CELLGATE_BENCH_DAEMON=%q: want a duration of at least 5s", s)
	}
	return d
}

// BenchmarkDaemonAN32 runs "cellgate run", built like a release (static,
// -trimpath -ldflags='-s -w'), as a process on the Titan AN32 job at a demo
// interval of 1 s: PLC1 (11 blocks) on Modbus RTU and PLC2 on Modbus TCP
// from the PLC simulator, the modem simulator, Titan records with SEQ, modem
// status every 3 s, MQTT over TLS with client certificates to the embedded
// broker in this process. The daemon's resident memory (VmRSS in
// /proc/PID/status) is sampled every second; reported are the peak and mean
// of the samples in MB, the kernel's high-water mark (VmHWM), the peak
// against the 15 MB budget (peak/target), and the CPU time the daemon used
// (utime + stime) over the run after its first second, as a percentage of
// one core. The daemon runs with the Go runtime's defaults (GOGC and
// GOMEMLIMIT unset), or with GOGC=CELLGATE_BENCH_GOGC. It fails only when
// the daemon does not run or delivers no record:
//
//	CELLGATE_BENCH_DAEMON=2m go test ./bench -run '^$' -bench DaemonAN32 -benchtime 1x
func BenchmarkDaemonAN32(b *testing.B) {
	dur := daemonDuration(b)
	dir := b.TempDir()
	bin := buildRelease(b, dir)
	for range b.N {
		daemonRun(b, bin, dir, dur)
	}
}

// buildRelease builds cellgate for this machine as the release builds it.
func buildRelease(b *testing.B, dir string) string {
	b.Helper()
	out := filepath.Join(dir, "cellgate")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out,
		"github.com/cellgate/cellgate/cmd/cellgate")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, msg)
	}
	return out
}

func daemonRun(b *testing.B, bin, dir string, dur time.Duration) {
	e := rig.NewPKI(b, dir, benchIMEI)
	brk := rig.StartBroker(b, rig.BrokerConfig{PKI: e})
	defer brk.Stop()
	var records, status atomic.Int64
	count := func(n *atomic.Int64) mqtt.InlineSubFn {
		return func(*mqtt.Client, packets.Subscription, packets.Packet) { n.Add(1) }
	}
	if err := brk.Broker().Server().Subscribe("+/logger", 1, count(&records)); err != nil {
		b.Fatal(err)
	}
	if err := brk.Broker().Server().Subscribe("+/status/modem", 2, count(&status)); err != nil {
		b.Fatal(err)
	}

	sim, _ := rig.StartModemSim(b, modem.Config{IMEI: benchIMEI, RegistrationDelay: time.Second})
	defer sim.Close()
	plcs := rig.StartPLC(b, nil, plc.Config{Baud: 9600})
	defer plcs.Server.Close()

	state, err := os.MkdirTemp(dir, "state")
	if err != nil {
		b.Fatal(err)
	}
	cfg := filepath.Join(dir, "cellgate.yaml")
	conf := testkit.AN32YAML(b, examples.AN32Site{
		ModemPort: sim.TTY(), RTUPort: plcs.Server.TTY(), PLC2TCP: plcs.TCP, Interval: "1s",
		Broker: brk.Addr, CA: e.CAFile, Cert: e.CertFile, Key: e.KeyFile,
		Modem:   "signal_interval: 5s\ncheck_interval: 10s",
		Records: "seq: true",
		Extra: `gateway:
  state_dir: ` + state + `
  status_interval: 3s
watchdog:
  modem: {interval: 10s, failures: 3, backoff: 30s}
  network: {interval: 10s, failures: 3, backoff: 1m}
  application: {interval: 10s, stall: 1m, backlog: 10m}
metrics:
  listen: 127.0.0.1:0`,
	})
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		b.Fatal(err)
	}

	logPath := filepath.Join(dir, "daemon.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		b.Fatal(err)
	}
	defer logFile.Close()
	cmd := exec.Command(bin, "run", "-c", cfg)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = daemonEnv()
	b.ResetTimer()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stopped := false
	defer func() {
		if !stopped {
			cmd.Process.Kill()
			<-exited
		}
	}()
	pid := cmd.Process.Pid
	failed := func(format string, args ...any) {
		log, _ := os.ReadFile(logPath)
		b.Fatalf(format+"\ndaemon log:\n%s", append(args, log)...)
	}

	var rss []int64
	var cpu0 int64
	start := time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for time.Since(start) < dur {
		select {
		case <-exited:
			failed("the daemon exited after %v: %v", time.Since(start).Round(time.Millisecond), cmd.ProcessState)
		case <-tick.C:
		}
		kb, err := procStatusKB(pid, "VmRSS")
		if err != nil {
			failed("%v", err)
		}
		rss = append(rss, kb*1024)
		if len(rss) == 1 {
			if cpu0, err = procCPUTicks(pid); err != nil {
				failed("%v", err)
			}
		}
	}
	cpu1, err := procCPUTicks(pid)
	if err != nil {
		failed("%v", err)
	}
	var hwm, anon, file int64
	for _, f := range []struct {
		name string
		v    *int64
	}{{"VmHWM", &hwm}, {"RssAnon", &anon}, {"RssFile", &file}} {
		if *f.v, err = procStatusKB(pid, f.name); err != nil {
			failed("%v", err)
		}
	}
	window := time.Since(start) - time.Second // CPU counted from the first sample
	b.StopTimer()

	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		failed("the daemon did not stop within 30s of SIGTERM")
	}
	stopped = true
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		failed("the daemon exited with status %d", code)
	}
	if records.Load() == 0 {
		failed("no record reached the broker in %v", dur)
	}

	var peak, sum int64
	for _, v := range rss {
		peak = max(peak, v)
		sum += v
	}
	mean := float64(sum) / float64(len(rss))
	cpuPct := float64(cpu1-cpu0) / clockTicks / window.Seconds() * 100
	b.Logf("daemon ran %v: %d records and %d modem status records delivered; RSS first %.1f MB, last %.1f MB (%.1f MB anonymous, %.1f MB file-backed: the binary's pages), peak %.1f MB, mean %.1f MB, VmHWM %.1f MB; CPU %.2f%% of one core%s",
		dur, records.Load(), status.Load(), float64(rss[0])/1e6, float64(rss[len(rss)-1])/1e6,
		float64(anon*1024)/1e6, float64(file*1024)/1e6, float64(peak)/1e6, mean/1e6, float64(hwm*1024)/1e6, cpuPct, gogcNote())
	b.ReportMetric(float64(peak)/1e6, "peak-RSS-MB")
	b.ReportMetric(mean/1e6, "mean-RSS-MB")
	b.ReportMetric(float64(hwm*1024)/1e6, "hwm-MB")
	b.ReportMetric(float64(anon*1024)/1e6, "anon-RSS-MB")
	b.ReportMetric(cpuPct, "cpu-%")
	b.ReportMetric(float64(peak)/rssTarget, "peak/target")
	b.ReportMetric(float64(records.Load())/dur.Seconds(), "records/s")
}

// daemonEnv is this process's environment without the Go runtime's memory
// settings, but for GOGC=CELLGATE_BENCH_GOGC when that is set.
func daemonEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOGC=") || strings.HasPrefix(kv, "GOMEMLIMIT=") {
			continue
		}
		env = append(env, kv)
	}
	if g := os.Getenv("CELLGATE_BENCH_GOGC"); g != "" {
		env = append(env, "GOGC="+g)
	}
	return env
}

func gogcNote() string {
	if g := os.Getenv("CELLGATE_BENCH_GOGC"); g != "" {
		return ", GOGC=" + g
	}
	return ""
}

// procStatusKB reads a "kB" field of /proc/PID/status, such as VmRSS.
func procStatusKB(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), field+":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/status %s: %w", pid, field, err)
		}
		return kb, nil
	}
	return 0, fmt.Errorf("/proc/%d/status: no %s", pid, field)
}

// procCPUTicks is utime + stime of /proc/PID/stat, in clock ticks.
func procCPUTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold blanks:
	// count the fields after its closing one (state is field 3).
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q, stime %q", pid, f[11], f[12])
	}
	return utime + stime, nil
}
