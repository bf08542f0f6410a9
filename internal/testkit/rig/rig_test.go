package rig_test

import (
	"context"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"

	"github.com/cellgate/cellgate/internal/at"
	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/simulator/plc"
	"github.com/cellgate/cellgate/internal/testkit"
	"github.com/cellgate/cellgate/internal/testkit/rig"
)

const imei = "357299070082380"

func TestModemAnswersThroughTheEngine(t *testing.T) {
	t.Parallel()
	m := rig.StartModem(t, simmodem.Config{BootDelay: time.Millisecond}, at.Config{})
	r, err := m.Engine.Command(context.Background(), "AT+CSQ")
	if err != nil || len(r.Prefixed("+CSQ:")) != 1 {
		t.Fatalf("AT+CSQ: %+v %v", r, err)
	}
	if fi, err := os.Lstat(m.Link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link %s: %v", m.Link, err)
	}
	m.Sim.Freeze(true)
	m.Engine.Reopen("frozen")
	m.WaitEvent(t, at.EventUnavailable)
}

func TestPLCServesRTUAndTCP(t *testing.T) {
	t.Parallel()
	p := rig.StartPLC(t, nil, plc.Config{Baud: 9600})
	if _, err := os.Stat(p.Link); err != nil {
		t.Error(err)
	}
	c, err := net.DialTimeout("tcp", p.TCP, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// publish connects over TLS with the device's certificate and publishes
// one message to topic.
func publish(t *testing.T, k *rig.PKI, addr, topic string) {
	t.Helper()
	opts := paho.NewClientOptions().AddBroker("ssl://" + addr).SetClientID(imei).SetTLSConfig(k.ClientTLS(t)).
		SetAutoReconnect(false).SetConnectRetry(false).SetProtocolVersion(4)
	c := paho.NewClient(opts)
	if tok := c.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("connect to %s: %v", addr, tok.Error())
	}
	defer c.Disconnect(0)
	if tok := c.Publish(topic, 1, false, "x"); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("publish: %v", tok.Error())
	}
}

func TestBrokerRecordsAcrossARestart(t *testing.T) {
	t.Parallel()
	k := rig.NewPKI(t, "", imei)
	b := rig.StartBroker(t, rig.BrokerConfig{PKI: k, Plain: true})
	var own atomic.Int32 // a test's own inline subscription sees messages too
	if err := b.Broker().Server().Subscribe("+/one", 1, func(*mqtt.Client, packets.Subscription, packets.Packet) { own.Add(1) }); err != nil {
		t.Fatal(err)
	}
	if b.PlainAddr() == "" {
		t.Error("no plain listener")
	}
	publish(t, k, b.Addr, imei+"/one")
	b.Stop()
	if b.Broker() != nil {
		t.Error("a stopped broker is running")
	}
	b.Start()
	publish(t, k, b.Addr, imei+"/two")
	ms := b.WaitMessages(t, "both messages", func(ms []rig.Message) bool { return len(ms) >= 2 })
	if ms[0].Topic != imei+"/one" || ms[1].Topic != imei+"/two" {
		t.Errorf("inbox %+v", ms)
	}
	testkit.Eventually(t, "the test's own subscription", func() bool { return own.Load() >= 1 })
	if own.Load() != 1 {
		t.Errorf("the test's own subscription saw %d messages", own.Load())
	}
}

func TestMosquittoRestartsOnItsPorts(t *testing.T) {
	t.Parallel()
	k := rig.NewPKI(t, "", imei)
	m := rig.StartMosquitto(t, rig.MosquittoConfig{CAFile: k.CAFile, CertFile: k.ServerCert, KeyFile: k.ServerKey})
	publish(t, k, m.TLSAddr, imei+"/one")
	m.Stop()
	m.Start()
	publish(t, k, m.TLSAddr, imei+"/two")
	if c, err := net.DialTimeout("tcp", m.PlainAddr, 5*time.Second); err != nil {
		t.Error(err)
	} else {
		c.Close()
	}
}
