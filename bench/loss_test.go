//go:build integration

package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/testkit/rig"
	"github.com/cellgate/cellgate/internal/uplink"
)

// Environment of the child publisher process.
const (
	envLossChild   = "CELLGATE_LOSS_CHILD"  // "append" or "drain"
	envLossDir     = "CELLGATE_LOSS_DIR"    // spool directory
	envLossBroker  = "CELLGATE_LOSS_BROKER" // ssl://host:port
	envLossCerts   = "CELLGATE_LOSS_CERTS"  // caFile,certFile,keyFile
	envLossStart   = "CELLGATE_LOSS_START"  // first sequence number
	lossSeqPrefix  = "SEQ "                 // child's stdout: one confirmed number a line
	lossPayloadPad = 200
)

// TestLossChild is the publisher process of TestLoss: it appends a numbered
// stream to the spool, printing each number once Append has returned (the
// record is durable), and runs the uplink from the spool until it is killed.
func TestLossChild(t *testing.T) {
	mode := os.Getenv(envLossChild)
	if mode == "" {
		t.Skip("child process of TestLoss")
	}
	sp, err := spool.Open(os.Getenv(envLossDir), spool.Options{MaxBytes: -1})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open spool:", err)
		os.Exit(2)
	}
	certs := strings.Split(os.Getenv(envLossCerts), ",")
	p, err := uplink.New(uplink.Config{
		Broker: os.Getenv(envLossBroker), IMEI: benchIMEI,
		CAFile: certs[0], CertFile: certs[1], KeyFile: certs[2],
		BackoffMin: 50 * time.Millisecond, BackoffMax: 300 * time.Millisecond,
		PollInterval: 50 * time.Millisecond, ConnectTimeout: 3 * time.Second, Logger: quietLog,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "uplink:", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	go p.Run(ctx, uplink.FromSpool(sp))
	if mode != "append" {
		<-ctx.Done()
		return
	}
	seq, _ := strconv.Atoi(os.Getenv(envLossStart))
	for ctx.Err() == nil {
		if _, err := sp.Append(lossPayload(seq)); err != nil {
			fmt.Fprintln(os.Stderr, "append:", err)
			os.Exit(2)
		}
		os.Stdout.WriteString(lossSeqPrefix + strconv.Itoa(seq) + "\n") // unbuffered
		seq++
		time.Sleep(2 * time.Millisecond)
	}
}

func lossPayload(seq int) []byte {
	s := "seq=" + strconv.Itoa(seq) + ";"
	return []byte(s + strings.Repeat("x", max(lossPayloadPad-len(s), 0)))
}

func parseLossPayload(b []byte) (int, bool) {
	s, ok := bytes.CutPrefix(b, []byte("seq="))
	if !ok {
		return 0, false
	}
	i := bytes.IndexByte(s, ';')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(string(s[:i]))
	return n, err == nil
}

// lossChild is one run of the publisher process.
type lossChild struct {
	cmd    *exec.Cmd
	read   chan struct{} // closed when stdout is drained
	stderr bytes.Buffer
}

// TestLoss checks end-to-end at-least-once delivery: the publishing process
// is SIGKILLed and the broker restarted repeatedly while a persistent-session
// subscriber listens; every number the child confirmed durable must arrive.
// Short by default (3 broker restarts, 3 kills, ~15 s); CELLGATE_LOSS_LONG=1
// runs 20 of each over ~2 minutes.
func TestLoss(t *testing.T) {
	restarts, kills, span := 3, 3, 15*time.Second
	if os.Getenv("CELLGATE_LOSS_LONG") == "1" {
		restarts, kills, span = 20, 20, 2*time.Minute
	}
	dir := t.TempDir()
	e := rig.NewPKI(t, dir, benchIMEI)
	persist := filepath.Join(dir, "mosquitto-db")
	if err := os.Mkdir(persist, 0o700); err != nil {
		t.Fatal(err)
	}
	m := rig.StartMosquitto(t, mosquittoConfig(e, persist))
	spoolDir := filepath.Join(dir, "spool")

	// Subscriber: persistent session, QoS 1, fixed client id.
	var mu sync.Mutex
	got := map[int]int{}
	var junk int
	handler := func(_ paho.Client, msg paho.Message) {
		n, ok := parseLossPayload(msg.Payload())
		mu.Lock()
		if ok {
			got[n]++
		} else if !strings.HasSuffix(msg.Topic(), "/status") {
			junk++
		}
		mu.Unlock()
	}
	topic := benchIMEI + "/logger"
	subscribed := make(chan struct{}, 1)
	opts := paho.NewClientOptions().AddBroker("tcp://" + m.PlainAddr).SetClientID("cellgate-loss-subscriber").
		SetCleanSession(false).SetAutoReconnect(true).SetConnectRetry(true).
		SetConnectRetryInterval(200 * time.Millisecond).SetMaxReconnectInterval(500 * time.Millisecond).
		SetOrderMatters(false).SetDefaultPublishHandler(handler).
		SetOnConnectHandler(func(c paho.Client) {
			// The session keeps the subscription; subscribing again is harmless.
			go func() {
				tok := c.Subscribe(topic, 1, handler)
				if tok.WaitTimeout(10*time.Second) && tok.Error() == nil {
					select {
					case subscribed <- struct{}{}:
					default:
					}
				}
			}()
		})
	sub := paho.NewClient(opts)
	sub.Connect()
	t.Cleanup(func() { sub.Disconnect(100) })
	select {
	case <-subscribed:
	case <-time.After(20 * time.Second):
		t.Fatal("subscriber did not subscribe")
	}

	// Child processes.
	var cmu sync.Mutex
	confirmed := map[int]bool{}
	next := 0
	startChild := func(mode string) *lossChild {
		cmu.Lock()
		start := next
		cmu.Unlock()
		c := &lossChild{read: make(chan struct{})}
		c.cmd = exec.Command(os.Args[0], "-test.run=^TestLossChild$", "-test.timeout=10m")
		c.cmd.Env = append(os.Environ(),
			envLossChild+"="+mode, envLossDir+"="+spoolDir, envLossBroker+"=ssl://"+m.TLSAddr,
			envLossCerts+"="+e.CAFile+","+e.CertFile+","+e.KeyFile, envLossStart+"="+strconv.Itoa(start))
		c.cmd.Stderr = &c.stderr
		c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		out, err := c.cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			defer close(c.read)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				s, ok := strings.CutPrefix(sc.Text(), lossSeqPrefix)
				if !ok {
					continue
				}
				n, err := strconv.Atoi(s)
				if err != nil {
					continue
				}
				cmu.Lock()
				confirmed[n] = true
				next = max(next, n+1)
				cmu.Unlock()
			}
		}()
		return c
	}
	kill := func(c *lossChild) {
		c.cmd.Process.Signal(syscall.SIGKILL)
		<-c.read
		c.cmd.Wait()
		if s := c.stderr.String(); strings.Contains(s, "open spool") || strings.Contains(s, "append:") {
			t.Errorf("child failed: %s", s)
		}
	}

	child := startChild("append")
	t.Cleanup(func() {
		if child != nil {
			kill(child)
		}
	})
	events := restarts + kills
	step := span / time.Duration(events+1)
	r, k := 0, 0
	for i := range events {
		time.Sleep(step)
		// Alternate while both kinds remain.
		if k < kills && (r >= restarts || i%2 == 0) {
			kill(child)
			k++
			time.Sleep(100 * time.Millisecond)
			child = startChild("append")
			cmu.Lock()
			nc := len(confirmed)
			cmu.Unlock()
			t.Logf("SIGKILLed the publisher (%d/%d), %d confirmed so far", k, kills, nc)
		} else {
			m.Stop()
			time.Sleep(300 * time.Millisecond)
			m.Start()
			r++
			t.Logf("restarted the broker (%d/%d)", r, restarts)
		}
	}
	time.Sleep(step)

	// Stop appending: one last kill, then a publisher that only drains.
	kill(child)
	child = startChild("drain")
	cmu.Lock()
	want := make([]int, 0, len(confirmed))
	for n := range confirmed {
		want = append(want, n)
	}
	cmu.Unlock()
	missing := func() (lost []int, dups int) {
		mu.Lock()
		defer mu.Unlock()
		for _, n := range want {
			if got[n] == 0 {
				lost = append(lost, n)
			}
		}
		for _, c := range got {
			if c > 1 {
				dups += c - 1
			}
		}
		return lost, dups
	}
	deadline := time.Now().Add(2 * time.Minute)
	var lost []int
	var dups int
	for {
		lost, dups = missing()
		if len(lost) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	mu.Lock()
	received, unparsable := len(got), junk
	mu.Unlock()
	t.Logf("confirmed %d, distinct received %d, lost %d, duplicates %d, unparsable %d",
		len(want), received, len(lost), dups, unparsable)
	if len(want) == 0 {
		t.Error("the child confirmed no record")
	}
	if len(lost) > 0 {
		t.Errorf("lost %d confirmed records, e.g. %v", len(lost), lost[:min(len(lost), 20)])
	}
}
