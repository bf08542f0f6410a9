package bench

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// startSim runs a modem simulator on a pty for the benchmark and waits
// until it booted.
func startSim(b *testing.B) *modem.Modem {
	b.Helper()
	m, _ := rig.StartModemSim(b, modem.Config{BootDelay: time.Millisecond})
	return m
}

// rawRoundTrip writes cmd and reads until the final OK: the least any host
// can do per command on this pty, the baseline for the engine.
func rawRoundTrip(b *testing.B, w io.Writer, r *bufio.Reader, cmd string) {
	if _, err := io.WriteString(w, cmd+"\r"); err != nil {
		b.Fatal(err)
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			b.Fatal(err)
		}
		if strings.TrimSpace(line) == "OK" {
			return
		}
	}
}

// BenchmarkATCommands measures commands per second through the engine
// against the modem simulator on a pty, next to the same commands written
// and read directly on a second simulator's pty. The two are interleaved so
// that machine noise hits both alike; engine/raw is the engine's cost
// factor, cmd/s the engine's throughput.
func BenchmarkATCommands(b *testing.B) {
	for _, cmd := range []string{"AT", "AT+CSQ", "AT+COPS?"} {
		b.Run(cmd, func(b *testing.B) {
			rawSim, engSim := startSim(b), startSim(b)
			rawPort, err := at.OpenSerial(rawSim.TTY(), at.SerialConfig{})
			if err != nil {
				b.Fatal(err)
			}
			defer rawPort.Close()
			rr := bufio.NewReader(rawPort)
			e := at.New(at.SerialOpener(engSim.TTY(), at.SerialConfig{}), at.Config{Logger: slog.New(slog.DiscardHandler)})
			if err := e.Start(context.Background()); err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			ctx := context.Background()
			rawRoundTrip(b, rawPort, rr, "ATE0")
			if _, err := e.Command(ctx, "ATE0"); err != nil {
				b.Fatal(err)
			}
			var raw, eng time.Duration
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				rawRoundTrip(b, rawPort, rr, cmd)
				t1 := time.Now()
				if _, err := e.Command(ctx, cmd); err != nil {
					b.Fatal(err)
				}
				raw, eng = raw+t1.Sub(t0), eng+time.Since(t1)
			}
			b.ReportMetric(float64(b.N)/eng.Seconds(), "cmd/s")
			b.ReportMetric(float64(b.N)/raw.Seconds(), "raw-cmd/s")
			b.ReportMetric(eng.Seconds()/raw.Seconds(), "engine/raw")
		})
	}
}
