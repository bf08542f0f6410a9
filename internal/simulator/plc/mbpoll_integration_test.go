//go:build integration

package plc

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

// mbpollPath finds mbpoll, the independent master; without it the tests
// are skipped, unless CELLGATE_REQUIRE_INTEGRATION is set.
func mbpollPath(t *testing.T) string {
	t.Helper()
	return testkit.Program(t, "mbpoll", "apt-get install mbpoll")
}

// mbpoll runs mbpoll and gives its output and the values it printed.
func mbpoll(t *testing.T, args ...string) (string, map[int]string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, mbpollPath(t), args...).CombinedOutput()
	vals := map[int]string{}
	for _, m := range regexp.MustCompile(`(?m)^\[(\d+)\]:\s+(\S+)`).FindAllStringSubmatch(string(out), -1) {
		var ref int
		fmt.Sscan(m[1], &ref)
		vals[ref] = m[2]
	}
	t.Logf("mbpoll %s\n%s", strings.Join(args, " "), out)
	return string(out), vals, err
}

func checkValues(t *testing.T, got map[int]string, want map[int]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("values %v, want %v", got, want)
	}
	for ref, v := range want {
		if got[ref] != v {
			t.Errorf("[%d] = %q, want %q", ref, got[ref], v)
		}
	}
}

// PLC2's holding registers 10 to 14 (references 11 to 15) as mbpoll reads
// them; mbpoll's references are 1-based.
var plc2 = map[int]string{11: "10", 12: "11", 13: "12", 14: "0", 15: "0"}

func TestMbpollTCP(t *testing.T) {
	t.Parallel()
	mbpollPath(t)
	s := New(specMap(t), Config{})
	defer s.Close()
	addr, err := s.ListenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(addr.(*net.TCPAddr).Port)
	_, vals, err := mbpoll(t, "-m", "tcp", "-p", port, "-a", "2", "-r", "11", "-c", "5", "-t", "4", "-1", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	checkValues(t, vals, plc2)

	// 32-bit float, CDAB as mbpoll reads by default, and ABCD with -B.
	_, vals, _ = mbpoll(t, "-m", "tcp", "-p", port, "-a", "3", "-0", "-r", "1", "-c", "1", "-t", "4:float", "-1", "127.0.0.1")
	checkValues(t, vals, map[int]string{1: "21.5"})
	_, vals, _ = mbpoll(t, "-m", "tcp", "-p", port, "-a", "3", "-0", "-B", "-r", "3", "-c", "1", "-t", "4:float", "-1", "127.0.0.1")
	checkValues(t, vals, map[int]string{3: "21.5"})

	// Coils of the spec's example, and a write.
	_, vals, _ = mbpoll(t, "-m", "tcp", "-p", port, "-a", "1", "-r", "20", "-c", "8", "-t", "0", "-1", "127.0.0.1")
	checkValues(t, vals, map[int]string{20: "1", 21: "0", 22: "1", 23: "1", 24: "0", 25: "0", 26: "1", 27: "1"})
	if _, _, err := mbpoll(t, "-m", "tcp", "-p", port, "-a", "2", "-r", "14", "-t", "4", "127.0.0.1", "4321"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Map().Read(2, HoldingRegisters, 13, 1); v[0] != 4321 {
		t.Errorf("register 13 after mbpoll's write: %d", v[0])
	}

	out, vals, err := mbpoll(t, "-m", "tcp", "-p", port, "-a", "2", "-r", "10", "-c", "5", "-t", "4", "-1", "127.0.0.1")
	if err == nil || len(vals) != 0 || !strings.Contains(strings.ToLower(out), "illegal data address") {
		t.Errorf("read of undefined register 9: %v", err)
	}
	if r := s.Requests(); len(r) != 6 || r[5].Exception != 2 {
		t.Errorf("log %+v", r)
	}
}

func TestMbpollRTU(t *testing.T) {
	t.Parallel()
	mbpollPath(t)
	s := New(specMap(t), Config{Baud: 9600, Latency: 5 * time.Millisecond})
	defer s.Close()
	if err := s.StartRTU(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	tty := s.TTY()
	rtu := []string{"-m", "rtu", "-b", "9600", "-d", "8", "-s", "1", "-P", "none"}
	args := func(a ...string) []string { return append(append([]string(nil), rtu...), a...) }

	_, vals, err := mbpoll(t, args("-a", "2", "-r", "11", "-c", "5", "-t", "4", "-1", tty)...)
	if err != nil {
		t.Fatal(err)
	}
	checkValues(t, vals, plc2)

	// The spec's example registers 108-110 on unit 1, on the same bus.
	_, vals, _ = mbpoll(t, args("-a", "1", "-r", "108", "-c", "3", "-t", "4", "-1", tty)...)
	checkValues(t, vals, map[int]string{108: "555", 109: "0", 110: "100"})
	_, vals, _ = mbpoll(t, args("-a", "1", "-r", "9", "-c", "1", "-t", "3", "-1", tty)...)
	checkValues(t, vals, map[int]string{9: "10"})

	out, vals, err := mbpoll(t, args("-a", "2", "-r", "10", "-c", "5", "-t", "4", "-1", tty)...)
	if err == nil || len(vals) != 0 || !strings.Contains(strings.ToLower(out), "illegal data address") {
		t.Errorf("read of undefined register 9: %v", err)
	}
	// A unit that is not on the bus does not answer: mbpoll times out.
	out, _, err = mbpoll(t, args("-a", "7", "-o", "0.3", "-r", "11", "-c", "1", "-t", "4", "-1", tty)...)
	if err == nil || !strings.Contains(strings.ToLower(out), "timed out") {
		t.Errorf("unit 7: %v", err)
	}
	// A busy unit, then a normal answer.
	s.SetFault(2, Busy(1))
	out, _, _ = mbpoll(t, args("-a", "2", "-r", "11", "-c", "5", "-t", "4", "-1", tty)...)
	if !strings.Contains(strings.ToLower(out), "busy") {
		t.Error("busy not reported")
	}
	_, vals, _ = mbpoll(t, args("-a", "2", "-r", "11", "-c", "5", "-t", "4", "-1", tty)...)
	checkValues(t, vals, plc2)
	if st := s.Stats(); st.Requests != 6 || st.Foreign != 1 || st.Exceptions != 2 {
		t.Errorf("stats %+v", st)
	}
}
