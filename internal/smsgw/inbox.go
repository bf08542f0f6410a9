package smsgw

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cellgate/cellgate/internal/redact"
	"github.com/cellgate/cellgate/internal/sms"
)

// heldPart is a stored part of a concatenated message whose siblings have
// not all arrived: it stays on the modem until the message is handed on.
type heldPart struct {
	key partKey
	pdu string
	at  time.Time // when it went to the reassembler
}

// partKey names the message a part belongs to, as the reassembler does.
type partKey struct {
	from       string
	ton        byte
	ref, total int
}

func keyOf(d sms.Deliver) partKey {
	ref, total, _, _ := d.UDH.Concat()
	return partKey{from: d.Originator.Number, ton: d.Originator.TON, ref: ref, total: total}
}

func keyOfMessage(m sms.Message) partKey {
	return partKey{from: m.From, ton: m.FromTON, ref: m.Ref, total: m.Parts}
}

// handle serves one indication.
func (s *Service) handle(ctx context.Context, ind indication) {
	switch ind.kind {
	case indStored:
		st, err := s.read(ctx, ind.index)
		switch {
		case errors.Is(err, ErrEmpty):
			s.log.Debug("indicated message already gone", "index", ind.index)
		case err != nil:
			s.log.Warn("reading a stored message failed; sweeping again soon", "index", ind.index, "err", err)
			s.resweep = true
		default:
			if h, ok := s.held[ind.index]; ok && h.pdu == st.PDU {
				return // already waiting for its siblings
			}
			if s.deleteAgain(ctx, st) {
				return
			}
			delete(s.held, ind.index) // the slot was reused
			s.stored(ctx, st)
		}
	case indDirect:
		s.direct(ctx, ind.pdu)
	case indReport:
		if r, err := decodeHex(ind.pdu, true); err != nil {
			s.log.Warn("undecodable status report dropped", "pdu", redact.Message(ind.pdu), "err", err)
		} else if sr, ok := r.(sms.StatusReport); ok {
			s.report(ctx, sr)
		}
		s.acknowledge(ctx)
	case indFull:
		s.log.Warn("SMS storage full, draining")
		s.sweep(ctx)
		s.release(ctx)
	}
}

// sweep reads every stored message (AT+CMGL=4) and serves it.
func (s *Service) sweep(ctx context.Context) {
	list, err := s.List(ctx, StatAll)
	if err != nil {
		s.log.Warn("listing stored messages failed", "err", err)
	}
	for _, st := range list {
		if _, ok := s.held[st.Index]; ok || s.deleteAgain(ctx, st) {
			continue
		}
		s.stored(ctx, st)
	}
}

// stored serves a message read from the storage: a received message goes to
// the reassembler and, once handed on, is deleted with all its parts; a
// status report is handed on and deleted; a message stored to send is left
// alone; an undecodable PDU is logged and deleted.
func (s *Service) stored(ctx context.Context, st Stored) {
	switch m := st.Msg.(type) {
	case sms.Deliver:
		now := time.Now()
		msg, done := s.reasm.Add(m, now)
		if !done {
			s.held[st.Index] = heldPart{key: keyOf(m), pdu: st.PDU, at: now}
			return
		}
		if s.handOn(ctx, msg) != nil {
			return
		}
		s.remove(ctx, append(s.heldFor(keyOf(m), msg), st.Index), st.PDU)
	case sms.StatusReport:
		if s.report(ctx, m) != nil {
			return
		}
		s.remove(ctx, []int{st.Index}, st.PDU)
	case sms.Submit:
	default:
		s.log.Warn("undecodable stored message deleted", "index", st.Index, "status", st.Status, "pdu", redact.Message(st.PDU), "err", st.Err)
		s.remove(ctx, []int{st.Index}, st.PDU)
	}
}

