package spool

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var crashOpt = Options{SegmentSize: 32 << 10, MaxBytes: -1}

// crashChild appends numbered records from several goroutines and prints
// "ID data" for each Append that returned: each line is a durability promise.
func crashChild(dir, round string) {
	s, err := Open(dir, crashOpt)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var mu sync.Mutex
	w := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				d := fmt.Sprintf("r%s-g%d-%d", round, g, i)
				id, err := s.Append([]byte(d))
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				mu.Lock()
				fmt.Fprintf(w, "%d %s\n", id, d)
				w.Flush()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// TestCrashKill kills a child appending records with SIGKILL at random
// moments and checks that every record it reported durable is there, once.
// SPOOL_CRASH_LONG=1 runs 40 rounds instead of 4.
// It runs alone: a child forked while another test holds a spool's lock
// file shares that lock until it execs, and the other test's reopen fails.
func TestCrashKill(t *testing.T) {
	if dir := os.Getenv("SPOOL_CRASH_DIR"); dir != "" {
		crashChild(dir, os.Getenv("SPOOL_CRASH_ROUND"))
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	rounds := 4
	if os.Getenv("SPOOL_CRASH_LONG") != "" {
		rounds = 40
	}
	dir := t.TempDir()
	promised := map[uint64]string{} // reported durable, not acknowledged
	acked := map[uint64]bool{}
	total := 0
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashKill$")
		cmd.Env = append(os.Environ(), "SPOOL_CRASH_DIR="+dir, "SPOOL_CRASH_ROUND="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan []byte)
		go func() {
			b, _ := io.ReadAll(out)
			lines <- b
		}()
		time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		b := <-lines
		cmd.Wait()
		if strings.Contains(stderr.String(), "spool") {
			t.Fatalf("child: %s", stderr.String())
		}
		// Only whole lines are promises.
		n := 0
		for _, line := range strings.SplitAfter(string(b), "\n") {
			if !strings.HasSuffix(line, "\n") {
				continue
			}
			id, d, _ := strings.Cut(strings.TrimSpace(line), " ")
			v, err := strconv.ParseUint(id, 10, 64)
			if err != nil {
				t.Fatalf("child line %q", line)
			}
			if _, dup := promised[v]; dup || acked[v] {
				t.Fatalf("ID %d promised twice", v)
			}
			promised[v] = d
			n++
		}
		total += n

		s := open(t, dir, crashOpt)
		seen := map[string]bool{}
		for _, r := range readAll(t, s) {
			if acked[r.ID] {
				t.Fatalf("acknowledged ID %d delivered after a clean Close", r.ID)
			}
			if seen[string(r.Data)] {
				t.Fatalf("%q stored twice", r.Data)
			}
			seen[string(r.Data)] = true
			if d, ok := promised[r.ID]; ok {
				if d != string(r.Data) {
					t.Fatalf("ID %d holds %q, child reported %q", r.ID, r.Data, d)
				}
			}
			// Acknowledge about half, as an uplink would.
			if rand.IntN(2) == 0 {
				if err := s.Ack(r.ID); err != nil {
					t.Fatal(err)
				}
				acked[r.ID] = true
				delete(promised, r.ID)
			}
		}
		missing := 0
		for id := range promised {
			if !seen[promised[id]] {
				missing++
				t.Errorf("round %d: promised ID %d (%s) lost", round, id, promised[id])
			}
		}
		st := s.Stats()
		t.Logf("round %d: %d promised this round, %d records held, torn bytes cut %d", round, n, st.Records, st.TornBytesCut)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if missing > 0 {
			t.FailNow()
		}
	}
	if total == 0 {
		t.Fatal("the child never appended")
	}
}
