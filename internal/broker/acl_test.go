package broker

import (
	"crypto/tls"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"

	"github.com/cellgate/cellgate/internal/pki"
	"github.com/cellgate/cellgate/internal/testkit"
)

const (
	imeiA = "865261010004010"
	imeiB = "357299070082380"
)

// aclRig is a broker whose inline subscription records every topic
// published, and a CA to issue clients.
type aclRig struct {
	ca *pki.CA
	b  *Broker

	mu     sync.Mutex
	topics []string
}

func newACLRig(t *testing.T, cfg Config) *aclRig {
	t.Helper()
	ca, err := pki.NewCA("ca")
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := ca.Server("127.0.0.1")
	cert, err := srv.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	cfg.TLSAddr, cfg.Certificate, cfg.ClientCAs = "127.0.0.1:0", &cert, ca.Pool()
	b, err := Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	r := &aclRig{ca: ca, b: b}
	if err := b.Server().Subscribe("#", 1, func(_ *mqtt.Client, _ packets.Subscription, pk packets.Packet) {
		r.mu.Lock()
		r.topics = append(r.topics, pk.TopicName)
		r.mu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *aclRig) published() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.topics...)
}

// publishedUpTo waits until the broker has handed a message on topic to
// its subscribers and returns the topics handed on so far. A QoS 1 publish
// is acknowledged before it is handed on, so the PUBACK alone does not
// order a test after the handing on; the messages of one connection are
// handed on in order, so what the client published before is in.
func (r *aclRig) publishedUpTo(t *testing.T, topic string) []string {
	t.Helper()
	var got []string
	testkit.Eventually(t, "a message on "+topic+" handed on", func() bool {
		got = r.published()
		return slices.Contains(got, topic)
	})
	return got
}

