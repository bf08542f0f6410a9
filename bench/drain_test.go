package bench

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/testkit/rig"
	"github.com/cellgate/cellgate/internal/uplink"
)

const (
	drainRecordSize = 200
	drainInFlight   = uplink.DefaultInFlight
)

func drainRecords() int {
	if os.Getenv("CELLGATE_BENCH_FULL") == "1" {
		return 1_000_000
	}
	return 100_000
}

// drainPayload is record i: 200 bytes, numbered.
func drainPayload(i int) []byte {
	p := make([]byte, drainRecordSize)
	for j := range p {
		p[j] = 'x'
	}
	copy(p, fmt.Sprintf("seq=%d;", i))
	return p
}

// fillSpool appends n records with concurrent appenders (group commit).
func fillSpool(b *testing.B, sp *spool.Spool, n int) {
	b.Helper()
	const workers = 64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if _, err := sp.Append(drainPayload(i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// BenchmarkDrain measures how fast the uplink empties a full spool into
// mosquitto (TLS with client certificates, QoS 1), against a raw paho
// publisher with the same payloads and in-flight window and no spool.
// drain/raw is the figure of merit (target ≥ 0.7). N is 100,000 records;
// CELLGATE_BENCH_FULL=1 uses 1,000,000.
func BenchmarkDrain(b *testing.B) {
	n := drainRecords()
	e := rig.NewPKI(b, "", benchIMEI)
	m := rig.StartMosquitto(b, mosquittoConfig(e, ""))
	payloads := make([][]byte, n)
	for i := range payloads {
		payloads[i] = drainPayload(i)
	}

	var drainDur, rawDur time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sp, err := spool.Open(b.TempDir(), spool.Options{MaxBytes: -1})
		if err != nil {
			b.Fatal(err)
		}
		fillSpool(b, sp, n)
		if st := sp.Stats(); st.Records != int64(n) {
			b.Fatalf("spool holds %d records, want %d", st.Records, n)
		}
		b.StartTimer()
		drainDur += drainOnce(b, e, m, sp, n)
		rawDur += rawOnce(b, e, m, payloads)
		b.StopTimer()
		if st := sp.Stats(); st.Records != 0 {
			b.Errorf("spool still holds %d records after the drain", st.Records)
		}
		sp.Close()
	}
	total := float64(n * b.N)
	drainRate := total / drainDur.Seconds()
	rawRate := total / rawDur.Seconds()
	b.ReportMetric(drainRate, "drain-rec/s")
	b.ReportMetric(rawRate, "raw-rec/s")
	b.ReportMetric(drainRate/rawRate, "drain/raw")
}

// drainOnce runs the uplink on sp until the broker has acknowledged n records.
func drainOnce(b *testing.B, e *rig.PKI, m *rig.Mosquitto, sp *spool.Spool, n int) time.Duration {
	b.Helper()
	p, err := uplink.New(uplink.Config{
		Broker: "ssl://" + m.TLSAddr, IMEI: benchIMEI,
		CAFile: e.CAFile, CertFile: e.CertFile, KeyFile: e.KeyFile,
		InFlight: drainInFlight, Logger: quietLog, ConnectTimeout: 10 * time.Second,
		BackoffMin: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
		PollInterval: 50 * time.Millisecond,
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- p.Run(ctx, uplink.FromSpool(sp)) }()
	deadline := time.Now().Add(time.Duration(n/100+60) * time.Second)
	for p.Stats().Acked < uint64(n) {
		if time.Now().After(deadline) {
			cancel()
			b.Fatalf("drain: %d of %d acknowledged; stats %+v", p.Stats().Acked, n, p.Stats())
		}
		time.Sleep(time.Millisecond)
	}
	d := time.Since(start)
	cancel()
	if err := <-done; err != nil {
		b.Errorf("Run: %v", err)
	}
	return d
}

// rawOnce publishes payloads with paho alone (QoS 1, the same window) and
// returns the time until the last PUBACK.
func rawOnce(b *testing.B, e *rig.PKI, m *rig.Mosquitto, payloads [][]byte) time.Duration {
	b.Helper()
	opts := paho.NewClientOptions().AddBroker("ssl://" + m.TLSAddr).SetClientID("raw-bench").
		SetTLSConfig(e.ClientTLS(b)).SetAutoReconnect(false).SetCleanSession(true).
		SetConnectTimeout(10 * time.Second)
	topic := benchIMEI + "/logger"
	start := time.Now()
	c := paho.NewClient(opts)
	if tok := c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		b.Fatalf("raw connect: %v", tok.Error())
	}
	defer c.Disconnect(0)
	pending := make(chan paho.Token, drainInFlight-1) // plus the one being awaited
	errc := make(chan error, 1)
	go func() {
		var first error
		for tok := range pending {
			if !tok.WaitTimeout(60*time.Second) && first == nil {
				first = fmt.Errorf("no PUBACK within 60s")
			}
			if err := tok.Error(); err != nil && first == nil {
				first = err
			}
		}
		errc <- first
	}()
	for _, p := range payloads {
		pending <- c.Publish(topic, 1, false, p) // blocks while the window is full
	}
	close(pending)
	if err := <-errc; err != nil {
		b.Fatalf("raw publish: %v", err)
	}
	return time.Since(start)
}
