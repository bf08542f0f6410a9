package uplink

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/testkit"
)

// Readings appended to the durable spool reach the broker and leave the
// spool only once acknowledged; a reopened spool has nothing left to send.
func TestDrainTheDurableSpool(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	obs := observe(t, b.PlainAddr(), imei+"/logger")
	dir := filepath.Join(t.TempDir(), "spool")
	sp, err := spool.Open(dir, spool.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	for i := range n {
		if _, err := sp.Append([]byte(fmt.Sprintf(`{"seq":%d}`, i))); err != nil {
			t.Fatal(err)
		}
	}
	p, err := New(e.config(b))
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, p, FromSpool(sp))
	for i := range n {
		if m := obs.next(t); !strings.Contains(string(m.Payload()), fmt.Sprintf(`"seq":%d}`, i)) {
			t.Fatalf("message %d: %s", i, m.Payload())
		}
	}
	testkit.Eventually(t, "all acknowledged in the spool", func() bool { return sp.Stats().Acked == n })
	stop()
	if err := sp.Close(); err != nil {
		t.Fatal(err)
	}
	sp, err = spool.Open(dir, spool.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	if left, _ := sp.Read(0, 10); len(left) != 0 {
		t.Errorf("%d records left after acknowledgement", len(left))
	}
}

// A routed record goes to its own topic, in spool order with the readings,
// and arrives as it was appended.
func TestRoutedRecordsGoToTheirTopic(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	obs := observe(t, b.PlainAddr(), imei+"/logger", imei+"/events", imei+"/status/modem")
	sp, err := spool.Open(filepath.Join(t.TempDir(), "spool"), spool.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	for _, d := range [][2]string{
		{"", `{TYPE:MODB,ID:2}`},
		{"[IMEI]/events", `{"type":"event"}`},
		{"[IMEI]/status/modem", `{"type":"status"}`},
		{"[NOPE]/x", `kept`},
	} {
		if _, err := sp.AppendTo(d[0], []byte(d[1])); err != nil {
			t.Fatal(err)
		}
	}
	p, err := New(e.config(b))
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, FromSpool(sp))
	want := [][2]string{
		{imei + "/logger", `{TYPE:MODB,ID:2}`},
		{imei + "/events", `{"type":"event"}`},
		{imei + "/status/modem", `{"type":"status"}`},
		{imei + "/logger", `kept`}, // an unusable topic still delivers
	}
	for _, w := range want {
		m := obs.next(t)
		if m.Topic() != w[0] || string(m.Payload()) != w[1] {
			t.Fatalf("got %s %q, want %s %q", m.Topic(), m.Payload(), w[0], w[1])
		}
	}
	testkit.Eventually(t, "all acknowledged", func() bool { return sp.Stats().Acked == uint64(len(want)) })
}
