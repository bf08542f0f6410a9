package gateway

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/record"
)

// The modem's port does not exist at start: the PLCs are read all the same,
// and the modem comes online once its port appears.
func TestModemMissingAtStart(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI, lateModem: true})
	r.start()
	imei := r.imei()
	r.waitMessages(20*time.Second, "records without a modem, and the port-missing event", func(ms []message) bool {
		_, missing := findEvent(t, ms, imei, "modem", "port-missing", "")
		return completeSlots(titans(t, ms, imei)) >= 2 && missing
	})
	if s := r.status(); s.ModemUp || s.Modem == nil || s.Modem.State == "online" {
		t.Fatalf("status without a modem port: %+v", s)
	}

	r.startModem()
	r.eventually(30*time.Second, "the modem online", r.modemOnline)
	ms := r.waitMessages(10*time.Second, "bearer-up", func(ms []message) bool {
		_, up := findEvent(t, ms, imei, "modem", "bearer-up", "")
		return up
	})
	if s := r.status(); !s.ModemUp || s.Modem.IMEI != imei {
		t.Errorf("status: %+v", s)
	}
	if n, span := incompleteSlots(titans(t, ms, imei)); n > r.missedSlots() {
		t.Errorf("%d of %d polling slots lack a device, %d skipped", n, span, r.missedSlots())
	}
	checkAN32(t, ms, imei, "12345678")
}

// The RTU bus's port does not exist at start: PLC2 on Modbus TCP is read
// all the same, and PLC1 once the port appears.
func TestPLCMissingAtStart(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI, lateRTU: true})
	r.start()
	imei := r.imei()
	r.waitMessages(20*time.Second, "PLC2's records", func(ms []message) bool {
		return countDevice(t, ms, imei, 2) >= 3
	})
	if n := countDevice(t, r.messages(), imei, 1); n != 0 {
		t.Fatalf("%d records of PLC1 without its bus", n)
	}
	if d := r.status().Devices["PLC1"]; d.BusOpen || d.Records != 0 {
		t.Errorf("PLC1 without its bus: %+v", d)
	}

	r.startRTU()
	appeared := time.Now()
	ms := r.waitMessages(30*time.Second, "PLC1's records", func(ms []message) bool {
		return countDevice(t, ms, imei, 1) >= 3
	})
	checkAN32(t, ms, imei, "12345678")
	// PLC2 went on meanwhile: a record of it in every second.
	var plc2 []int64
	for _, tr := range titans(t, ms, imei) {
		if tr.ID == 2 {
			plc2 = append(plc2, tr.TS.Unix())
		}
	}
	slices.Sort(plc2)
	for i := 1; i < len(plc2); i++ {
		if plc2[i]-plc2[i-1] > 2 {
			t.Errorf("PLC2 records stopped from %v to %v", time.Unix(plc2[i-1], 0), time.Unix(plc2[i], 0))
		}
	}
	if d := r.status().Devices["PLC1"]; !d.BusOpen || d.Records < 3 {
		t.Errorf("PLC1 after its bus appeared (%v ago): %+v", time.Since(appeared), d)
	}
}

// seqs gives the sequence numbers of every record of the gateway: the
// Titan records' SEQ and the JSON records' seq.
func seqs(t *testing.T, ms []message, imei string) map[uint64]string {
	t.Helper()
	out := map[uint64]string{}
	for _, tr := range titans(t, ms, imei) {
		if !tr.HasSeq {
			t.Fatalf("Titan record without SEQ: %+v", tr)
		}
		out[tr.Seq] = fmt.Sprintf("PLC%d %s", tr.ID, tr.TS.Format(time.TimeOnly))
	}
	for _, topic := range []string{imei + "/events", imei + "/status/modem"} {
		for _, rec := range jsonRecords(t, ms, topic) {
			out[rec.Seq] = rec.Type + " " + value(rec, "kind")
		}
	}
	return out
}

