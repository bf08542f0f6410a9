package gateway

import (
	"crypto/tls"
	"slices"
	"strings"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/spool"
)

// slots groups Titan records by their timestamp: the device IDs read in
// each polling slot.
func slots(ts []record.Titan) (bySlot map[int64][]int, order []int64) {
	bySlot = map[int64][]int{}
	for _, tr := range ts {
		k := tr.TS.Unix()
		if _, ok := bySlot[k]; !ok {
			order = append(order, k)
		}
		if !slices.Contains(bySlot[k], tr.ID) {
			bySlot[k] = append(bySlot[k], tr.ID)
		}
	}
	slices.Sort(order)
	return bySlot, order
}

// incompleteSlots counts the seconds from the first slot with both
// devices' records to the newest slot (which may be under way) that lack a
// device's record.
func incompleteSlots(ts []record.Titan) (n, span int) {
	bySlot, order := slots(ts)
	i := slices.IndexFunc(order, func(s int64) bool { return len(bySlot[s]) == 2 })
	if i < 0 {
		return 0, 0
	}
	first, last := order[i], order[len(order)-1]
	for s := first; s < last; s++ {
		if len(bySlot[s]) != 2 {
			n++
		}
	}
	return n, int(last - first)
}

func completeSlots(ts []record.Titan) int {
	bySlot, _ := slots(ts)
	n := 0
	for _, ids := range bySlot {
		if len(ids) == 2 {
			n++
		}
	}
	return n
}

// checkAN32 checks the fields of the AN32 devices' records (P unless
// empty).
func checkAN32(t *testing.T, ms []message, imei, p string) {
	t.Helper()
	for _, m := range ms {
		if m.Topic != imei+"/logger" {
			continue
		}
		tr, err := record.ParseTitan(m.Payload)
		if err != nil {
			t.Fatalf("%q: %v", m.Payload, err)
		}
		if tr.Type != "MODB" || tr.IMEI != imei || p != "" && tr.P != p || tr.A != tr.ID {
			t.Errorf("record fields: %s", m.Payload)
		}
		switch tr.ID {
		case 1:
			if want := ",STX:" + plc1STX + ",NX:" + plc1NX + ",PX:" + plc1PX + ",V:["; !strings.Contains(m.Payload, want) {
				t.Errorf("PLC1 record lacks %s: %s", want, m.Payload)
			}
			if len(tr.V) != 47 || tr.V[0] != 1 {
				t.Errorf("PLC1 values: %s", m.Payload)
			}
		case 2:
			if !strings.Contains(m.Payload, ",A:2,ST:10,N:5,V:[") || len(tr.V) != 5 || tr.V[2] != 12 {
				t.Errorf("PLC2 record: %s", m.Payload)
			}
		default:
			t.Errorf("record of an unknown device: %s", m.Payload)
		}
	}
}

// observer connects to the broker as the server side would, with its own
// client certificate.
func (r *rig) observer(filters ...string) (paho.Client, chan paho.Message) {
	r.t.Helper()
	pair, err := r.ca.Operator("cellgate-server")
	if err != nil {
		r.t.Fatal(err)
	}
	cert, err := pair.TLSCertificate()
	if err != nil {
		r.t.Fatal(err)
	}
	msgs := make(chan paho.Message, 1024)
	opts := paho.NewClientOptions().AddBroker("ssl://" + r.brokerAddr).SetClientID("cellgate-server").
		SetTLSConfig(&tls.Config{RootCAs: r.ca.Pool(), Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}).
		SetOrderMatters(true).SetAutoReconnect(false)
	c := paho.NewClient(opts)
	if tok := c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		r.t.Fatalf("observer connect: %v", tok.Error())
	}
	r.t.Cleanup(func() { c.Disconnect(100) })
	subs := map[string]byte{}
	for _, f := range filters {
		subs[f] = 1
	}
	tok := c.SubscribeMultiple(subs, func(_ paho.Client, m paho.Message) {
		select {
		case msgs <- m:
		default:
		}
	})
	if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		r.t.Fatalf("observer subscribe: %v", tok.Error())
	}
	return c, msgs
}

