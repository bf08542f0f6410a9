package collect

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/serial"
	"github.com/cellgate/cellgate/internal/simulator/plc"
	"github.com/cellgate/cellgate/internal/testkit"
)

// The Titan AN32 application note: PLC1 read as eleven blocks over RTU at
// 9600 8N1, PLC2 registers 10 to 14 (here over TCP), every 10 minutes.

const an32IMEI = "357044060009633"

// an32Blocks is device's blocks in the Titan AN32 example.
func an32Blocks(t testing.TB, device string) []modbus.Range {
	t.Helper()
	blocks, err := modbus.ParseTitanBlocks(testkit.AN32Blocks(t, device))
	if err != nil {
		t.Fatal(err)
	}
	return blocks
}

// an32Sim serves the AN32 map, its values frozen at the map's start, on a
// pty (RTU) and on TCP.
func an32Sim(t *testing.T) (*plc.Server, string) {
	t.Helper()
	m := plc.AN32Map()
	frozen := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	m.SetClock(func() time.Time { return frozen })
	s := simulator(t, m)
	if err := s.StartRTU(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	addr, err := s.ListenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return s, addr.String()
}

// an32Config is the application note's configuration.
func an32Config(t *testing.T, s *plc.Server, tcp string, f Format, now func() time.Time, out *sink) Config {
	t.Helper()
	blocks := an32Blocks(t, "PLC1")
	log, _ := testLogger(t)
	return Config{
		Buses: []Bus{
			{
				Name: "com1", Open: RTUOpener(s.TTY(), serial.Config{Baud: 9600}), Baud: 9600, CharBits: 10,
				Timeout: 500 * time.Millisecond, Retries: 1,
				Devices: []Device{{Name: "PLC1", ID: 1, Unit: 1, Interval: 10 * time.Minute, Blocks: blocks}},
			},
			{
				Name: "lan", Open: TCPOpener(tcp), TCP: true,
				Devices: []Device{{Name: "PLC2", ID: 2, Unit: 2, Interval: 10 * time.Minute, Blocks: an32Blocks(t, "PLC2")}},
			},
		},
		Format: f, P: "12345678", IMEI: func() string { return an32IMEI },
		Sequencer: sequencer(t), Sink: out.write, Now: now, Logger: log,
	}
}

// serverValues gives a unit's holding registers in blocks, as V lists them.
func serverValues(t *testing.T, s *plc.Server, unit byte, blocks []modbus.Range) []string {
	t.Helper()
	var v []string
	for _, b := range blocks {
		regs, err := s.Map().Read(unit, plc.HoldingRegisters, b.Start, int(b.Count))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range regs {
			v = append(v, fmt.Sprint(r))
		}
	}
	return v
}

func TestAN32TitanRecords(t *testing.T) {
	t.Parallel()
	s, tcp := an32Sim(t)
	var clock atomic.Pointer[time.Time]
	setClock := func(tm time.Time) { clock.Store(&tm) }
	out := &sink{}
	c, err := New(an32Config(t, s, tcp, FormatTitan, func() time.Time { return *clock.Load() }, out))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	setClock(time.Date(2017, 6, 17, 17, 1, 4, 0, time.UTC))
	if err := c.PollNow(ctx, "PLC1"); err != nil {
		t.Fatal(err)
	}
	setClock(time.Date(2017, 6, 17, 17, 1, 5, 0, time.UTC))
	if err := c.PollNow(ctx, "PLC2"); err != nil {
		t.Fatal(err)
	}
	recs := out.records()
	if len(recs) != 2 {
		t.Fatalf("records %q", recs)
	}

	blocks := an32Blocks(t, "PLC1")
	v1 := serverValues(t, s, 1, blocks)
	if len(v1) != 47 {
		t.Fatalf("%d values in PLC1's blocks", len(v1))
	}
	want1 := "{TYPE:MODB,ID:1,TS:17/06/2017 17:01:04,IMEI:357044060009633,P:12345678,A:1," +
		"STX:[1,10,55,69,72,100,120,130,152,160,170],NX:[1,3,2,2,9,10,5,4,3,7,1]," +
		"PX:[0,1,4,6,8,17,27,32,36,39,46],V:[" + strings.Join(v1, ",") + "]}"
	if recs[0] != want1 {
		t.Errorf("PLC1:\n got %s\nwant %s", recs[0], want1)
	}
	v2 := serverValues(t, s, 2, []modbus.Range{{Start: 10, Count: 5}})
	want2 := "{TYPE:MODB,ID:2,TS:17/06/2017 17:01:05,IMEI:357044060009633,P:12345678,A:2,ST:10,N:5,V:[" + strings.Join(v2, ",") + "]}"
	if recs[1] != want2 {
		t.Errorf("PLC2:\n got %s\nwant %s", recs[1], want2)
	}
	// PLC2's batch counter starts at 10 and its mode is 12, as in the
	// application note's example.
	if v2[0] != "10" || v2[2] != "12" {
		t.Errorf("PLC2 values %v", v2)
	}
	for _, r := range recs {
		if _, err := record.ParseTitan(r); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}

	// The first poll learnt PLC1's gaps; the next one reads each block with
	// one request and is refused nothing.
	s.ResetRequests()
	if err := c.PollNow(ctx, "PLC1"); err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	for _, r := range reqs {
		if r.Exception != 0 {
			t.Errorf("request %+v refused", r)
		}
	}
	if len(reqs) != len(blocks) {
		t.Errorf("%d requests for %d blocks", len(reqs), len(blocks))
	}
	st := c.Stats()["PLC1"]
	if st.Polls != 2 || st.Records != 2 || st.Errors != 0 || st.Exceptions == 0 || st.Bus != "com1" {
		t.Errorf("PLC1 stats %+v", st)
	}
	t.Logf("%s\n%s", recs[0], recs[1])
	t.Logf("PLC1: %d exceptions while learning its gaps, then %d requests a poll", st.Exceptions, len(reqs))
}

func TestAN32OtherFormats(t *testing.T) {
	t.Parallel()
	s, tcp := an32Sim(t)
	ts := time.Date(2017, 6, 17, 17, 1, 4, 0, time.UTC)
	now := func() time.Time { return ts }
	ctx := context.Background()

	titan := &sink{}
	c, err := New(an32Config(t, s, tcp, FormatTitan, now, titan))
	if err != nil {
		t.Fatal(err)
	}
	tj := &sink{}
	cj, err := New(an32Config(t, s, tcp, FormatTitanJSON, now, tj))
	if err != nil {
		t.Fatal(err)
	}
	js := &sink{}
	cfg := an32Config(t, s, tcp, FormatJSON, now, js)
	cfg.Location = time.FixedZone("CEST", 2*3600)
	cjs, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, dev := range []string{"PLC1", "PLC2", "PLC1"} {
		for _, c := range []*Collector{c, cj, cjs} {
			if err := c.PollNow(ctx, dev); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, line := range titan.records() {
		want, err := record.ParseTitan(line)
		if err != nil {
			t.Fatal(err)
		}
		got, err := record.ParseTitanJSON(tj.records()[i])
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("titan-json %+v\n  titan %+v", got, want)
		}
	}

	blocks := an32Blocks(t, "PLC1")
	recs := js.records()
	for i, raw := range recs {
		var r record.Record
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
		if r.Device != an32IMEI || r.Seq != uint64(i+1) || !r.TS.Equal(ts) || r.Type != "modbus" {
			t.Errorf("record %d: %+v", i, r)
		}
		if !strings.Contains(raw, `"ts":"2017-06-17T17:01:04Z"`) {
			t.Errorf("timestamp not in UTC: %s", raw)
		}
		if r.Source == "PLC1" {
			if len(r.Values) != len(blocks) {
				t.Fatalf("%d values", len(r.Values))
			}
			for k, b := range blocks {
				v := r.Values[k]
				if v.Name != fmt.Sprint(b.Start) || len(v.Raw) != int(b.Count) {
					t.Errorf("value %+v for block %v", v, b)
				}
			}
		}
	}
	if len(recs) != 3 || !strings.Contains(recs[1], `"source":"PLC2"`) {
		t.Errorf("records %q", recs)
	}
}
