package smsgw

import (
	"context"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/sms"
)

// Report is a status report on a part sent (TS 23.040 9.2.2.3).
//
// Ref is the part's TP-MR as Send gave it, To the recipient, Status the
// TP-ST (sms.StatusText describes it), Delivered whether the message
// reached the recipient, Final whether no further report follows. Text is
// the text of the message the part belongs to; "" when the report matched
// no part this Service sent.
type Report struct {
	Ref       int
	To        string
	Delivered bool
	Final     bool
	Status    byte
	Text      string
}

// report matches a status report to the part sent and hands it on; without
// Config.StatusReports it is only logged. It gives ctx's error when the
// report could not be handed on.
func (s *Service) report(ctx context.Context, sr sms.StatusReport) error {
	r := Report{Ref: int(sr.MessageRef), To: sr.Recipient.Number, Delivered: sr.Delivered(), Final: sr.Final(), Status: sr.Status}
	s.sentMu.Lock()
	p, ok := s.sent[sr.MessageRef]
	if ok && sameNumber(p.to.Number, sr.Recipient.Number) {
		r.To, r.Text = p.to.Number, p.text
		if r.Final {
			delete(s.sent, sr.MessageRef)
		}
	} else {
		ok = false
	}
	s.sentMu.Unlock()
	log := s.log.With("ref", r.Ref, "to", r.To, "status", sms.StatusText(r.Status), "matched", ok)
	if !s.cfg.StatusReports {
		log.Info("status report")
		return nil
	}
	log.Debug("status report")
	select {
	case s.reports <- r:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("smsgw: report not handed on: %w", ctx.Err())
	}
}

// sameNumber compares two numbers as service centres write them: with or
// without the international '+', or one in national format (the last seven
// digits or more agree).
func sameNumber(a, b string) bool {
	a, b = strings.TrimPrefix(a, "+"), strings.TrimPrefix(b, "+")
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	a = strings.TrimLeft(a, "0")
	return len(a) >= 7 && strings.HasSuffix(b, a)
}
