package uplink

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/spool"
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
	eventually(t, "all acknowledged in the spool", func() bool { return sp.Stats().Acked == n })
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
