package collect

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/simulator/plc"
)

func TestSinkFailures(t *testing.T) {
	t.Parallel()
	log, logs := testLogger(t)
	var got polls
	out := &sink{fail: func(n int) error {
		if n == 2 || n == 3 {
			return errors.New("spool: full")
		}
		return nil
	}}
	f := &fakeClient{}
	c, err := New(Config{Buses: []Bus{fakeBus("a", f, time.Minute)}, Sink: out.write, Logger: log, OnPoll: got.add})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		c.PollNow(context.Background(), "a-dev")
	}
	st := c.Stats()["a-dev"]
	if st.Polls != 5 || st.Records != 3 || st.SinkErrors != 2 || st.Errors != 0 {
		t.Errorf("stats %+v", st)
	}
	if n := logs.count("cannot write records to the spool"); n != 1 {
		t.Errorf("sink failure logged %d times", n)
	}
	if n := logs.count("written to the spool again"); n != 1 {
		t.Errorf("sink recovery logged %d times", n)
	}
	if ps := got.of("a-dev"); len(ps) != 5 || ps[1].Err == nil || ps[3].Err != nil || ps[0].Registers != 4 {
		t.Errorf("polls %+v", ps)
	}
	if !f.closed.Load() {
		t.Error("PollNow left the bus open")
	}
	if err := c.PollNow(context.Background(), "nobody"); err == nil {
		t.Error("polled a device that does not exist")
	}
}

func TestNewChecks(t *testing.T) {
	t.Parallel()
	good := func() Config {
		return Config{Buses: []Bus{fakeBus("a", &fakeClient{}, time.Second)}, Sink: (&sink{}).write}
	}
	if _, err := New(good()); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*Config){
		"no sink":          func(c *Config) { c.Sink = nil },
		"json without seq": func(c *Config) { c.Format = FormatJSON },
		"titan seq":        func(c *Config) { c.Seq = true },
		"format":           func(c *Config) { c.Format = 7 },
		"bus twice":        func(c *Config) { c.Buses = append(c.Buses, c.Buses[0]) },
		"device twice": func(c *Config) {
			b := fakeBus("b", &fakeClient{}, time.Second)
			b.Devices[0].Name = "a-dev"
			c.Buses = append(c.Buses, b)
		},
		"no open":              func(c *Config) { c.Buses[0].Open = nil },
		"no devices":           func(c *Config) { c.Buses[0].Devices = nil },
		"serial without baud":  func(c *Config) { c.Buses[0].TCP = false },
		"serial unit 0":        func(c *Config) { c.Buses[0].TCP, c.Buses[0].Baud, c.Buses[0].Devices[0].Unit = false, 9600, 0 },
		"no interval":          func(c *Config) { c.Buses[0].Devices[0].Interval = 0 },
		"no blocks":            func(c *Config) { c.Buses[0].Devices[0].Blocks = nil },
		"empty block":          func(c *Config) { c.Buses[0].Devices[0].Blocks = []modbus.Range{{Start: 1}} },
		"block past 65535":     func(c *Config) { c.Buses[0].Devices[0].Blocks = []modbus.Range{{Start: 65535, Count: 2}} },
		"blocks and registers": func(c *Config) { c.Buses[0].Devices[0].Registers = []Register{{Name: "x"}} },
		"bit 16": func(c *Config) {
			c.Buses[0].Devices[0].Blocks, c.Buses[0].Devices[0].Registers = nil, []Register{{Name: "x", Type: modbus.Bool, Bit: 16}}
		},
		"type": func(c *Config) {
			c.Buses[0].Devices[0].Blocks, c.Buses[0].Devices[0].Registers = nil, []Register{{Name: "x", Type: 99}}
		},
		"register twice": func(c *Config) {
			c.Buses[0].Devices[0].Blocks, c.Buses[0].Devices[0].Registers = nil, []Register{{Name: "x"}, {Name: "x"}}
		},
		"float64 past 65535": func(c *Config) {
			c.Buses[0].Devices[0].Blocks, c.Buses[0].Devices[0].Registers = nil, []Register{{Name: "x", Address: 65533, Type: modbus.Float64}}
		},
		"max registers": func(c *Config) { c.Buses[0].MaxRegisters = 200 },
	} {
		cfg := good()
		change(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for _, f := range []Format{FormatTitan, FormatTitanJSON, FormatJSON} {
		if g, err := ParseFormat(f.String()); err != nil || g != f {
			t.Errorf("%v: %v %v", f, g, err)
		}
	}
	if _, err := ParseFormat("csv"); err == nil {
		t.Error("csv parsed")
	}
}

func FuzzParseFormat(f *testing.F) {
	for _, s := range []string{"titan", "titan-json", "json", "", "TITAN", "Format(3)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseFormat(s)
		if err == nil && g.String() != s {
			t.Errorf("%q parsed as %v", s, g)
		}
	})
}

func TestInputRegisters(t *testing.T) {
	t.Parallel()
	s := simulator(t, plc.AN32Map())
	addr, err := s.ListenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	out := &sink{}
	c, err := New(Config{Buses: []Bus{{Name: "lan", Open: TCPOpener(addr.String()), TCP: true, Devices: []Device{
		{Name: "AI", Unit: 1, Function: Input, Interval: time.Minute, Blocks: []modbus.Range{{Start: 0, Count: 4}}},
	}}}, Sink: out.write})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PollNow(context.Background(), "AI"); err != nil {
		t.Fatal(err)
	}
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Function != modbus.FuncReadInputRegisters || reqs[0].Count != 4 {
		t.Errorf("requests %+v", reqs)
	}
	if recs := out.records(); len(recs) != 1 || !strings.Contains(recs[0], ",ST:0,N:4,V:[") {
		t.Errorf("records %q", recs)
	}
}
