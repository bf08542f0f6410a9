package smsgw

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/sms"
)

// SendOptions change how Send sends a message.
type SendOptions struct {
	// UCS2 sends the text as UCS2 even when it fits the GSM 7-bit alphabet.
	UCS2 bool
	// StatusReport asks for a status report per part (TP-SRR); they come
	// on Reports when Config.StatusReports is set.
	StatusReport bool
	// Validity is the relative validity period (TP-VP); 0 leaves it out.
	Validity time.Duration
}

// sentPart is a part sent with a status report request.
type sentPart struct {
	to   sms.Address
	text string
}

// maxSent bounds the parts remembered for status reports: TP-MR is one
// octet, so there can be no more.
const maxSent = 256

// Send sends text to the number to, split into as many parts as it needs,
// each with AT+CMGS and its own timeout (Config.SendTimeout). It gives the
// TP-MR of each part sent; on an error, those of the parts sent before it.
func (s *Service) Send(ctx context.Context, to, text string, opt SendOptions) ([]int, error) {
	if to == "" {
		return nil, fmt.Errorf("smsgw: no destination")
	}
	base := sms.Submit{StatusReportRequest: opt.StatusReport}
	if opt.Validity > 0 {
		base.Validity = sms.Validity{Format: sms.ValidityRelative, Relative: opt.Validity}
	}
	// Another user or a restart may have switched the modem to text mode.
	if err := s.pduMode(ctx); err != nil {
		return nil, err
	}
	dest := sms.ParseAddress(to)
	ref := int(s.concatN.Add(1))
	parts, err := sms.SubmitParts(dest, text, sms.SplitOptions{ForceUCS2: opt.UCS2, Ref: ref}, base)
	if err != nil {
		return nil, err
	}
	var refs []int
	for i, p := range parts {
		mr, err := s.sendPart(ctx, p, text)
		if err != nil {
			return refs, fmt.Errorf("smsgw: part %d of %d: %w", i+1, len(parts), err)
		}
		refs = append(refs, mr)
	}
	return refs, nil
}

// sendPart sends one SMS-SUBMIT and records its TP-MR for status reports.
func (s *Service) sendPart(ctx context.Context, p sms.Submit, text string) (int, error) {
	pdu, err := p.Encode(true)
	if err != nil {
		return 0, err
	}
	payload := strings.ToUpper(hex.EncodeToString(pdu))
	s.sentMu.Lock()
	defer s.sentMu.Unlock()
	resp, err := s.e.Command(ctx, fmt.Sprintf("AT+CMGS=%d", sms.TPDULength(pdu, true)),
		at.WithPayload([]byte(payload)), at.WithTimeout(s.cfg.SendTimeout))
	if err != nil {
		return 0, err
	}
	v := resp.Prefixed("+CMGS:")
	if len(v) == 0 {
		return 0, fmt.Errorf("smsgw: no +CMGS in the answer")
	}
	mr, err := strconv.Atoi(fields(v[0])[0])
	if err != nil || mr < 0 || mr > 255 {
		return 0, fmt.Errorf("smsgw: malformed +CMGS: %q", v[0])
	}
	if p.StatusReportRequest {
		// Keyed by TP-MR: a reference that wraps replaces only its own
		// record, so the map never holds more than 256.
		s.sent[byte(mr)] = sentPart{to: p.Destination, text: text}
	}
	s.log.Info("SMS sent", "to", p.Destination.Number, "ref", mr)
	return mr, nil
}