// The broker goes away: the application watchdog restarts the uplink, and
// once a broker is back at the address every record made meanwhile
// arrives, events included.
func TestBrokerOutage(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI, seq: true, extra: `watchdog:
  network: {enabled: false}
  application: {interval: 1s, stall: 2s, backoff: 2s}
`})
	r.start()
	imei := r.imei()
	r.waitMessages(20*time.Second, "records", func(ms []message) bool {
		return completeSlots(titans(t, ms, imei)) >= 2
	})
	// Stop it while nothing is on its way.
	r.eventually(10*time.Second, "an empty spool", func() bool {
		s := r.status()
		return s.Outputs[0].Connected && s.Outputs[0].Spool.Records == 0
	})
	r.stopBroker()
	down := time.Now()
	r.eventually(20*time.Second, "the application watchdog restarting the uplink", func() bool {
		w := r.status().Watchdog["application"]
		return w.Actions["restart-uplink"] >= 1
	})
	if d := time.Since(down); d < 5*time.Second {
		time.Sleep(5*time.Second - d) // the point: an outage of at least 5 s
	}
	if s := r.status(); s.Outputs[0].Connected || s.Outputs[0].Spool.Records < 4 {
		t.Fatalf("without a broker: %+v", s.Outputs[0])
	}
	r.startBroker()
	up := time.Now()

	ms := r.waitMessages(30*time.Second, "the watchdog's events and the records of the outage", func(ms []message) bool {
		_, failed := findEvent(t, ms, imei, "watchdog", "application-failed", "disconnected")
		_, action := findEvent(t, ms, imei, "watchdog", "application-action", "restart-uplink")
		_, recovered := findEvent(t, ms, imei, "watchdog", "application-recovered", "")
		return failed && action && recovered
	})
	r.eventually(20*time.Second, "the backlog delivered", func() bool {
		s := r.status()
		return s.Outputs[0].Connected && s.Outputs[0].Spool.Records == 0
	})
	ms = r.messages()

	// Every sequence number from 1 to the last arrived.
	got := seqs(t, ms, imei)
	var last uint64
	for n := range got {
		last = max(last, n)
	}
	var missing []uint64
	for n := uint64(1); n <= last; n++ {
		if _, ok := got[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		t.Errorf("sequence numbers missing: %v of 1..%d\nevents:\n%s", missing, last, eventList(t, ms, imei))
	}
	// Both PLCs were read every second of the outage.
	var during []record.Titan
	for _, tr := range titans(t, ms, imei) {
		if tr.TS.After(down) && tr.TS.Before(up.Add(-time.Second)) {
			during = append(during, tr)
		}
	}
	if n, span := incompleteSlots(during); span < 3 || n > r.missedSlots() {
		t.Errorf("records of the outage: %d of %d slots incomplete (%d records)", n, span, len(during))
	}
	if w := r.status().Watchdog["application"]; !w.Healthy {
		t.Errorf("application layer: %+v", w)
	}
}

// The modem stops answering: the modem watchdog reopens the port, resets
// the module and power cycles it (a hook the simulator answers), and the
// modem comes back online.
func TestModemFreeze(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	flag := filepath.Join(r.dir, "power-cycled")
	r.opts.extra = fmt.Sprintf(`watchdog:
  modem: {interval: 1s, timeout: 1s, failures: 2, backoff: 1s, power_cycle: "touch %s"}
  network: {enabled: false}
`, flag)
	r.writeConfig(r.opts)
	r.start()
	imei := r.imei()
	r.eventually(20*time.Second, "the modem online", r.modemOnline)
	r.waitMessages(10*time.Second, "bearer-up", func(ms []message) bool {
		_, up := findEvent(t, ms, imei, "modem", "bearer-up", "")
		return up
	})

	// The power supply of the module: the hook's file switches it off and
	// on again.
	cycles := make(chan struct{}, 16)
	done, stopped := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(done); <-stopped })
	go func() {
		defer close(stopped)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			if err := os.Remove(flag); err == nil {
				r.modem.Freeze(false)
				r.modem.Reset()
				select {
				case cycles <- struct{}{}:
				default:
				}
			}
		}
	}()
	frozen := time.Now()
	r.modem.Freeze(true)

	ms := r.waitMessages(40*time.Second, "the modem watchdog's ladder and recovery", func(ms []message) bool {
		_, ok := findEvent(t, ms, imei, "watchdog", "modem-recovered", "")
		return ok
	})
	if len(cycles) == 0 {
		t.Error("the power cycle hook did not run")
	}
	var order []string
	evs := jsonRecords(t, ms, imei+"/events")
	slices.SortFunc(evs, func(a, b record.Record) int { return int(a.Seq) - int(b.Seq) })
	for _, e := range evs {
		if e.Source != "watchdog" {
			continue
		}
		kind, detail := value(e, "kind"), value(e, "detail")
		if kind == "modem-action" {
			action, _, _ := strings.Cut(detail, " ")
			kind += " " + action
		}
		order = append(order, kind)
	}
	want := []string{"modem-failed", "modem-action reopen", "modem-action reset", "modem-action power-cycle", "modem-recovered"}
	var got []string
	for _, k := range order {
		if slices.Contains(want, k) && !slices.Contains(got, k) {
			got = append(got, k)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("watchdog events %v, want %v in that order\n%s", order, want, eventList(t, ms, imei))
	}
	r.eventually(30*time.Second, "the modem online again", r.modemOnline)
	ms = r.waitMessages(10*time.Second, "bearer-up after the freeze", func(ms []message) bool {
		for _, e := range jsonRecords(t, ms, imei+"/events") {
			if e.Source == "modem" && value(e, "kind") == "bearer-up" && e.TS.After(frozen) {
				return true
			}
		}
		return false
	})
	if w := r.status().Watchdog["modem"]; !w.Healthy || w.Actions["power-cycle"] == 0 {
		t.Errorf("modem layer: %+v", w)
	}
	// Every failed step is counted, and the wait before the next is shown.
	text := r.get("/metrics")
	if v := metricValue(t, text, `cellgate_watchdog_action_errors_total{layer="modem"}`); v < 1 {
		t.Errorf("modem action errors %v; the reset of a frozen module fails", v)
	}
	if !strings.Contains(text, `cellgate_watchdog_backoff_seconds{layer="modem"}`) {
		t.Error("no cellgate_watchdog_backoff_seconds for the modem layer")
	}
	if n := countDevice(t, ms, imei, 1); n < 5 {
		t.Errorf("%d records of PLC1", n)
	}
}
