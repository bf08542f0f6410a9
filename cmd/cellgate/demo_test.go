package main

import (
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/testkit"
)

// The demo runs the AN32 job on simulated hardware end to end: both PLCs'
// records reach the broker every cycle, the modem status is recorded and a
// remote AT+CSQ makes the round trip.
func TestDemoCycles(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo takes seconds")
	}
	var out testkit.Buffer
	stdout = &out
	defer func() { stdout = nil }()
	if err := run([]string{"demo", "--cycles", "2", "--interval", "1s", "--dir", t.TempDir()}); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	o := out.String()
	for _, want := range []string{
		"STX:[1,10,55,69,72,100,120,130,152,160,170],NX:[1,3,2,2,9,10,5,4,3,7,1],PX:[0,1,4,6,8,17,27,32,36,39,46]",
		",P:12345678,A:2,ST:10,N:5,V:[",
		"ATR          AT+CSQ | +CSQ: ",
		"status/modem seq ",
		"state=online",
		"kind=bearer-up",
		"every one arrived",
	} {
		if !strings.Contains(o, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if strings.Contains(o, "1234") && strings.Contains(o, "pin") {
		t.Error("the demo printed the PIN")
	}
}