// client connects with a certificate for pair (none when nil) and the
// given client id; it returns the connect error.
func (r *aclRig) client(t *testing.T, pair *pki.Pair, id string, edit func(*paho.ClientOptions)) (paho.Client, error) {
	t.Helper()
	tc := &tls.Config{RootCAs: r.ca.Pool(), ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	if pair != nil {
		cert, err := pair.TLSCertificate()
		if err != nil {
			t.Fatal(err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	opts := paho.NewClientOptions().AddBroker("ssl://" + r.b.Addr()).SetClientID(id).SetTLSConfig(tc).
		SetAutoReconnect(false).SetConnectRetry(false).SetOrderMatters(true).SetProtocolVersion(4)
	if edit != nil {
		edit(opts)
	}
	c := paho.NewClient(opts)
	tok := c.Connect()
	if !tok.WaitTimeout(5 * time.Second) {
		return nil, fmt.Errorf("connect timed out")
	}
	if err := tok.Error(); err != nil {
		return nil, err
	}
	t.Cleanup(func() { c.Disconnect(0) })
	return c, nil
}

func wait(t *testing.T, tok paho.Token) error {
	t.Helper()
	if !tok.WaitTimeout(5 * time.Second) {
		t.Fatal("no answer within 5s")
	}
	return tok.Error()
}

// subscribeGranted reports whether the broker granted filter to c.
func subscribeGranted(t *testing.T, c paho.Client, filter string) bool {
	t.Helper()
	tok := c.Subscribe(filter, 1, func(paho.Client, paho.Message) {})
	if err := wait(t, tok); err != nil {
		return false
	}
	// one filter; paho names a shared one without its "$share/<group>/"
	for _, code := range tok.(*paho.SubscribeToken).Result() {
		return code != 0x80
	}
	return false
}

func TestRegressionDeviceCertificatePublishesAnywhere(t *testing.T) {
	t.Parallel()
	r := newACLRig(t, Config{})
	devA, _ := r.ca.Client(imeiA)
	c, err := r.client(t, devA, "any-client-id", nil)
	if err != nil {
		t.Fatalf("device A refused: %v", err)
	}
	// QoS 0 to B's topic, then QoS 1 to its own: once the own message is
	// handed on, the broker has handled both, in order.
	wait(t, c.Publish(imeiB+"/logger", 0, false, "forged"))
	if err := wait(t, c.Publish(imeiA+"/logger", 1, false, "own")); err != nil {
		t.Fatalf("publish to its own topic: %v", err)
	}
	if got := r.publishedUpTo(t, imeiA+"/logger"); len(got) != 1 || got[0] != imeiA+"/logger" {
		t.Errorf("published topics %q, want only %s/logger", got, imeiA)
	}
	for _, f := range []string{imeiB + "/#", imeiB + "/logger", "+/logger", "#", "$SYS/#", "$share/g/" + imeiA + "/#"} {
		if subscribeGranted(t, c, f) {
			t.Errorf("device A may subscribe to %q", f)
		}
	}
	if !subscribeGranted(t, c, imeiA+"/AT") {
		t.Errorf("device A may not subscribe to %s/AT", imeiA)
	}
}

func TestRegressionDeviceClaimsIdentityByClientID(t *testing.T) {
	t.Parallel()
	r := newACLRig(t, Config{})
	devA, _ := r.ca.Client(imeiA)
	c, err := r.client(t, devA, imeiB, func(o *paho.ClientOptions) { o.SetUsername(imeiB) })
	if err != nil {
		t.Fatalf("device A refused: %v", err)
	}
	wait(t, c.Publish(imeiB+"/logger", 0, false, "forged"))
	wait(t, c.Publish(imeiA+"/logger", 1, false, "own"))
	if got := r.publishedUpTo(t, imeiA+"/logger"); len(got) != 1 {
		t.Errorf("client id and user name %s let device A publish %q", imeiB, got)
	}
}

func TestRegressionCertificateWithoutIdentityAllowed(t *testing.T) {
	t.Parallel()
	r := newACLRig(t, Config{})
	for _, cn := range []string{"", "a/b", "+", "#", "$SYS"} {
		pair, _ := r.ca.Client(cn)
		if c, err := r.client(t, pair, "nobody", nil); err == nil {
			c.Disconnect(0)
			t.Errorf("certificate with common name %q accepted", cn)
		}
	}
}

func TestRegressionWillOnAnotherDevicesTopic(t *testing.T) {
	t.Parallel()
	r := newACLRig(t, Config{})
	devA, _ := r.ca.Client(imeiA)
	if c, err := r.client(t, devA, "a", func(o *paho.ClientOptions) { o.SetWill(imeiB+"/status", "offline", 1, true) }); err == nil {
		c.Disconnect(0)
		t.Errorf("device A connected with a last will on %s/status", imeiB)
	}
	if _, err := r.client(t, devA, "a", func(o *paho.ClientOptions) { o.SetWill(imeiA+"/status", "offline", 1, true) }); err != nil {
		t.Errorf("device A refused with a last will on its own status: %v", err)
	}
}

func TestRegressionDeviceTakesOverAnotherDevicesSession(t *testing.T) {
	t.Parallel()
	r := newACLRig(t, Config{})
	devA, _ := r.ca.Client(imeiA)
	devB, _ := r.ca.Client(imeiB)
	lost := make(chan error, 1)
	if _, err := r.client(t, devB, "gateway", func(o *paho.ClientOptions) {
		o.SetConnectionLostHandler(func(_ paho.Client, err error) { lost <- err })
	}); err != nil {
		t.Fatal(err)
	}
	if c, err := r.client(t, devA, "gateway", nil); err == nil {
		c.Disconnect(0)
		t.Errorf("device A took over device B's client id")
	}
	select {
	case err := <-lost:
		t.Errorf("device B lost its connection: %v", err)
	default:
	}
}

func TestOperatorCertificateMayUseEveryTopic(t *testing.T) {
	t.Parallel()
	r := newACLRig(t, Config{})
	op, err := r.ca.Operator("cellgate server")
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.client(t, op, "server", nil)
	if err != nil {
		t.Fatalf("operator refused: %v", err)
	}
	for _, f := range []string{"+/logger", "#"} {
		if !subscribeGranted(t, c, f) {
			t.Errorf("operator may not subscribe to %q", f)
		}
	}
	if err := wait(t, c.Publish(imeiB+"/AT", 1, false, "AT+CSQ")); err != nil {
		t.Fatal(err)
	}
	if got := r.publishedUpTo(t, imeiB+"/AT"); len(got) != 1 || got[0] != imeiB+"/AT" {
		t.Errorf("published %q", got)
	}
}

func TestPlainListenerClients(t *testing.T) {
	t.Parallel()
	for _, trusted := range []bool{false, true} {
		b, err := Start(t.Context(), Config{PlainAddr: "127.0.0.1:0", TrustPlain: trusted})
		if err != nil {
			t.Fatal(err)
		}
		c := paho.NewClient(paho.NewClientOptions().AddBroker("tcp://" + b.PlainAddr()).SetClientID("observer").SetAutoReconnect(false))
		tok := c.Connect()
		if !tok.WaitTimeout(5 * time.Second) {
			t.Fatal("connect timed out")
		}
		if ok := tok.Error() == nil; ok != trusted {
			t.Errorf("TrustPlain %v: connect error %v", trusted, tok.Error())
		}
		c.Disconnect(0)
		b.Close()
	}
}

// A device whose name is the start of another's (an IMEI cut short) gets
// nothing of the other's topics: the name is matched as a whole level.
func TestDeviceNamePrefixOfAnotherGetsNone(t *testing.T) {
	t.Parallel()
	r := newACLRig(t, Config{})
	short := imeiA[:14]
	pair, _ := r.ca.Client(short)
	c, err := r.client(t, pair, "short", nil)
	if err != nil {
		t.Fatalf("device %s refused: %v", short, err)
	}
	wait(t, c.Publish(imeiA+"/logger", 0, false, "forged"))
	wait(t, c.Publish(short+"0/logger", 0, false, "forged"))
	if err := wait(t, c.Publish(short+"/logger", 1, false, "own")); err != nil {
		t.Fatal(err)
	}
	if got := r.publishedUpTo(t, short+"/logger"); len(got) != 1 || got[0] != short+"/logger" {
		t.Errorf("published %q, want only %s/logger", got, short)
	}
	for _, f := range []string{imeiA + "/#", short + "+/#", short + "#", short, "+/" + imeiA + "/#"} {
		if subscribeGranted(t, c, f) {
			t.Errorf("device %s may subscribe to %q", short, f)
		}
	}
}

// A device cannot inherit the stored session of another device, even after
// that device has disconnected.
func TestDeviceTakesOverAnotherDevicesStoredSession(t *testing.T) {
	t.Parallel()
	r := newACLRig(t, Config{})
	devA, _ := r.ca.Client(imeiA)
	devB, _ := r.ca.Client(imeiB)
	persist := func(o *paho.ClientOptions) { o.SetCleanSession(false) }
	b, err := r.client(t, devB, "gateway", persist)
	if err != nil {
		t.Fatal(err)
	}
	if !subscribeGranted(t, b, imeiB+"/AT") {
		t.Fatal("device B may not subscribe to its own AT topic")
	}
	b.Disconnect(0)
	if c, err := r.client(t, devA, "gateway", persist); err == nil {
		c.Disconnect(0)
		t.Errorf("device A took over device B's stored session")
	}
}
