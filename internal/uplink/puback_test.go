package uplink

import (
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/eclipse/paho.mqtt.golang/packets"

	"github.com/cellgate/cellgate/internal/testkit"
)

// holdBroker is a minimal MQTT broker that acknowledges the status message
// at once and holds back the PUBACKs of readings until the test sends them.
type holdBroker struct {
	ln   net.Listener
	mu   sync.Mutex
	conn net.Conn
	pubs chan *packets.PublishPacket
	wg   sync.WaitGroup
}

func newHoldBroker(t *testing.T) *holdBroker {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &holdBroker{ln: ln, pubs: make(chan *packets.PublishPacket, 100)}
	h.wg.Add(1)
	go h.serve()
	t.Cleanup(func() {
		ln.Close()
		h.mu.Lock()
		if h.conn != nil {
			h.conn.Close()
		}
		h.mu.Unlock()
		h.wg.Wait()
	})
	return h
}

func (h *holdBroker) serve() {
	defer h.wg.Done()
	c, err := h.ln.Accept()
	if err != nil {
		return
	}
	h.mu.Lock()
	h.conn = c
	h.mu.Unlock()
	if _, err := packets.ReadPacket(c); err != nil {
		return
	}
	h.write(packets.NewControlPacket(packets.Connack))
	for {
		pk, err := packets.ReadPacket(c)
		if err != nil {
			return
		}
		switch pk := pk.(type) {
		case *packets.PublishPacket:
			if pk.TopicName == imei+"/status" {
				h.puback(pk.MessageID)
				continue
			}
			h.pubs <- pk
		case *packets.PingreqPacket:
			h.write(packets.NewControlPacket(packets.Pingresp))
		case *packets.DisconnectPacket:
			return
		}
	}
}

func (h *holdBroker) write(pk packets.ControlPacket) {
	h.mu.Lock()
	defer h.mu.Unlock()
	pk.Write(h.conn)
}

func (h *holdBroker) puback(id uint16) {
	a := packets.NewControlPacket(packets.Puback).(*packets.PubackPacket)
	a.MessageID = id
	h.write(a)
}

func (h *holdBroker) next(t *testing.T) *packets.PublishPacket {
	t.Helper()
	select {
	case p := <-h.pubs:
		return p
	case <-time.After(5 * time.Second):
		t.Fatal("no publish")
		return nil
	}
}

func TestAckOnlyAfterPUBACKAndWindow(t *testing.T) {
	h := newHoldBroker(t)
	src := newMemSource()
	for range 10 {
		src.Add("r")
	}
	p, err := New(Config{Broker: "tcp://" + h.ln.Addr().String(), IMEI: imei, InFlight: 4, PollInterval: 20 * time.Millisecond, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, src)
	var got []*packets.PublishPacket
	for range 4 {
		pk := h.next(t)
		if pk.Qos != 1 || pk.TopicName != imei+"/logger" {
			t.Fatalf("publish %+v", pk)
		}
		got = append(got, pk)
	}
	select {
	case pk := <-h.pubs:
		t.Fatalf("a fifth message in flight: %v", pk)
	case <-time.After(300 * time.Millisecond):
	}
	if a := src.Acked(); len(a) != 0 {
		t.Fatalf("acknowledged before PUBACK: %v", a)
	}
	if s := p.Stats(); s.InFlight != 4 || s.Published != 4 || s.Acked != 0 {
		t.Fatalf("stats %+v", s)
	}
	h.puback(got[0].MessageID)
	testkit.Eventually(t, "ack of record 1", func() bool { return slices.Equal(src.Acked(), []uint64{1}) })
	got = append(got[1:], h.next(t)) // the window moved by one
	received := 5
	for len(got) > 0 {
		h.puback(got[0].MessageID)
		got = got[1:]
		if received < 10 {
			got = append(got, h.next(t))
			received++
		}
	}
	testkit.Eventually(t, "all acked", func() bool { return src.Left() == 0 })
	if a := src.Acked(); !slices.Equal(a, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
		t.Fatalf("acked %v", a)
	}
}
