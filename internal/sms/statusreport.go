package sms

import (
	"fmt"
	"time"
)

// First-octet bits of an SMS-STATUS-REPORT (TS 23.040 9.2.2.3).
const (
	statusNoMoreMessages = 0x04 // TP-MMS: set means no more messages wait
	statusSRQ            = 0x20 // TP-SRQ: the report is about an SMS-COMMAND
)

// TP-Parameter-Indicator bits (TS 23.040 9.2.3.27).
const (
	piPID       = 0x01
	piDCS       = 0x02
	piUDL       = 0x04
	piExtension = 0x80 // another TP-PI octet follows
)

// StatusReport is an SMS-STATUS-REPORT TPDU (TS 23.040 9.2.2.3): the
// service centre telling the modem what became of a message it submitted
// with TP-SRR set (what +CDS and +CMGR show for reports).
//
// MessageRef is the TP-MR of that SMS-SUBMIT, Recipient its destination,
// SCTimestamp when the service centre received it and Discharge when Status
// (TP-ST, see StatusText) was reached. PID and DCS are nil when the report
// omits them; Text and Data follow the same rules as in Deliver and are only
// present when the report carries user data. TP-LP is not kept.
type StatusReport struct {
	SMSC                  Address // with the PDU-mode prefix only
	MoreMessages          bool    // more messages are waiting (TP-MMS clear)
	StatusReportQualifier bool    // TP-SRQ: the report is about an SMS-COMMAND
	MessageRef            byte    // TP-MR
	Recipient             Address // TP-RA
	SCTimestamp           time.Time
	Discharge             time.Time // TP-DT
	Status                byte      // TP-ST
	PID                   *byte     // TP-PID, when present
	DCS                   *DCS      // TP-DCS, when present
	UDH                   UDH
	Text                  string
	Data                  []byte
}

// Delivered reports whether the message reached the recipient: TP-ST
// 0x00-0x1F, "short message transaction completed" (TS 23.040 9.2.3.15).
func (s StatusReport) Delivered() bool { return s.Status <= 0x1F }

// Final reports whether the status is the last word on the message: every
// value except 0x20-0x3F, the temporary errors after which the service
// centre keeps trying.
func (s StatusReport) Final() bool { return s.Status < 0x20 || s.Status > 0x3F }

// hasUserData reports whether s carries TP-UDL and TP-UD.
func (s StatusReport) hasUserData() bool {
	return s.UDH != nil || s.Text != "" || len(s.Data) > 0
}

// Encode gives the PDU of s, with the SMSC address in front when withSMSC
// is set (PDU mode, TS 27.005 3.1). TP-PI is written only when PID, DCS or
// user data is present; user data without a DCS is encoded as GSM 7-bit.
func (s StatusReport) Encode(withSMSC bool) ([]byte, error) {
	out, err := startPDU(withSMSC, s.SMSC)
	if err != nil {
		return nil, err
	}
	fo := byte(mtiStatusReport)
	if !s.MoreMessages {
		fo |= statusNoMoreMessages
	}
	if s.StatusReportQualifier {
		fo |= statusSRQ
	}
	if s.UDH != nil {
		fo |= foUDHI
	}
	out = append(out, fo, s.MessageRef)
	if out, err = appendTPAddress(out, s.Recipient, "recipient address"); err != nil {
		return nil, err
	}
	if out, err = appendSCTS(out, s.SCTimestamp, "service centre timestamp"); err != nil {
		return nil, err
	}
	if out, err = appendSCTS(out, s.Discharge, "discharge time"); err != nil {
		return nil, err
	}
	out = append(out, s.Status)
	var pi byte
	if s.PID != nil {
		pi |= piPID
	}
	if s.DCS != nil {
		pi |= piDCS
	}
	if s.hasUserData() {
		pi |= piUDL
	}
	if pi == 0 {
		return out, nil
	}
	out = append(out, pi)
	if s.PID != nil {
		out = append(out, *s.PID)
	}
	var dcs DCS
	if s.DCS != nil {
		dcs = *s.DCS
		out = append(out, byte(dcs))
	}
	if pi&piUDL == 0 {
		return out, nil
	}
	return appendUserData(out, dcs, s.UDH, s.Text, s.Data)
}

// DecodeStatusReport reads an SMS-STATUS-REPORT PDU, which starts with the
// SMSC address when withSMSC is set (PDU mode, TS 27.005 3.1). The PDU may
// end after TP-ST; otherwise TP-PI says which optional fields follow
// (further TP-PI octets flagged by the extension bit are skipped), and the
// PDU must end with the last of them. Without TP-UDL, TP-UDHI is ignored.
func DecodeStatusReport(pdu []byte, withSMSC bool) (StatusReport, error) {
	r := &reader{b: pdu}
	var s StatusReport
	var fo byte
	var err error
	if s.SMSC, fo, err = firstOctet(r, withSMSC, mtiStatusReport, "SMS-STATUS-REPORT"); err != nil {
		return StatusReport{}, err
	}
	s.MoreMessages = fo&statusNoMoreMessages == 0
	s.StatusReportQualifier = fo&statusSRQ != 0
	if s.MessageRef, err = r.byte("message reference"); err != nil {
		return StatusReport{}, err
	}
	if s.Recipient, err = decodeTPAddress(r, "recipient address"); err != nil {
		return StatusReport{}, err
	}
	for _, f := range []struct {
		dst  *time.Time
		name string
	}{{&s.SCTimestamp, "service centre timestamp"}, {&s.Discharge, "discharge time"}} {
		b, err := r.bytes(sctsLen, f.name)
		if err != nil {
			return StatusReport{}, err
		}
		if *f.dst, err = decodeSCTS(b, f.name); err != nil {
			return StatusReport{}, err
		}
	}
	if s.Status, err = r.byte("status"); err != nil {
		return StatusReport{}, err
	}
	if r.remaining() == 0 {
		return s, nil
	}
	pi, err := r.byte("parameter indicator")
	if err != nil {
		return StatusReport{}, err
	}
	for ext := pi; ext&piExtension != 0; {
		if ext, err = r.byte("parameter indicator extension"); err != nil {
			return StatusReport{}, err
		}
	}
	if pi&piPID != 0 {
		pid, err := r.byte("protocol identifier")
		if err != nil {
			return StatusReport{}, err
		}
		s.PID = &pid
	}
	var dcs DCS
	if pi&piDCS != 0 {
		b, err := r.byte("data coding scheme")
		if err != nil {
			return StatusReport{}, err
		}
		dcs = DCS(b)
		s.DCS = &dcs
	}
	if pi&piUDL == 0 {
		if extra := r.remaining(); extra > 0 {
			return StatusReport{}, fmt.Errorf("sms: %d unexpected octets after the status report parameters", extra)
		}
		return s, nil
	}
	u, err := decodeUserData(r, dcs, fo&foUDHI != 0)
	if err != nil {
		return StatusReport{}, err
	}
	s.UDH, s.Text, s.Data = u.udh, u.text, u.data
	return s, nil
}
