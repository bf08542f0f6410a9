package smsgw

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/testkit"
)

func TestStartupSweep(t *testing.T) {
	r := newRig(t, Config{})
	for _, text := range []string{"first", "second"} {
		if _, err := r.sim.InjectSMS("+491701234567", text); err != nil {
			t.Fatal(err)
		}
	}
	r.run(t)
	var got []string
	for range 2 {
		m := r.next(t)
		if m.From != "+491701234567" || m.Incomplete {
			t.Errorf("message %+v", m)
		}
		got = append(got, m.Text)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"first", "second"}) {
		t.Errorf("texts %q", got)
	}
	r.waitEmpty(t)
	if r.count("AT+CMGL=4") == 0 {
		t.Error("no sweep with AT+CMGL=4")
	}
}

func TestIndicatedMessageReadHandedOnDeleted(t *testing.T) {
	r := newRig(t, Config{})
	r.run(t)
	if _, err := r.sim.InjectSMS("+491701234567", "hello €"); err != nil {
		t.Fatal(err)
	}
	r.waitCommands(t, "AT+CMGR=0", 1)
	// not deleted before it was taken
	time.Sleep(50 * time.Millisecond)
	if n := r.count("AT+CMGD="); n != 0 {
		t.Fatalf("deleted before it was handed on")
	}
	if m := r.next(t); m.Text != "hello €" || m.Parts != 1 {
		t.Errorf("message %+v", m)
	}
	r.waitEmpty(t)
	r.none(t, 100*time.Millisecond)
}

func TestOutOfOrderPartsArriveOnce(t *testing.T) {
	r := newRig(t, Config{})
	r.run(t)
	text := strings.Repeat("0123456789", 40)
	if _, err := r.sim.InjectParts("+491701234567", text, []int{2, 0, 1}); err != nil {
		t.Fatal(err)
	}
	m := r.next(t)
	if m.Text != text || m.Parts != 3 || m.Received != 3 || m.Incomplete {
		t.Errorf("message %+v", m)
	}
	r.waitEmpty(t)
	r.none(t, 200*time.Millisecond)
}

func TestIncompleteAfterGap(t *testing.T) {
	r := newRig(t, Config{Gap: 150 * time.Millisecond})
	r.run(t)
	text := strings.Repeat("abcdefghij", 40)
	if _, err := r.sim.InjectParts("+491701234567", text, []int{0, 2}); err != nil {
		t.Fatal(err)
	}
	r.waitCommands(t, "AT+CMGR=1", 1)
	if n := r.used(t); n != 2 {
		t.Errorf("%d stored while waiting for the missing part, want 2", n)
	}
	m := r.next(t)
	if !m.Incomplete || m.Parts != 3 || m.Received != 2 || !slices.Equal(m.Missing, []int{2}) {
		t.Errorf("message %+v", m)
	}
	if !strings.HasPrefix(m.Text, text[:153]) {
		t.Errorf("text %q", m.Text)
	}
	r.waitEmpty(t)
}

