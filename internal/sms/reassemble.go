package sms

import (
	"slices"
	"strings"
	"time"
)

// Defaults of NewReassembler and Reassembler.MaxPending, from the
// reassembly rules of common modem guides: at most 60 s between
// neighbouring parts and 24 h from the first part to the last.
const (
	DefaultPartGap    = 60 * time.Second
	DefaultTotalTime  = 24 * time.Hour
	DefaultMaxPending = 64
)

// Message is a received message put together from its parts by a
// Reassembler.
//
// Text and Data are the parts' Text and Data joined in part order; for an
// incomplete message, only the parts present. Timestamp is the service
// centre timestamp of part 1, or of the earliest-numbered part present when
// part 1 is missing. First and Last are the times the first and the last
// received part arrived. Parts is the number of parts the message has,
// Received how many arrived, and Missing lists the numbers (from 1) of those
// that did not, in order. Ref is the concatenation reference, 0 for a
// single-part message. FromTON is the originator's type of number
// (TS 23.040 9.1.2.5): From "12345678" with TONAlphanumeric is a sender
// name made of digits, not a phone number.
type Message struct {
	From        string
	FromTON     byte
	Text        string
	Data        []byte
	Timestamp   time.Time
	Parts       int
	Received    int
	Missing     []int
	Incomplete  bool
	First, Last time.Time
	Ref         int
}

// reassemblyKey tells apart the messages being put together: the same
// reference from two senders, or with two part counts, or as an 8-bit and a
// 16-bit reference, are different messages.
type reassemblyKey struct {
	from  string
	ton   byte
	ref   int
	total int
	ref16 bool
}

// partial is a message with parts still missing.
type partial struct {
	key         reassemblyKey
	parts       map[int]Deliver
	first, last time.Time
}

// Reassembler puts concatenated SMS-DELIVERs (TS 23.040 9.2.3.24.1) back
// together. Parts are matched by originator number, reference and part
// count; they may arrive in any order, and repeated parts are ignored.
//
// A message still missing parts when more than the gap has passed since its
// last part arrived, or more than the total time since its first, is given
// up: Expire returns it marked Incomplete with the parts that did arrive.
// So is the message whose first part arrived longest ago when a new message
// would make more than MaxPending wait, and a message that is overdue when
// another of its parts arrives (that part then starts a new message).
// Messages given up this way are held until the next Expire, which the
// owner should call regularly: no part is dropped silently.
//
// A Reassembler is not safe for concurrent use.
type Reassembler struct {
	// MaxPending bounds the messages waiting for parts; 0 means
	// DefaultMaxPending.
	MaxPending int

	gap, total time.Duration
	pending    map[reassemblyKey]*partial
	given      []Message // given up, for the next Expire
}

// NewReassembler makes a Reassembler that gives up on a message when more
// than gap passes between neighbouring parts or more than total from the
// first part; zero (or negative) values select DefaultPartGap and
// DefaultTotalTime.
func NewReassembler(gap, total time.Duration) *Reassembler {
	if gap <= 0 {
		gap = DefaultPartGap
	}
	if total <= 0 {
		total = DefaultTotalTime
	}
	return &Reassembler{gap: gap, total: total, pending: make(map[reassemblyKey]*partial)}
}

// Add takes a received part at time now. It returns the whole message, and
// true, when d completes one: at once for a message without a usable
// concatenation element, otherwise when the last missing part arrives.
func (r *Reassembler) Add(d Deliver, now time.Time) (Message, bool) {
	ref, total, seq, ok := d.UDH.Concat()
	if !ok || total == 1 {
		if !ok {
			ref = 0
		}
		p := &partial{parts: map[int]Deliver{1: d}, first: now, last: now}
		p.key = reassemblyKey{from: d.Originator.Number, ton: d.Originator.TON, ref: ref, total: 1}
		return p.message(), true
	}
	key := reassemblyKey{from: d.Originator.Number, ton: d.Originator.TON, ref: ref, total: total, ref16: concat16(d.UDH)}
	p := r.pending[key]
	if p != nil && r.overdue(p, now) {
		r.giveUp(p)
		p = nil
	}
	if p == nil {
		if len(r.pending) >= r.maxPending() {
			r.giveUp(r.oldest())
		}
		p = &partial{key: key, parts: make(map[int]Deliver, total), first: now}
		r.pending[key] = p
	}
	if _, dup := p.parts[seq]; dup {
		return Message{}, false
	}
	p.parts[seq] = d
	p.last = now
	if len(p.parts) < total {
		return Message{}, false
	}
	delete(r.pending, key)
	return p.message(), true
}

