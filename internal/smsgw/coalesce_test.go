package smsgw

import (
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/at"
)

func TestRegressionRepeatedIndicationReadsOncePerIndication(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	if _, err := r.sim.InjectSMS("+491701234567", "first"); err != nil {
		t.Fatal(err)
	}
	// A burst of indications for the one stored message, queued before
	// Run takes any.
	for range 5000 {
		r.s.onStored(at.URC{Lines: []string{`+CMTI: "SM",0`}})
	}
	r.start(t)
	if m := r.nextWithin(t, time.Minute); m.Text != "first" {
		t.Fatalf("message %+v", m)
	}
	r.waitCommands(t, "AT+CNMI=2", 1)
	// The slot, read and freed, is indicated again for a new message: it
	// is read again. Indications are served in order, so the burst has
	// been served once this one arrives.
	if _, err := r.sim.InjectSMS("+491701234567", "second"); err != nil {
		t.Fatal(err)
	}
	if m := r.nextWithin(t, time.Minute); m.Text != "second" {
		t.Fatalf("message %+v", m)
	}
	if n := r.count("AT+CMGR="); n > 3 {
		t.Errorf("%d AT+CMGR for two messages and one burst of indications, want at most 3", n)
	}
}

func TestRegressionRepeatedStorageFullSweepsOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	for range 1000 {
		r.s.push(indication{kind: indFull})
	}
	r.start(t)
	r.waitCommands(t, "AT+CNMI=2", 1)
	if _, err := r.sim.InjectSMS("+491701234567", "after"); err != nil {
		t.Fatal(err)
	}
	if m := r.nextWithin(t, time.Minute); m.Text != "after" {
		t.Fatalf("message %+v", m)
	}
	// The startup sweep and the one for the burst.
	if n := r.count("AT+CMGL="); n > 2 {
		t.Errorf("%d AT+CMGL for one burst of storage-full indications, want at most 2", n)
	}
}

func TestStoredIndicationsOfTwoMemoriesAreNotMerged(t *testing.T) {
	t.Parallel()
	s := New(nil, Config{Logger: quiet()})
	s.onStored(at.URC{Lines: []string{`+CMTI: "SM",3`}})
	s.onStored(at.URC{Lines: []string{`+CDSI: "SR",3`}})
	s.onStored(at.URC{Lines: []string{`+CMTI: "SM",3`}})
	s.onStored(at.URC{Lines: []string{`+CMTI: "SM",4`}})
	q := s.take()
	if len(q) != 3 {
		t.Fatalf("queue %+v, want SM 3, SR 3 and SM 4", q)
	}
	s.onStored(at.URC{Lines: []string{`+CMTI: "SM",3`}})
	if q := s.take(); len(q) != 1 || q[0].index != 3 {
		t.Fatalf("an indication after the queue was taken is lost: %+v", q)
	}
}
