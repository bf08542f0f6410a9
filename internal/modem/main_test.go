package modem

import (
	"flag"
	"os"
	"testing"
)

// simulatedParallel is how many tests run at once unless -test.parallel
// says otherwise. The tests each drive a simulated module on a pty and
// spend their time waiting on its timers, not on the CPU, so more of them
// than there are CPUs run at once without crowding each other.
const simulatedParallel = "4"

func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", simulatedParallel)
	}
	os.Exit(m.Run())
}
