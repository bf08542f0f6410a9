package sms

import (
	"reflect"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// part makes part seq of total of a message from "from" with an 8-bit
// reference.
func part(from string, ref, total, seq int, text string) Deliver {
	return Deliver{
		Originator: ParseAddress(from),
		Timestamp:  t0.Add(time.Duration(seq) * time.Second),
		UDH:        UDH{NewConcat(ref, total, seq)},
		Text:       text,
	}
}

func TestReassembleOutOfOrder(t *testing.T) {
	r := NewReassembler(0, 0)
	if _, ok := r.Add(part("+491", 7, 3, 3, "c"), t0); ok {
		t.Fatal("complete after part 3")
	}
	if _, ok := r.Add(part("+491", 7, 3, 1, "a"), t0.Add(10*time.Second)); ok {
		t.Fatal("complete after part 1")
	}
	if _, ok := r.Add(part("+491", 7, 3, 1, "A"), t0.Add(20*time.Second)); ok {
		t.Fatal("complete after a duplicate")
	}
	if r.Pending() != 1 {
		t.Fatalf("Pending = %d, want 1", r.Pending())
	}
	m, ok := r.Add(part("+491", 7, 3, 2, "b"), t0.Add(30*time.Second))
	if !ok {
		t.Fatal("not complete after part 2")
	}
	want := Message{
		From: "+491", FromTON: TONInternational, Text: "abc", Timestamp: t0.Add(time.Second), Parts: 3, Received: 3,
		First: t0, Last: t0.Add(30 * time.Second), Ref: 7,
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got\n%+v\nwant\n%+v", m, want)
	}
	if r.Pending() != 0 || len(r.Expire(t0.Add(48*time.Hour))) != 0 {
		t.Error("completed message still pending")
	}
}

func TestReassembleSinglePart(t *testing.T) {
	r := NewReassembler(0, 0)
	d := Deliver{Originator: ParseAddress("Bank"), Timestamp: t0, Text: "hi", UDH: UDH{NewPorts(1, 2)}}
	m, ok := r.Add(d, t0)
	want := Message{From: "Bank", FromTON: TONAlphanumeric, Text: "hi", Timestamp: t0, Parts: 1, Received: 1, First: t0, Last: t0}
	if !ok || !reflect.DeepEqual(m, want) {
		t.Errorf("got %+v, %v", m, ok)
	}
	// A concatenation element claiming one part is a whole message too.
	m, ok = r.Add(Deliver{Originator: ParseAddress("+1"), UDH: UDH{NewConcat(9, 1, 1)}, Data: []byte{1, 2}}, t0)
	if !ok || m.Ref != 9 || m.Parts != 1 || string(m.Data) != "\x01\x02" {
		t.Errorf("one-part concatenation: %+v, %v", m, ok)
	}
	if r.Pending() != 0 {
		t.Errorf("Pending = %d", r.Pending())
	}
}

func TestReassembleKeys(t *testing.T) {
	r := NewReassembler(0, 0)
	r.Add(part("+491", 7, 2, 1, "alice1 "), t0)
	r.Add(part("+492", 7, 2, 1, "bob1 "), t0)
	r.Add(part("+491", 7, 3, 1, "three1 "), t0)
	d16 := part("+491", 7, 2, 1, "wide1 ")
	d16.UDH = UDH{{ID: IEIConcat16, Data: []byte{0, 7, 2, 1}}}
	r.Add(d16, t0)
	if r.Pending() != 4 {
		t.Fatalf("Pending = %d, want 4", r.Pending())
	}
	m, ok := r.Add(part("+492", 7, 2, 2, "bob2"), t0.Add(time.Second))
	if !ok || m.Text != "bob1 bob2" || m.From != "+492" {
		t.Errorf("bob: %+v, %v", m, ok)
	}
	m, ok = r.Add(part("+491", 7, 2, 2, "alice2"), t0.Add(time.Second))
	if !ok || m.Text != "alice1 alice2" {
		t.Errorf("alice: %+v, %v", m, ok)
	}
	d16.UDH, d16.Text = UDH{{ID: IEIConcat16, Data: []byte{0, 7, 2, 2}}}, "wide2"
	m, ok = r.Add(d16, t0.Add(time.Second))
	if !ok || m.Text != "wide1 wide2" {
		t.Errorf("16-bit: %+v, %v", m, ok)
	}
	if r.Pending() != 1 {
		t.Errorf("Pending = %d, want 1", r.Pending())
	}
}

func TestReassembleGapTimeout(t *testing.T) {
	r := NewReassembler(0, 0)
	r.Add(part("+491", 1, 3, 2, "b"), t0)
	if got := r.Expire(t0.Add(60 * time.Second)); len(got) != 0 {
		t.Fatalf("expired at exactly the gap: %+v", got)
	}
	got := r.Expire(t0.Add(61 * time.Second))
	want := []Message{{
		From: "+491", FromTON: TONInternational, Text: "b", Timestamp: t0.Add(2 * time.Second), Parts: 3, Received: 1,
		Missing: []int{1, 3}, Incomplete: true, First: t0, Last: t0, Ref: 1,
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	if r.Pending() != 0 {
		t.Errorf("Pending = %d", r.Pending())
	}
}

func TestReassembleTotalTimeout(t *testing.T) {
	r := NewReassembler(time.Minute, 100*time.Second)
	r.Add(part("+491", 1, 3, 1, "a"), t0)
	r.Add(part("+491", 1, 3, 2, "b"), t0.Add(50*time.Second))
	if got := r.Expire(t0.Add(100 * time.Second)); len(got) != 0 {
		t.Fatalf("expired early: %+v", got)
	}
	got := r.Expire(t0.Add(101 * time.Second))
	if len(got) != 1 || got[0].Text != "ab" || !reflect.DeepEqual(got[0].Missing, []int{3}) || !got[0].Incomplete ||
		!got[0].Last.Equal(t0.Add(50*time.Second)) {
		t.Errorf("got %+v", got)
	}
}

func TestReassembleLatePart(t *testing.T) {
	r := NewReassembler(0, 0)
	r.Add(part("+491", 1, 2, 1, "a"), t0)
	// Part 2 comes too late, with no Expire in between: part 1 is given up
	// and part 2 starts a new message.
	if _, ok := r.Add(part("+491", 1, 2, 2, "b"), t0.Add(2*time.Minute)); ok {
		t.Fatal("late part completed the message")
	}
	if r.Pending() != 1 {
		t.Fatalf("Pending = %d, want 1", r.Pending())
	}
	got := r.Expire(t0.Add(2 * time.Minute))
	if len(got) != 1 || got[0].Text != "a" || !reflect.DeepEqual(got[0].Missing, []int{2}) {
		t.Errorf("got %+v", got)
	}
	got = r.Expire(t0.Add(4 * time.Minute))
	if len(got) != 1 || got[0].Text != "b" || !reflect.DeepEqual(got[0].Missing, []int{1}) {
		t.Errorf("got %+v", got)
	}
}

func TestReassembleMaxPending(t *testing.T) {
	r := NewReassembler(0, 0)
	r.MaxPending = 2
	r.Add(part("+491", 1, 2, 1, "one"), t0.Add(2*time.Second))
	r.Add(part("+492", 1, 2, 1, "two"), t0)
	r.Add(part("+493", 1, 2, 1, "three"), t0.Add(3*time.Second))
	if r.Pending() != 2 {
		t.Fatalf("Pending = %d, want 2", r.Pending())
	}
	got := r.Expire(t0.Add(4 * time.Second))
	if len(got) != 1 || got[0].From != "+492" || !got[0].Incomplete {
		t.Errorf("evicted %+v, want the message from +492", got)
	}
	// The survivors still complete.
	if m, ok := r.Add(part("+491", 1, 2, 2, "!"), t0.Add(5*time.Second)); !ok || m.Text != "one!" {
		t.Errorf("got %+v, %v", m, ok)
	}
	if r2 := NewReassembler(0, 0); r2.maxPending() != DefaultMaxPending {
		t.Errorf("default MaxPending %d", r2.maxPending())
	}
}

func TestReassembleExpireOrder(t *testing.T) {
	r := NewReassembler(0, 0)
	for i, from := range []string{"+3", "+1", "+2"} {
		r.Add(part(from, 1, 2, 1, from), t0.Add(time.Duration(i)*time.Second))
	}
	got := r.Expire(t0.Add(time.Hour))
	var order []string
	for _, m := range got {
		order = append(order, m.From)
	}
	if !reflect.DeepEqual(order, []string{"+3", "+1", "+2"}) {
		t.Errorf("order %v", order)
	}
}

// TestReassembleSplit feeds the parts SubmitParts makes, turned into
// SMS-DELIVERs, back through a Reassembler in reverse order.
func TestReassembleSplit(t *testing.T) {
	text := "Zählerstand 😀 € {ok} "
	for len(text) < 600 {
		text += text
	}
	parts, err := SubmitParts(ParseAddress("+1"), text, SplitOptions{Ref: 42}, Submit{})
	if err != nil {
		t.Fatal(err)
	}
	r := NewReassembler(0, 0)
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		d := Deliver{Originator: ParseAddress("+1"), DCS: p.DCS, Timestamp: t0, UDH: p.UDH, Text: p.Text}
		pdu, err := d.Encode(false)
		if err != nil {
			t.Fatal(err)
		}
		if d, err = DecodeDeliver(pdu, false); err != nil {
			t.Fatal(err)
		}
		m, ok := r.Add(d, t0)
		if ok != (i == 0) {
			t.Fatalf("part %d: complete %v", i+1, ok)
		}
		if ok && (m.Text != text || m.Parts != len(parts) || m.Ref != 42) {
			t.Errorf("reassembled %+v", m)
		}
	}
}

func TestRegressionAlphanumericPartsJoinANumbersParts(t *testing.T) {
	t.Parallel()
	part := func(from Address, seq byte, text string) Deliver {
		return Deliver{Originator: from, Text: text, UDH: UDH{{ID: IEIConcat8, Data: []byte{7, 2, seq}}}}
	}
	name := Address{Number: "12345678", TON: TONAlphanumeric}
	number := Address{Number: "12345678", TON: TONUnknown, NPI: NPIISDN}
	r := NewReassembler(0, 0)
	now := time.Now()
	if m, done := r.Add(part(name, 1, "name "), now); done {
		t.Fatalf("one part completed %+v", m)
	}
	if m, done := r.Add(part(number, 2, "number"), now); done {
		t.Fatalf("a part from the number %q completed the alphanumeric sender's message: %+v", number.Number, m)
	}
	m, done := r.Add(part(name, 2, "too"), now)
	if !done || m.Text != "name too" || m.FromTON != TONAlphanumeric {
		t.Fatalf("message %+v, %v", m, done)
	}
}