// The AN32 job end to end: both PLCs' records every cycle, the modem's
// status and events, remote AT, and the metrics and status API.
func TestAN32EndToEnd(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{})
	obs, seen := r.observer("+/logger", "+/ATR")
	r.start()
	imei := simIMEI

	ms := r.waitMessages(30*time.Second, "three complete polling cycles, the modem's status and bearer-up", func(ms []message) bool {
		_, up := findEvent(t, ms, imei, "modem", "bearer-up", "")
		return completeSlots(titans(t, ms, imei)) >= 3 && up && len(jsonRecords(t, ms, imei+"/status/modem")) > 0
	})
	checkAN32(t, ms, imei, "12345678")
	if n, span := incompleteSlots(titans(t, ms, imei)); n > r.missedSlots() {
		t.Errorf("%d of %d polling slots lack a device, %d skipped", n, span, r.missedSlots())
	}

	st := jsonRecords(t, ms, imei+"/status/modem")[0]
	if st.Type != "status" || st.Source != "modem" || st.Device != imei || st.Seq == 0 || value(st, "state") != "online" || value(st, "bearer") != "true" {
		t.Errorf("modem status record: %+v", st)
	}
	ev, _ := findEvent(t, ms, imei, "modem", "bearer-up", "")
	if ev.Type != "event" || ev.Device != imei || ev.Seq == 0 {
		t.Errorf("bearer-up event: %+v", ev)
	}
	if _, ok := findEvent(t, ms, imei, "gateway", "started", "cellgate test"); !ok {
		t.Errorf("no started event:\n%s", eventList(t, ms, imei))
	}
	var online bool
	for _, m := range ms {
		online = online || m.Topic == imei+"/status" && m.Payload == "online" && m.Retained
	}
	if !online {
		t.Error("no retained online status")
	}

	// The server side sees the records too, and asks for the signal.
	if tok := obs.Publish(imei+"/AT", 1, false, "AT+CSQ"); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("publish AT: %v", tok.Error())
	}
	var logger int
	deadline := time.After(20 * time.Second)
	for reply := ""; reply == ""; {
		select {
		case m := <-seen:
			switch m.Topic() {
			case imei + "/logger":
				logger++
			case imei + "/ATR":
				reply = string(m.Payload())
				if !strings.Contains(reply, "+CSQ:") {
					t.Errorf("ATR: %q", reply)
				}
			}
		case <-deadline:
			t.Fatal("no answer on ATR")
		}
	}
	if logger == 0 {
		t.Error("the observer got no logger record")
	}
	r.waitMessages(10*time.Second, "the remote AT audit event", func(ms []message) bool {
		_, ok := findEvent(t, ms, imei, "remote-at", "command", "AT+CSQ")
		return ok
	})

	// Metrics.
	text := r.get("/metrics")
	parser := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("metrics do not parse: %v\n%s", err, text)
	}
	for _, want := range []string{
		"cellgate_modem_signal_bars ", `cellgate_spool_records{output="mqtt"} `,
		`cellgate_modbus_polls_total{device="PLC1",result="ok"} `, "cellgate_mqtt_connected 1",
		"cellgate_uplink_delivery_seconds_bucket{", "process_resident_memory_bytes ",
		`cellgate_spool_write_failures_total{output="mqtt"} 0`, `cellgate_spool_failed{output="mqtt"} 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	metric := func(name string, labels ...string) *dto.Metric {
		f := fams[name]
		if f == nil {
			t.Errorf("no metric %s", name)
			return &dto.Metric{}
		}
	next:
		for _, m := range f.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				if !slices.ContainsFunc(m.GetLabel(), func(l *dto.LabelPair) bool {
					return l.GetName() == labels[i] && l.GetValue() == labels[i+1]
				}) {
					continue next
				}
			}
			return m
		}
		t.Errorf("no metric %s%v", name, labels)
		return &dto.Metric{}
	}
	if v := metric("cellgate_modem_signal_bars").GetGauge().GetValue(); v < 1 || v > 5 {
		t.Errorf("signal bars %v", v)
	}
	if v := metric("cellgate_modbus_polls_total", "device", "PLC1", "result", "ok").GetCounter().GetValue(); v < 3 {
		t.Errorf("PLC1 polls %v", v)
	}
	if v := metric("cellgate_modbus_polls_total", "device", "PLC2", "result", "ok").GetCounter().GetValue(); v < 3 {
		t.Errorf("PLC2 polls %v", v)
	}
	if v := metric("cellgate_mqtt_connected").GetGauge().GetValue(); v != 1 {
		t.Errorf("mqtt connected %v", v)
	}
	if n := metric("cellgate_uplink_delivery_seconds", "output", "mqtt").GetHistogram().GetSampleCount(); n < 6 {
		t.Errorf("delivery latency observed %d times", n)
	}
	if v := metric("process_resident_memory_bytes").GetGauge().GetValue(); v < 1<<20 {
		t.Errorf("resident memory %v", v)
	}
	metric("cellgate_spool_records", "output", "mqtt")

	// Status.
	s := r.status()
	if s.IMEI != imei || s.Version != "test" || s.Modem == nil || s.Modem.State != "online" || !s.ModemUp || s.Modem.IMEI != imei {
		t.Errorf("status: %+v", s)
	}
	for _, d := range []string{"PLC1", "PLC2"} {
		if ds, ok := s.Devices[d]; !ok || ds.Polls == 0 || ds.Records == 0 || ds.Failing {
			t.Errorf("status of %s: %+v", d, ds)
		}
	}
	if len(s.Outputs) != 1 || s.Outputs[0].Name != "mqtt" || !s.Outputs[0].Connected || s.Outputs[0].MQTT == nil || s.Outputs[0].Spool.Acked == 0 {
		t.Errorf("outputs: %+v", s.Outputs)
	}
}

// A reload with another records.p: the records after it carry the new P,
// and the records stored before it and not yet delivered are delivered
// after it.
func TestReload(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI, p: "OLD"})
	r.start()
	imei := r.imei()
	r.waitMessages(20*time.Second, "records with the old P", func(ms []message) bool {
		return completeSlots(titans(t, ms, imei)) >= 1
	})

	// Without the broker the records of a few cycles wait in the spool.
	r.stopBroker()
	down := time.Now()
	r.eventually(10*time.Second, "records waiting in the spool", func() bool {
		s := r.status()
		return len(s.Outputs) == 1 && !s.Outputs[0].Connected && time.Since(down) > 3*time.Second
	})
	before := r.g.cur.Load()
	opts := r.opts
	opts.p = "NEW"
	r.writeConfig(opts)
	r.g.Reload(r.loadConfig())
	r.eventually(10*time.Second, "the new configuration running", func() bool {
		p := r.g.cur.Load()
		return p != before && p.rec.IMEI() != "" && r.g.config().Records.P == "NEW"
	})
	if s := r.status(); s.Outputs[0].Spool.Records == 0 {
		t.Fatalf("the spool lost its records in the reload: %+v", s.Outputs[0].Spool)
	}
	r.startBroker()

	ms := r.waitMessages(30*time.Second, "records with the new P", func(ms []message) bool {
		n := 0
		for _, tr := range titans(t, ms, imei) {
			if tr.P == "NEW" {
				n++
			}
		}
		return n >= 4
	})
	// The records read before the reload carry the old P, those after it
	// the new one.
	ts := titans(t, ms, imei)
	old, lastOld, firstNew := 0, int64(0), int64(1<<62)
	for _, tr := range ts {
		switch tr.P {
		case "OLD":
			old++
			lastOld = max(lastOld, tr.TS.Unix())
		case "NEW":
			firstNew = min(firstNew, tr.TS.Unix())
		default:
			t.Errorf("P %q", tr.P)
		}
	}
	if lastOld >= firstNew {
		t.Errorf("records with the old P read until %v, with the new one from %v", time.Unix(lastOld, 0), time.Unix(firstNew, 0))
	}
	// Both devices in every second from the first slot to the last, under
	// either P: nothing stored before the reload was lost. The restart may
	// cost a slot, a poll that overran one on a loaded machine another.
	if n, span := incompleteSlots(ts); n > 1+r.missedSlots() {
		t.Errorf("%d of %d polling slots lack a device", n, span)
	}
	if old < 6 {
		t.Errorf("only %d records with the old P arrived", old)
	}
	checkAN32(t, ms, imei, "")
	if s := r.status(); s.Outputs[0].Spool.Recovered == 0 {
		t.Errorf("the new parts recovered nothing from the spool: %+v", s.Outputs[0].Spool)
	}
}

// holdHook makes the broker slow to acknowledge logger records, and says
// when it holds one.
type holdHook struct {
	mqtt.HookBase
	hold time.Duration
	held chan string
}

func (h *holdHook) ID() string           { return "hold" }
func (h *holdHook) Provides(b byte) bool { return b == mqtt.OnPublish }

func (h *holdHook) OnPublish(_ *mqtt.Client, pk packets.Packet) (packets.Packet, error) {
	if strings.HasSuffix(pk.TopicName, "/logger") {
		select {
		case h.held <- string(pk.Payload):
		default:
		}
		time.Sleep(h.hold) // the point: a broker slow to accept records
	}
	return pk, nil
}

// Shutdown delivers what waits, publishes the offline status and leaves
// nothing in the spool.
func TestShutdownFlush(t *testing.T) {
	t.Parallel()
	r := newRig(t, rigOptions{imei: simIMEI})
	r.start()
	imei := r.imei()
	r.waitMessages(20*time.Second, "records", func(ms []message) bool {
		return completeSlots(titans(t, ms, imei)) >= 2
	})
	// Stop while the broker has a record and has not acknowledged it yet.
	hook := &holdHook{hold: 500 * time.Millisecond, held: make(chan string, 1)}
	if err := r.currentBroker().Server().AddHook(hook, nil); err != nil {
		t.Fatal(err)
	}
	var held string
	select {
	case held = <-hook.held:
	case <-time.After(10 * time.Second):
		t.Fatal("no record published")
	}
	took, err := r.stop(20 * time.Second)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if took > 2*time.Second+3*time.Second {
		t.Errorf("Run took %v to return", took)
	}
	ms := r.messages()
	if last := ms[len(ms)-1]; last.Topic != imei+"/status" || last.Payload != "offline" || !last.Retained {
		t.Errorf("the last message is %+v, not the retained offline status", last)
	}
	if !slices.ContainsFunc(ms, func(m message) bool { return m.Payload == held }) {
		t.Errorf("the record held at the shutdown did not arrive: %s", held)
	}
	retained := r.currentBroker().Server().Topics.Messages(imei + "/status")
	if len(retained) != 1 || string(retained[0].Payload) != "offline" {
		t.Errorf("retained status: %v", retained)
	}
	cfg := r.loadConfig()
	sp, err := spool.Open(spoolDir(cfg, "mqtt"), spool.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	if st := sp.Stats(); st.Records != 0 || st.Recovered != 0 {
		t.Errorf("the spool holds %d records after the shutdown", st.Records)
	}
	recs, err := sp.Read(0, 10)
	if err != nil || len(recs) != 0 {
		t.Errorf("spool read: %d records, %v", len(recs), err)
	}
	for _, rec := range recs {
		t.Errorf("left in the spool: %q", rec.Data)
	}
}
