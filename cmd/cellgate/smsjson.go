package main

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

// pduView is the JSON form of a decoded PDU for "cellgate sms".
type pduView struct {
	Type                string    `json:"type"`
	SMSC                *addrView `json:"smsc,omitempty"`
	From                *addrView `json:"from,omitempty"`
	To                  *addrView `json:"to,omitempty"`
	Recipient           *addrView `json:"recipient,omitempty"`
	MessageRef          *int      `json:"message_ref,omitempty"`
	PID                 *int      `json:"pid,omitempty"`
	DCS                 *int      `json:"dcs,omitempty"`
	Alphabet            string    `json:"alphabet,omitempty"`
	Class               *int      `json:"class,omitempty"`
	StatusReportRequest bool      `json:"status_report_request,omitempty"`
	Validity            string    `json:"validity,omitempty"`
	Timestamp           string    `json:"timestamp,omitempty"`
	Discharge           string    `json:"discharge,omitempty"`
	Status              *int      `json:"status,omitempty"`
	StatusText          string    `json:"status_text,omitempty"`
	Delivered           *bool     `json:"delivered,omitempty"`
	Final               *bool     `json:"final,omitempty"`
	UDH                 *udhView  `json:"udh,omitempty"`
	Text                *string   `json:"text,omitempty"`
	Data                string    `json:"data,omitempty"` // hex
	TPDULength          int       `json:"tpdu_length"`
}

type addrView struct {
	Number string `json:"number"`
	TON    byte   `json:"ton"`
	NPI    byte   `json:"npi"`
}

type udhView struct {
	Reference *int          `json:"reference,omitempty"`
	Parts     *int          `json:"parts,omitempty"`
	Sequence  *int          `json:"sequence,omitempty"`
	Elements  []elementView `json:"elements"`
}

type elementView struct {
	ID   byte   `json:"id"`
	Data string `json:"data"`
}

func ptr[T any](v T) *T { return &v }

func addr(a sms.Address) *addrView {
	if a == (sms.Address{}) {
		return nil
	}
	return &addrView{Number: a.Number, TON: a.TON, NPI: a.NPI}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// body fills the data coding, header and user data of v.
func (v *pduView) body(dcs sms.DCS, udh sms.UDH, text string, data []byte) {
	v.DCS = ptr(int(dcs))
	v.Alphabet = dcs.Encoding().String()
	if c, ok := dcs.Class(); ok {
		v.Class = ptr(c)
	}
	if data != nil {
		v.Data = strings.ToUpper(hex.EncodeToString(data))
	} else {
		v.Text = ptr(text)
	}
	if udh == nil {
		return
	}
	u := &udhView{Elements: []elementView{}}
	if ref, total, seq, ok := udh.Concat(); ok {
		u.Reference, u.Parts, u.Sequence = ptr(ref), ptr(total), ptr(seq)
	}
	for _, e := range udh {
		u.Elements = append(u.Elements, elementView{ID: e.ID, Data: strings.ToUpper(hex.EncodeToString(e.Data))})
	}
	v.UDH = u
}

// viewOf gives the JSON view of a decoded Deliver, Submit or StatusReport.
func viewOf(msg any, pdu []byte, withSMSC bool) (pduView, error) {
	v := pduView{TPDULength: sms.TPDULength(pdu, withSMSC)}
	switch m := msg.(type) {
	case sms.Deliver:
		v.Type = sms.KindDeliver.String()
		v.SMSC, v.From, v.PID = addr(m.SMSC), addr(m.Originator), ptr(int(m.PID))
		v.Timestamp = stamp(m.Timestamp)
		v.body(m.DCS, m.UDH, m.Text, m.Data)
	case sms.Submit:
		v.Type = sms.KindSubmit.String()
		v.SMSC, v.To, v.PID = addr(m.SMSC), addr(m.Destination), ptr(int(m.PID))
		v.MessageRef = ptr(int(m.MessageRef))
		v.StatusReportRequest = m.StatusReportRequest
		switch m.Validity.Format {
		case sms.ValidityRelative:
			v.Validity = m.Validity.Relative.String()
		case sms.ValidityAbsolute:
			v.Validity = stamp(m.Validity.Absolute)
		case sms.ValidityEnhanced:
			v.Validity = "enhanced " + hex.EncodeToString(m.Validity.Enhanced[:])
		}
		v.body(m.DCS, m.UDH, m.Text, m.Data)
	case sms.StatusReport:
		v.Type = sms.KindStatusReport.String()
		v.SMSC, v.Recipient = addr(m.SMSC), addr(m.Recipient)
		v.MessageRef = ptr(int(m.MessageRef))
		v.Timestamp, v.Discharge = stamp(m.SCTimestamp), stamp(m.Discharge)
		v.Status, v.StatusText = ptr(int(m.Status)), sms.StatusText(m.Status)
		v.Delivered, v.Final = ptr(m.Delivered()), ptr(m.Final())
		if m.PID != nil {
			v.PID = ptr(int(*m.PID))
		}
		if m.DCS != nil || m.UDH != nil || m.Text != "" || m.Data != nil {
			var dcs sms.DCS
			if m.DCS != nil {
				dcs = *m.DCS
			}
			v.body(dcs, m.UDH, m.Text, m.Data)
		}
	default:
		return v, fmt.Errorf("unsupported message %T", msg)
	}
	return v, nil
}

// decodeAnyPDU decodes hex the way a PDU is most likely meant: with the
// SMSC address in front before without it, and as a message from the
// network (SMS-DELIVER, SMS-STATUS-REPORT) before one to it (SMS-SUBMIT).
func decodeAnyPDU(s string) (pduView, error) {
	pdu, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return pduView{}, fmt.Errorf("PDU is not hexadecimal: %v", err)
	}
	var first error
	for _, withSMSC := range []bool{true, false} {
		for _, fromNetwork := range []bool{true, false} {
			msg, err := sms.DecodeAny(pdu, withSMSC, fromNetwork)
			if err == nil {
				return viewOf(msg, pdu, withSMSC)
			}
			if first == nil {
				first = err
			}
		}
	}
	return pduView{}, first
}