func TestSendLong(t *testing.T) {
	r := newRig(t, Config{})
	text := strings.Repeat("long message ", 31) // 403 characters: 3 parts
	refs, err := r.s.Send(context.Background(), "+491701234567", text, SendOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sent := r.sim.Sent()
	if len(refs) != 3 || len(sent) != 3 {
		t.Fatalf("refs %v, sent %d", refs, len(sent))
	}
	var joined string
	for i, s := range sent {
		if s.Ref != refs[i] || s.To != "+491701234567" {
			t.Errorf("part %d: %+v", i, s)
		}
		_, total, seq, ok := s.Submit.UDH.Concat()
		if !ok || total != 3 || seq != i+1 {
			t.Errorf("part %d UDH %v", i, s.Submit.UDH)
		}
		joined += s.Text
	}
	if joined != text {
		t.Errorf("sent %q", joined)
	}
	// UCS2 on request
	if _, err := r.s.Send(context.Background(), "+491701234567", "hi", SendOptions{UCS2: true, Validity: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if s := r.sim.Sent()[3]; s.Submit.DCS.Encoding() != sms.UCS2 || s.Text != "hi" || s.Submit.Validity.Relative != time.Hour {
		t.Errorf("UCS2 send %+v", s.Submit)
	}
}

func TestSendFailure(t *testing.T) {
	r := newRig(t, Config{})
	r.sim.FailSMS(500)
	if _, err := r.s.Send(context.Background(), "+491701234567", "x", SendOptions{}); err == nil {
		t.Fatal("send succeeded")
	}
}

func TestStatusReportMatched(t *testing.T) {
	r := newRig(t, Config{StatusReports: true})
	r.sim.DeliveryReports(true, 20*time.Millisecond)
	r.run(t)
	refs, err := r.s.Send(context.Background(), "+491701234567", "report me", SendOptions{StatusReport: true})
	if err != nil {
		t.Fatal(err)
	}
	rep := nextReport(t, r)
	want := Report{Ref: refs[0], To: "+491701234567", Delivered: true, Final: true, Status: 0, Text: "report me"}
	if rep != want {
		t.Errorf("report %+v, want %+v", rep, want)
	}
	r.sim.DeliveryStatus(0x41) // permanent error
	refs, _ = r.s.Send(context.Background(), "+491701234567", "fails", SendOptions{StatusReport: true})
	rep = nextReport(t, r)
	if rep.Ref != refs[0] || rep.Delivered || !rep.Final || rep.Text != "fails" {
		t.Errorf("failure report %+v", rep)
	}
}

func nextReport(t *testing.T, r *rig) Report {
	t.Helper()
	select {
	case rep := <-r.s.Reports():
		return rep
	case <-time.After(5 * time.Second):
		t.Fatal("no status report")
	}
	return Report{}
}

func TestStorageFullDrained(t *testing.T) {
	r := newRig(t, Config{})
	r.run(t)
	// indications off behind the service's back: only ^SMMEMFULL tells
	if _, err := r.e.Command(context.Background(), "AT+CNMI=2,0,0,0,0"); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 64)
	go func() {
		for range 40 {
			select {
			case m := <-r.s.Messages():
				got <- m.Text
			case <-time.After(5 * time.Second):
				return
			}
		}
	}()
	for i := range 40 {
		if _, err := r.sim.InjectSMS("+491701234567", "msg"); err != nil {
			t.Fatal(i, err)
		}
	}
	for i := range 40 {
		select {
		case <-got:
		case <-time.After(5 * time.Second):
			t.Fatalf("%d of 40 messages handed on", i)
		}
	}
	r.waitEmpty(t)
}

func TestRestartRerunsSetup(t *testing.T) {
	r := newRig(t, Config{})
	r.run(t)
	r.sim.Reset()
	r.waitCommands(t, "AT+CNMI=2", 2)
	testkit.Eventually(t, "registration", func() bool { return r.sim.Registration() == 1 })
	if _, err := r.sim.InjectSMS("+491701234567", "after restart"); err != nil {
		t.Fatal(err)
	}
	if m := r.next(t); m.Text != "after restart" {
		t.Errorf("message %+v", m)
	}
}

func TestDirectAcknowledged(t *testing.T) {
	r := newRig(t, Config{Direct: true})
	r.run(t)
	if _, err := r.sim.InjectSMS("+491701234567", "direct"); err != nil {
		t.Fatal(err)
	}
	if m := r.next(t); m.Text != "direct" {
		t.Errorf("message %+v", m)
	}
	r.waitCommands(t, "AT+CNMA", 1)
	if r.count("AT+CMGR") != 0 || r.used(t) != 0 {
		t.Error("direct message was stored")
	}
}

func TestListReadDelete(t *testing.T) {
	r := newRig(t, Config{})
	ctx := context.Background()
	for _, text := range []string{"one", "two"} {
		if _, err := r.sim.InjectSMS("+491701234567", text); err != nil {
			t.Fatal(err)
		}
	}
	list, err := r.s.List(ctx, StatAll)
	if err != nil || len(list) != 2 {
		t.Fatalf("List %+v %v", list, err)
	}
	if d, ok := list[1].Msg.(sms.Deliver); !ok || d.Text != "two" || list[1].Index != 1 || list[1].Status != StatUnread {
		t.Errorf("listed %+v", list[1])
	}
	st, err := r.s.Read(ctx, 0)
	if d, ok := st.Msg.(sms.Deliver); err != nil || !ok || d.Text != "one" || st.Status != StatRead {
		t.Errorf("Read %+v %v", st, err)
	}
	if err := r.s.Delete(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := r.s.Read(ctx, 0); !errors.Is(err, ErrEmpty) {
		t.Errorf("Read of a deleted message: %v", err)
	}
}

func TestSameNumber(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"+491701234567", "491701234567", true},
		{"+491701234567", "01701234567", true},
		{"+491701234567", "+491701234568", false},
		{"123", "0123", false},
	} {
		if got := sameNumber(c.a, c.b); got != c.want {
			t.Errorf("sameNumber(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestUndecodableLoggedThenDeleted(t *testing.T) {
	r := newRig(t, Config{})
	var log testkit.Buffer
	r.s.log = slog.New(slog.NewTextHandler(&log, nil))
	r.s.stored(context.Background(), decodeStored(5, StatUnread, "07911326040000F0040B911346610089F60000"))
	if r.count("AT+CMGD=5") != 1 {
		t.Error("undecodable message not deleted")
	}
	if !strings.Contains(log.String(), "level=WARN") || !strings.Contains(log.String(), "PDU redacted: 19 octets") {
		t.Errorf("log %q", log.String())
	}
}
