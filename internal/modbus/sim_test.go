package modbus_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/serial"
	"github.com/cellgate/cellgate/internal/simulator/plc"
	"github.com/cellgate/cellgate/internal/testkit"
)

// Our master against our PLC simulator with the AN32 map: PLC1 read with the
// planner's requests over RTU on a pty at 9600 8N1, PLC2 over TCP.

func an32(t *testing.T) *plc.Server {
	t.Helper()
	s := plc.New(plc.AN32Map(), plc.Config{Baud: 9600, Latency: 2 * time.Millisecond})
	t.Cleanup(func() { s.Close() })
	if err := s.StartRTU(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	return s
}

func rtuMaster(t *testing.T, s *plc.Server) *modbus.RTU {
	t.Helper()
	port, err := serial.Open(s.TTY(), serial.Config{Baud: 9600})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { port.Close() })
	return modbus.NewRTU(port, 9600)
}

func TestPlannedAN32CycleAgainstTheSimulator(t *testing.T) {
	t.Parallel()
	s := an32(t)
	m := rtuMaster(t, s)
	need, err := modbus.ParseTitanBlocks(testkit.AN32Blocks(t, "PLC1"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := modbus.PlanConfig{Baud: 9600, BitsPerChar: 11, Latency: 20 * time.Millisecond}
	// The simulator defines only the blocks: the gaps are forbidden.
	p, err := modbus.NewPlanner(need, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for round := 0; round < 5; round++ {
		plan := p.Plan()
		failed := false
		for _, r := range plan.Requests {
			_, err := modbus.ReadHoldingRegisters(ctx, m, 1, r.Start, r.Count)
			var ex *modbus.Exception
			if errors.As(err, &ex) && ex.Code == 2 {
				// The device refuses a filler: forbid each gap it contains.
				for _, f := range modbus.Fillers(r, need) {
					if _, err := p.Forbid(f); err != nil {
						t.Fatal(err)
					}
				}
				failed = true
				break
			}
			if err != nil {
				t.Fatalf("read %+v: %v", r, err)
			}
		}
		if !failed {
			t.Logf("cycle after %d re-plans: %d requests, %v estimated vs naive %v",
				round, len(plan.Requests), plan.Cost, modbus.NaivePlan(need, cfg).Cost)
			if plan.Cost > modbus.NaivePlan(need, cfg).Cost {
				t.Error("the plan that works costs more than the naive one")
			}
			return
		}
	}
	t.Fatal("the planner never found a plan the device accepts")
}

func TestPLC2OverTCP(t *testing.T) {
	t.Parallel()
	s := plc.New(plc.AN32Map(), plc.Config{})
	t.Cleanup(func() { s.Close() })
	addr, err := s.ListenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := modbus.NewTCP(addr.String())
	defer c.Close()
	regs, err := modbus.ReadHoldingRegisters(context.Background(), c, 2, 10, 5)
	if err != nil || len(regs) != 5 {
		t.Fatalf("%v %v", regs, err)
	}
}

func TestDeadPLCDoesNotStallTheBus(t *testing.T) {
	t.Parallel()
	s := an32(t)
	m := rtuMaster(t, s)
	m.Timeout = 100 * time.Millisecond
	bus := modbus.NewBus(m, modbus.BusOptions{BackoffMin: time.Minute})
	bus.Add(modbus.Device{Name: "plc1", Unit: 1})
	bus.Add(modbus.Device{Name: "plc2", Unit: 2})
	s.SetFault(1, plc.Fault{Kind: plc.FaultNoAnswer})
	req, _ := modbus.ReadRequest(3, 10, 5)
	req1, _ := modbus.ReadRequest(3, 1, 1)
	ctx := context.Background()
	start := time.Now()
	for range 10 {
		bus.Do(ctx, "plc1", req1)
		if _, err := bus.Do(ctx, "plc2", req); err != nil {
			t.Fatalf("plc2 failed while plc1 is dead: %v", err)
		}
	}
	if _, err := bus.Do(ctx, "plc1", req1); !errors.Is(err, modbus.ErrSkipped) {
		t.Errorf("dead plc1 not skipped: %v", err)
	}
	t.Logf("10 cycles with a dead PLC on the bus took %v", time.Since(start))
	if st := bus.Stats()["plc1"]; st.Timeouts < 3 || st.Skipped == 0 {
		t.Errorf("stats %+v", st)
	}
}