// Expire gives up on the messages overdue at now and returns them, with
// those given up since the last call, marked Incomplete, oldest first.
func (r *Reassembler) Expire(now time.Time) []Message {
	var due []*partial
	for _, p := range r.pending {
		if r.overdue(p, now) {
			due = append(due, p)
		}
	}
	slices.SortFunc(due, comparePartials)
	for _, p := range due {
		r.giveUp(p)
	}
	out := r.given
	r.given = nil
	return out
}

// Pending is the number of messages waiting for parts.
func (r *Reassembler) Pending() int { return len(r.pending) }

// maxPending is MaxPending with its default.
func (r *Reassembler) maxPending() int {
	if r.MaxPending > 0 {
		return r.MaxPending
	}
	return DefaultMaxPending
}

// overdue reports whether p has waited too long for its next part.
func (r *Reassembler) overdue(p *partial, now time.Time) bool {
	return now.Sub(p.last) > r.gap || now.Sub(p.first) > r.total
}

// giveUp moves p from the pending messages to those Expire returns.
func (r *Reassembler) giveUp(p *partial) {
	delete(r.pending, p.key)
	r.given = append(r.given, p.message())
}

// oldest is the pending message whose first part arrived first.
func (r *Reassembler) oldest() *partial {
	var o *partial
	for _, p := range r.pending {
		if o == nil || comparePartials(p, o) < 0 {
			o = p
		}
	}
	return o
}

// comparePartials orders messages by the arrival of their first part, then
// by key, so that the order does not depend on map iteration.
func comparePartials(a, b *partial) int {
	if c := a.first.Compare(b.first); c != 0 {
		return c
	}
	if c := strings.Compare(a.key.from, b.key.from); c != 0 {
		return c
	}
	if a.key.ton != b.key.ton {
		return int(a.key.ton) - int(b.key.ton)
	}
	if a.key.ref != b.key.ref {
		return a.key.ref - b.key.ref
	}
	if a.key.total != b.key.total {
		return a.key.total - b.key.total
	}
	if a.key.ref16 == b.key.ref16 {
		return 0
	}
	if a.key.ref16 {
		return 1
	}
	return -1
}

// concat16 reports whether the concatenation element Concat uses has a
// 16-bit reference.
func concat16(h UDH) bool {
	for _, e := range h {
		switch {
		case e.ID == IEIConcat8 && len(e.Data) == 3 && e.Data[1] > 0 && e.Data[2] > 0 && e.Data[2] <= e.Data[1]:
			return false
		case e.ID == IEIConcat16 && len(e.Data) == 4 && e.Data[2] > 0 && e.Data[3] > 0 && e.Data[3] <= e.Data[2]:
			return true
		}
	}
	return false
}

// message joins the parts of p present, in order.
func (p *partial) message() Message {
	m := Message{
		From:     p.key.from,
		FromTON:  p.key.ton,
		Parts:    p.key.total,
		Received: len(p.parts),
		First:    p.first,
		Last:     p.last,
		Ref:      p.key.ref,
	}
	var sb strings.Builder
	stamped := false
	for seq := 1; seq <= p.key.total; seq++ {
		d, ok := p.parts[seq]
		if !ok {
			m.Missing = append(m.Missing, seq)
			continue
		}
		if !stamped {
			m.Timestamp, stamped = d.Timestamp, true
		}
		sb.WriteString(d.Text)
		m.Data = append(m.Data, d.Data...)
	}
	m.Text = sb.String()
	m.Incomplete = len(m.Missing) > 0
	return m
}
