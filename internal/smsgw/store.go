package smsgw

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cellgate/cellgate/internal/sms"
)

// Message status values of AT+CMGL and +CMGR in PDU mode (27.005 3.1
// <stat>).
const (
	StatUnread = 0 // received, unread
	StatRead   = 1 // received, read
	StatUnsent = 2 // stored to send, unsent
	StatSent   = 3 // stored to send, sent
	StatAll    = 4 // every message (AT+CMGL only)
)

// ErrEmpty is returned by Read for a storage index that holds no message.
var ErrEmpty = errors.New("smsgw: no message at that index")

// Stored is a message in the modem's storage.
//
// Msg is the decoded PDU: an sms.Deliver or sms.StatusReport for received
// messages, an sms.Submit for ones stored to send; nil when the PDU could
// not be decoded, and then Err says why. PDU is the hex as the modem showed
// it, with the SMSC address in front.
type Stored struct {
	Index  int
	Status int
	Msg    any
	PDU    string
	Err    error
}

// List gives the stored messages with status stat (StatUnread ...
// StatAll), as AT+CMGL=<stat> shows them. Listing marks unread messages
// read. PDU mode is selected first.
func (s *Service) List(ctx context.Context, stat int) ([]Stored, error) {
	if err := s.pduMode(ctx); err != nil {
		return nil, err
	}
	resp, err := s.e.Command(ctx, fmt.Sprintf("AT+CMGL=%d", stat))
	if err != nil {
		return nil, err
	}
	var out []Stored
	for i := 0; i < len(resp.Lines); i++ {
		head, ok := strings.CutPrefix(resp.Lines[i], "+CMGL:")
		if !ok {
			continue
		}
		f := fields(head)
		if len(f) < 2 || i+1 >= len(resp.Lines) {
			return out, fmt.Errorf("smsgw: malformed +CMGL: %q", resp.Lines[i])
		}
		index, err1 := strconv.Atoi(f[0])
		st, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			return out, fmt.Errorf("smsgw: malformed +CMGL: %q", resp.Lines[i])
		}
		i++
		out = append(out, decodeStored(index, st, resp.Lines[i]))
	}
	return out, nil
}

// Read gives the message at storage index, as AT+CMGR=<index> shows it;
// ErrEmpty when there is none. Reading marks an unread message read.
func (s *Service) Read(ctx context.Context, index int) (Stored, error) {
	if err := s.pduMode(ctx); err != nil {
		return Stored{}, err
	}
	return s.read(ctx, index)
}

// read is Read without selecting PDU mode.
func (s *Service) read(ctx context.Context, index int) (Stored, error) {
	resp, err := s.e.Command(ctx, fmt.Sprintf("AT+CMGR=%d", index))
	if err != nil {
		return Stored{}, err
	}
	for i, l := range resp.Lines {
		head, ok := strings.CutPrefix(l, "+CMGR:")
		if !ok {
			continue
		}
		f := fields(head)
		st, err := strconv.Atoi(f[0])
		if err != nil || i+1 >= len(resp.Lines) {
			return Stored{}, fmt.Errorf("smsgw: malformed +CMGR: %q", l)
		}
		return decodeStored(index, st, resp.Lines[i+1]), nil
	}
	return Stored{}, ErrEmpty
}

// Delete deletes the message at storage index (AT+CMGD=<index>).
func (s *Service) Delete(ctx context.Context, index int) error {
	_, err := s.e.Command(ctx, fmt.Sprintf("AT+CMGD=%d", index))
	return err
}

// pduMode selects PDU mode; a modem restart may have reset it.
func (s *Service) pduMode(ctx context.Context) error {
	_, err := s.e.Command(ctx, "AT+CMGF=0")
	return err
}

// decodeStored decodes a stored PDU: received ones (stat 0, 1) as from the
// network, the others as to it.
func decodeStored(index, stat int, pdu string) Stored {
	st := Stored{Index: index, Status: stat, PDU: strings.TrimSpace(pdu)}
	st.Msg, st.Err = decodeHex(st.PDU, stat <= StatRead)
	return st
}

// decodeHex decodes a PDU-mode hex PDU with the SMSC address in front.
func decodeHex(pdu string, fromNetwork bool) (any, error) {
	b, err := hex.DecodeString(strings.TrimSpace(pdu))
	if err != nil {
		return nil, fmt.Errorf("smsgw: PDU is not hexadecimal: %w", err)
	}
	return sms.DecodeAny(b, true, fromNetwork)
}

// fields splits the parameters of an information line at commas, trimmed
// and unquoted.
func fields(s string) []string {
	f := strings.Split(s, ",")
	for i := range f {
		f[i] = strings.Trim(strings.TrimSpace(f[i]), `"`)
	}
	return f
}
