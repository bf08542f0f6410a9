package sms

import "time"

// First-octet bits of an SMS-DELIVER (TS 23.040 9.2.2.1).
const (
	deliverNoMoreMessages = 0x04 // TP-MMS: set means no more messages wait
	deliverLoopPrevention = 0x08 // TP-LP
	deliverSRI            = 0x20 // TP-SRI
)

// Deliver is an SMS-DELIVER TPDU (TS 23.040 9.2.2.1): a message from the
// service centre to the modem.
//
// Text carries the message for the GSM 7-bit and UCS2 encodings of DCS,
// Data for 8-bit and compressed user data; the other is empty. UDH is nil
// when the message has no user data header. A zero Timestamp is encoded as
// seven zero octets and such octets decode to a zero Timestamp.
type Deliver struct {
	SMSC                   Address // with the PDU-mode prefix only
	MoreMessages           bool    // more messages are waiting (TP-MMS clear)
	ReplyPath              bool    // TP-RP
	StatusReportIndication bool    // TP-SRI: a status report was requested
	LoopPrevention         bool    // TP-LP
	Originator             Address // TP-OA
	PID                    byte    // TP-PID
	DCS                    DCS     // TP-DCS
	Timestamp              time.Time
	UDH                    UDH
	Text                   string
	Data                   []byte
}

// Encode gives the PDU of d, with the SMSC address in front when withSMSC
// is set (PDU mode, TS 27.005 3.1).
func (d Deliver) Encode(withSMSC bool) ([]byte, error) {
	out, err := startPDU(withSMSC, d.SMSC)
	if err != nil {
		return nil, err
	}
	fo := byte(mtiDeliver)
	if !d.MoreMessages {
		fo |= deliverNoMoreMessages
	}
	if d.LoopPrevention {
		fo |= deliverLoopPrevention
	}
	if d.StatusReportIndication {
		fo |= deliverSRI
	}
	if d.UDH != nil {
		fo |= foUDHI
	}
	if d.ReplyPath {
		fo |= foReplyPath
	}
	out = append(out, fo)
	if out, err = appendTPAddress(out, d.Originator, "originator address"); err != nil {
		return nil, err
	}
	out = append(out, d.PID, byte(d.DCS))
	if out, err = appendSCTS(out, d.Timestamp, "service centre timestamp"); err != nil {
		return nil, err
	}
	return appendUserData(out, d.DCS, d.UDH, d.Text, d.Data)
}

// DecodeDeliver reads an SMS-DELIVER PDU, which starts with the SMSC
// address when withSMSC is set (PDU mode, TS 27.005 3.1). The PDU must end
// with the user data.
func DecodeDeliver(pdu []byte, withSMSC bool) (Deliver, error) {
	r := &reader{b: pdu}
	var d Deliver
	var fo byte
	var err error
	if d.SMSC, fo, err = firstOctet(r, withSMSC, mtiDeliver, "SMS-DELIVER"); err != nil {
		return Deliver{}, err
	}
	d.MoreMessages = fo&deliverNoMoreMessages == 0
	d.LoopPrevention = fo&deliverLoopPrevention != 0
	d.StatusReportIndication = fo&deliverSRI != 0
	d.ReplyPath = fo&foReplyPath != 0
	if d.Originator, err = decodeTPAddress(r, "originator address"); err != nil {
		return Deliver{}, err
	}
	if d.PID, err = r.byte("protocol identifier"); err != nil {
		return Deliver{}, err
	}
	dcs, err := r.byte("data coding scheme")
	if err != nil {
		return Deliver{}, err
	}
	d.DCS = DCS(dcs)
	ts, err := r.bytes(sctsLen, "service centre timestamp")
	if err != nil {
		return Deliver{}, err
	}
	if d.Timestamp, err = decodeSCTS(ts, "service centre timestamp"); err != nil {
		return Deliver{}, err
	}
	u, err := decodeUserData(r, d.DCS, fo&foUDHI != 0)
	if err != nil {
		return Deliver{}, err
	}
	d.UDH, d.Text, d.Data = u.udh, u.text, u.data
	return d, nil
}
