package modem

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/cellgate/cellgate/internal/sms"
)

// smsSlots is the size of the "SM" storage (guide 9.1.1: +CPMS: 3,40,...).
// Indexes run from 0 to smsSlots-1.
const smsSlots = 40

// Message status (27.005 3.1 <stat>), numeric in PDU mode, text in text mode.
const (
	recUnread = 0
	recRead   = 1
	stoUnsent = 2
	stoSent   = 3
	statAll   = 4
)

var statNames = []string{"REC UNREAD", "REC READ", "STO UNSENT", "STO SENT", "ALL"}

// Errors of InjectSMS and InjectPDU.
var (
	ErrStorageFull   = errors.New("modem: SMS storage full")
	ErrNotRegistered = errors.New("modem: not registered, cannot receive SMS")
)

// smsEntry is one message in the "SM" storage.
type smsEntry struct {
	stat   int
	pdu    []byte // with the SMSC address in front
	submit bool   // an SMS-SUBMIT (stored with AT+CMGW) rather than an SMS-DELIVER
	addr   string // originator or destination
	scts   time.Time
	text   string // the text, or the 8-bit data in hex
}

// SentSMS is a message the module sent for the TE (AT+CMGS or AT+CMSS).
type SentSMS struct {
	To     string     // destination address
	Text   string     // text of a GSM 7-bit or UCS2 message, hex of 8-bit data
	Ref    int        // TP-MR the module answered with
	PDU    []byte     // the SMS-SUBMIT PDU, with the SMSC address in front
	Submit sms.Submit // the PDU decoded
	Time   time.Time
}

// entryFromDeliver decodes an SMS-DELIVER PDU (with SMSC) for storage.
func entryFromDeliver(pdu []byte) (*smsEntry, error) {
	d, err := sms.DecodeDeliver(pdu, true)
	if err != nil {
		return nil, err
	}
	return &smsEntry{stat: recUnread, pdu: pdu, addr: d.Originator.Number, scts: d.Timestamp, text: bodyText(d.Text, d.Data)}, nil
}

// entryFromSubmit decodes an SMS-SUBMIT PDU (with SMSC) for storage.
func entryFromSubmit(pdu []byte, stat int) (*smsEntry, sms.Submit, error) {
	s, err := sms.DecodeSubmit(pdu, true)
	if err != nil {
		return nil, s, err
	}
	return &smsEntry{stat: stat, pdu: pdu, submit: true, addr: s.Destination.Number, text: bodyText(s.Text, s.Data)}, s, nil
}

// bodyText is what text mode shows of a message: its text, or its 8-bit
// data in hex.
func bodyText(text string, data []byte) string {
	if data != nil {
		return fmt.Sprintf("%X", data)
	}
	return text
}

// scts formats a service centre time stamp as 27.005 text mode shows it:
// "yy/MM/dd,hh:mm:ss±zz" with zz in quarter hours (guide 9.4.1).
func scts(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%s%c%02d", t.Format("06/01/02,15:04:05"), sign, off/900)
}

// deliverPDUs builds the SMS-DELIVER PDUs of a message from from, split into
// concatenated parts when it does not fit one (TS 23.040 9.2.3.24.1).
func deliverPDUs(smsc, from, text string, ts time.Time, ref int) ([][]byte, error) {
	enc := sms.GSM7
	if _, ok := sms.EncodeGSM7(text); !ok {
		enc = sms.UCS2
	}
	parts := splitText(text, enc)
	var out [][]byte
	for i, part := range parts {
		d := sms.Deliver{
			SMSC:       sms.ParseAddress(smsc),
			Originator: sms.ParseAddress(from),
			DCS:        sms.NewDCS(enc, -1),
			Timestamp:  ts,
			Text:       part,
		}
		if len(parts) > 1 {
			d.UDH = sms.UDH{sms.NewConcat(ref, len(parts), i+1)}
		}
		pdu, err := d.Encode(true)
		if err != nil {
			return nil, err
		}
		out = append(out, pdu)
	}
	return out, nil
}

// splitText splits text into the parts of a message: one if it fits 160
// septets or 70 UCS2 units, else parts of 153 septets or 67 units.
func splitText(text string, enc sms.Encoding) []string {
	size := func(s string) int {
		if enc == sms.UCS2 {
			return len(utf16.Encode([]rune(s)))
		}
		sept, _ := sms.EncodeGSM7(s)
		return len(sept)
	}
	single, part := 160, 153
	if enc == sms.UCS2 {
		single, part = 70, 67
	}
	if size(text) <= single {
		return []string{text}
	}
	var out []string
	var cur strings.Builder
	for _, r := range text {
		if size(cur.String()+string(r)) > part {
			out = append(out, cur.String())
			cur.Reset()
		}
		cur.WriteRune(r)
	}
	return append(out, cur.String())
}

// freeSlotLocked gives the lowest free storage index, -1 when full.
func (st *state) freeSlot() int {
	for i, e := range st.sim.store {
		if e == nil {
			return i
		}
	}
	return -1
}

// usedSlots counts the stored messages.
func (st *state) usedSlots() int {
	n := 0
	for _, e := range st.sim.store {
		if e != nil {
			n++
		}
	}
	return n
}

// receiveLocked hands an incoming message to the TE as AT+CNMI asks: stored
// with +CMTI, or shown at once with +CMT (guide 9.4.1). It returns the
// storage index, -1 when the message was not stored.
func (m *Modem) receiveLocked(e *smsEntry) (int, error) {
	st := m.st
	if !st.registered() || st.sim.status() != simReady {
		return -1, ErrNotRegistered
	}
	mode, mt := st.cnmi[0], st.cnmi[1]
	if mode != 0 && mt == 2 {
		m.urcLocked(m.cmtLinesLocked(e)...)
		if st.csms == 1 {
			st.cnmaPending = true
		}
		return -1, nil
	}
	i := st.freeSlot()
	if i < 0 {
		m.smsFullLocked()
		return -1, ErrStorageFull
	}
	st.sim.store[i] = e
	if mode != 0 && (mt == 1 || mt == 3) {
		m.urcLocked(fmt.Sprintf(`+CMTI: "SM",%d`, i))
	}
	if st.freeSlot() < 0 {
		m.smsFullLocked()
	}
	return i, nil
}

// cmtLinesLocked formats +CMT: ",<length>" and the PDU in PDU mode, the
// header and the text in text mode.
func (m *Modem) cmtLinesLocked(e *smsEntry) []string {
	if m.st.cmgf == 0 {
		return []string{fmt.Sprintf("+CMT: ,%d", sms.TPDULength(e.pdu, true)), strings.ToUpper(hex.EncodeToString(e.pdu))}
	}
	cscs := m.st.cscs
	return []string{
		fmt.Sprintf(`+CMT: "%s",,"%s"`, teString(cscs, e.addr), scts(e.scts)),
		teString(cscs, e.text),
	}
}

// smsFullLocked sends the module's storage-full indication, if it has one.
func (m *Modem) smsFullLocked() {
	if m.prof.smsFull != "" {
		m.urcLocked(m.prof.smsFull)
	}
}