// direct serves a message shown with +CMT, acknowledging it once handed on.
func (s *Service) direct(ctx context.Context, pdu string) {
	v, err := decodeHex(pdu, true)
	d, ok := v.(sms.Deliver)
	if err != nil || !ok {
		s.log.Warn("undecodable message dropped", "pdu", redact.Message(pdu), "err", err)
		s.acknowledge(ctx)
		return
	}
	if msg, done := s.reasm.Add(d, time.Now()); done && s.handOn(ctx, msg) != nil {
		return // not acknowledged: the network repeats it
	}
	s.acknowledge(ctx)
}

// acknowledge sends AT+CNMA when acknowledged delivery is on.
func (s *Service) acknowledge(ctx context.Context) {
	if !s.ack || !s.cfg.Direct {
		return
	}
	if _, err := s.e.Command(ctx, "AT+CNMA"); err != nil {
		s.log.Debug("AT+CNMA", "err", err)
	}
}

// expire hands on the messages the reassembler gave up on, Incomplete,
// and deletes their stored parts.
func (s *Service) expire(ctx context.Context, now time.Time) {
	for _, msg := range s.reasm.Expire(now) {
		s.log.Warn("incomplete message", "from", msg.From, "parts", msg.Parts, "missing", msg.Missing)
		if s.handOn(ctx, msg) != nil {
			return // the next Run rebuilds from the storage
		}
		s.remove(ctx, s.heldFor(keyOfMessage(msg), msg), "")
	}
}

// release deletes the held parts when the storage is full: they stay in
// the reassembler but would be lost if the process died.
func (s *Service) release(ctx context.Context) {
	if len(s.held) == 0 {
		return
	}
	idx := make([]int, 0, len(s.held))
	for i := range s.held {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	s.log.Warn("storage full: deleting waiting parts, kept in memory only", "indexes", idx)
	for _, i := range idx {
		s.remove(ctx, []int{i}, "")
	}
}

// heldFor gives the storage indexes of the held parts of msg: those of its
// key that went to the reassembler between its first and last part (a newer
// message with the same sender and reference is not touched).
func (s *Service) heldFor(k partKey, msg sms.Message) []int {
	var out []int
	for i, h := range s.held {
		if h.key == k && !h.at.Before(msg.First) && !h.at.After(msg.Last) {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// remove deletes handed-on messages and forgets them as held. pdu is the
// PDU of the last index (the others are held parts, whose PDUs are known).
// A delete that fails is remembered, so that the message, found again, is
// deleted instead of handed on twice.
func (s *Service) remove(ctx context.Context, idx []int, pdu string) {
	for n, i := range idx {
		p := pdu
		if h, ok := s.held[i]; ok {
			p = h.pdu
		} else if n < len(idx)-1 {
			p = ""
		}
		delete(s.held, i)
		if err := s.Delete(ctx, i); err != nil {
			s.log.Warn("deleting a handed-on message failed; it is deleted when found again", "index", i, "err", err)
			if p != "" {
				s.undeleted[i] = p
			}
			continue
		}
		delete(s.undeleted, i)
	}
}

// deleteAgain deletes st if it is a handed-on message whose delete failed,
// and reports whether it was one.
func (s *Service) deleteAgain(ctx context.Context, st Stored) bool {
	p, ok := s.undeleted[st.Index]
	if !ok {
		return false
	}
	if p != st.PDU {
		delete(s.undeleted, st.Index) // the slot holds a new message
		return false
	}
	s.remove(ctx, []int{st.Index}, st.PDU)
	return true
}

// retryDeletes deletes again the handed-on messages whose delete failed.
func (s *Service) retryDeletes(ctx context.Context) {
	for i, p := range s.undeleted {
		st, err := s.read(ctx, i)
		switch {
		case errors.Is(err, ErrEmpty):
			delete(s.undeleted, i)
		case err == nil:
			if st.PDU == p {
				s.remove(ctx, []int{i}, p)
			} else {
				delete(s.undeleted, i)
			}
		}
	}
}

// handOn gives msg to the receiver of Messages, or ctx's error.
func (s *Service) handOn(ctx context.Context, msg sms.Message) error {
	select {
	case s.msgs <- msg:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("smsgw: not handed on: %w", ctx.Err())
	}
}
