package sms

// First-octet bits of an SMS-SUBMIT (TS 23.040 9.2.2.2).
const (
	submitRejectDuplicates = 0x04 // TP-RD
	submitVPFShift         = 3    // TP-VPF, bits 3-4
	submitSRR              = 0x20 // TP-SRR
)

// Submit is an SMS-SUBMIT TPDU (TS 23.040 9.2.2.2): a message from the
// modem to the service centre, as AT+CMGS sends it.
//
// Text carries the message for the GSM 7-bit and UCS2 encodings of DCS,
// Data for 8-bit and compressed user data; the other is empty. UDH is nil
// when the message has no user data header.
type Submit struct {
	SMSC                Address // with the PDU-mode prefix only
	RejectDuplicates    bool    // TP-RD
	StatusReportRequest bool    // TP-SRR
	ReplyPath           bool    // TP-RP
	MessageRef          byte    // TP-MR
	Destination         Address // TP-DA
	PID                 byte    // TP-PID
	DCS                 DCS     // TP-DCS
	Validity            Validity
	UDH                 UDH
	Text                string
	Data                []byte
}

// Encode gives the PDU of s, with the SMSC address in front when withSMSC
// is set (PDU mode, TS 27.005 3.1).
func (s Submit) Encode(withSMSC bool) ([]byte, error) {
	out, err := startPDU(withSMSC, s.SMSC)
	if err != nil {
		return nil, err
	}
	fo := byte(mtiSubmit) | (s.Validity.Format&3)<<submitVPFShift
	if s.RejectDuplicates {
		fo |= submitRejectDuplicates
	}
	if s.StatusReportRequest {
		fo |= submitSRR
	}
	if s.UDH != nil {
		fo |= foUDHI
	}
	if s.ReplyPath {
		fo |= foReplyPath
	}
	out = append(out, fo, s.MessageRef)
	if out, err = appendTPAddress(out, s.Destination, "destination address"); err != nil {
		return nil, err
	}
	out = append(out, s.PID, byte(s.DCS))
	if out, err = s.Validity.appendTo(out); err != nil {
		return nil, err
	}
	return appendUserData(out, s.DCS, s.UDH, s.Text, s.Data)
}

// DecodeSubmit reads an SMS-SUBMIT PDU, which starts with the SMSC address
// when withSMSC is set (PDU mode, TS 27.005 3.1). The PDU must end with the
// user data.
func DecodeSubmit(pdu []byte, withSMSC bool) (Submit, error) {
	r := &reader{b: pdu}
	var s Submit
	var fo byte
	var err error
	if s.SMSC, fo, err = firstOctet(r, withSMSC, mtiSubmit, "SMS-SUBMIT"); err != nil {
		return Submit{}, err
	}
	s.RejectDuplicates = fo&submitRejectDuplicates != 0
	s.StatusReportRequest = fo&submitSRR != 0
	s.ReplyPath = fo&foReplyPath != 0
	if s.MessageRef, err = r.byte("message reference"); err != nil {
		return Submit{}, err
	}
	if s.Destination, err = decodeTPAddress(r, "destination address"); err != nil {
		return Submit{}, err
	}
	if s.PID, err = r.byte("protocol identifier"); err != nil {
		return Submit{}, err
	}
	dcs, err := r.byte("data coding scheme")
	if err != nil {
		return Submit{}, err
	}
	s.DCS = DCS(dcs)
	if s.Validity, err = decodeValidity(r, fo>>submitVPFShift&3); err != nil {
		return Submit{}, err
	}
	u, err := decodeUserData(r, s.DCS, fo&foUDHI != 0)
	if err != nil {
		return Submit{}, err
	}
	s.UDH, s.Text, s.Data = u.udh, u.text, u.data
	return s, nil
}
