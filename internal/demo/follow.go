package demo

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/cellgate/cellgate/internal/gateway"
	"github.com/cellgate/cellgate/internal/record"
)

// demoObserver is the server's side: an MQTT client with an operator
// certificate, allowed every topic, that sees what the gateway publishes.
type demoObserver struct {
	c    paho.Client
	msgs chan paho.Message
}

func (d *gatewayDemo) observe(ctx context.Context) (*demoObserver, error) {
	pair, err := d.ca.Operator("cellgate demo server")
	if err != nil {
		return nil, err
	}
	cert, err := pair.TLSCertificate()
	if err != nil {
		return nil, err
	}
	o := &demoObserver{msgs: make(chan paho.Message, 4096)}
	opts := paho.NewClientOptions().AddBroker(d.brokerURL).SetClientID("cellgate-demo-server").
		SetTLSConfig(&tls.Config{RootCAs: d.ca.Pool(), Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}).
		SetOrderMatters(true).SetAutoReconnect(true)
	o.c = paho.NewClient(opts)
	if tok := o.c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		return nil, fmt.Errorf("demo server connect: %v", tok.Error())
	}
	filters := map[string]byte{"+/logger": 1, "+/status/modem": 1, "+/events": 1, "+/ATR": 1, "+/status": 1}
	tok := o.c.SubscribeMultiple(filters, func(_ paho.Client, m paho.Message) {
		select {
		case o.msgs <- m:
		case <-ctx.Done():
		}
	})
	if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		o.close()
		return nil, fmt.Errorf("demo server subscribe: %v", tok.Error())
	}
	return o, nil
}

func (o *demoObserver) close() { o.c.Disconnect(250) }

// follow prints what arrives until ctx ends or, with --cycles, until the
// cycles are complete.
func (d *gatewayDemo) follow(ctx context.Context, g *gateway.Gateway, o *demoObserver, done <-chan error) error {
	var (
		tally                        cycleTally
		atSent, atReplied, statusRec bool
		deadline                     <-chan time.Time
		records                      int
	)
	if d.cycles > 0 {
		t := time.NewTimer(time.Duration(d.cycles+1)*d.interval + 2*time.Minute)
		defer t.Stop()
		deadline = t.C
	}
	for {
		select {
		case <-ctx.Done():
			d.say("stopping")
			return nil
		case err := <-done:
			return fmt.Errorf("the daemon stopped: %v", err)
		case <-deadline:
			return fmt.Errorf("%d of %d cycles complete, remote AT answered: %v, modem status recorded: %v", tally.complete(), d.cycles, atReplied, statusRec)
		case m := <-o.msgs:
			imei, topic, _ := strings.Cut(m.Topic(), "/")
			stamp := time.Now().Format("15:04:05")
			switch topic {
			case "logger":
				records++
				d.out.printf("%s %-12s %s\n", stamp, topic, m.Payload())
				t, err := record.ParseTitan(string(m.Payload()))
				if err != nil {
					d.out.printf("   (not a Titan record: %v)\n", err)
					continue
				}
				if tally.add(t.TS.Format(time.RFC3339), t.ID) {
					n := tally.complete()
					d.say("cycle %d complete: PLC1 %d registers, PLC2 read at %s", n, len(t.V), t.TS.Format("15:04:05"))
					if !atSent {
						atSent = true
						d.showStatus(g)
						d.say("remote AT: publishing AT+CSQ to %s/AT", imei)
						o.c.Publish(imei+"/AT", 1, false, "AT+CSQ")
					}
				}
			case "status/modem":
				statusRec = true
				d.out.printf("%s %-12s %s\n", stamp, topic, summarizeRecord(m.Payload()))
			case "events":
				d.out.printf("%s %-12s %s\n", stamp, topic, summarizeRecord(m.Payload()))
			case "ATR":
				atReplied = true
				d.out.printf("%s %-12s %s\n", stamp, topic, strings.ReplaceAll(strings.TrimSpace(string(m.Payload())), "\n", " | "))
			default:
				d.out.printf("%s %-12s %s\n", stamp, topic, m.Payload())
			}
		}
		if d.cycles > 0 && tally.complete() >= d.cycles && atReplied && statusRec {
			return d.finish(tally, records)
		}
	}
}

// finish checks that every record of the finished cycles arrived.
func (d *gatewayDemo) finish(tally cycleTally, records int) error {
	var missing []string
	for _, ts := range tally.order[:len(tally.order)-1] { // the newest may be under way
		if ids := tally.slots[ts]; len(ids) != 2 {
			missing = append(missing, fmt.Sprintf("%s has only PLC%d", ts, ids[0]))
		}
	}
	if len(missing) > 0 {
		return errors.New("records missing: " + strings.Join(missing, "; "))
	}
	d.say("%d cycles, %d records, every one arrived; remote AT answered; modem status recorded", tally.complete(), records)
	return nil
}

// showStatus prints the modem's status as the daemon sees it.
func (d *gatewayDemo) showStatus(g *gateway.Gateway) {
	s := g.Status()
	if s.Modem == nil {
		return
	}
	m := s.Modem
	d.say("modem: %s · %s %s · IMEI %s · ICCID %s · %s %s %s · %d/5 bars · data %v %s",
		m.State, m.Manufacturer, m.Model, m.IMEI, m.ICCID, m.Registration.State, m.Registration.Operator,
		m.Registration.RAT, m.Signal.Bars, m.Bearer.Up, m.Bearer.IP)
}

// summarizeRecord renders a JSON record as "source kind: detail" or
// "name=value ...".
func summarizeRecord(b []byte) string {
	var r record.Record
	if err := json.Unmarshal(b, &r); err != nil {
		return string(b)
	}
	parts := []string{fmt.Sprintf("seq %d %s/%s", r.Seq, r.Type, r.Source)}
	for _, v := range r.Values {
		if s, ok := v.Value.(string); ok && s == "" {
			continue
		}
		val := fmt.Sprint(v.Value)
		if v.Unit != "" {
			val += " " + v.Unit
		}
		parts = append(parts, v.Name+"="+val)
	}
	return strings.Join(parts, " ")
}
