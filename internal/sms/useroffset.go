package sms

import "fmt"

// UserDataOffset gives the offset in pdu of the TP-User-Data-Length octet
// of an SMS-DELIVER or SMS-SUBMIT, which starts with the SMSC address when
// withSMSC is set: everything before it is header (addresses, coding,
// timestamp or validity), everything from it on is the message. The PDU
// must decode in full; any other kind of TPDU is an error.
func UserDataOffset(pdu []byte, withSMSC bool) (int, error) {
	r := &reader{b: pdu}
	_, fo, err := tpduStart(r, withSMSC)
	if err != nil {
		return 0, err
	}
	var off int
	switch fo & 3 {
	case mtiDeliver:
		if _, err := DecodeDeliver(pdu, withSMSC); err != nil {
			return 0, err
		}
		_, _ = decodeTPAddress(r, "originator address")
		r.pos += 2 + sctsLen // TP-PID, TP-DCS, TP-SCTS
		off = r.pos
	case mtiSubmit:
		if _, err := DecodeSubmit(pdu, withSMSC); err != nil {
			return 0, err
		}
		r.pos++ // TP-MR
		_, _ = decodeTPAddress(r, "destination address")
		r.pos += 2 // TP-PID, TP-DCS
		_, _ = decodeValidity(r, fo>>submitVPFShift&3)
		off = r.pos
	default:
		return 0, fmt.Errorf("sms: TP-MTI %d carries no message text to locate", fo&3)
	}
	return off, nil
}
