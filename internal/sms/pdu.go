package sms

import "fmt"

// TP-Message-Type-Indicator values in bits 0-1 of the first octet
// (TS 23.040 9.2.3.1).
const (
	mtiDeliver      = 0 // SMS-DELIVER, or SMS-DELIVER-REPORT from the modem
	mtiSubmit       = 1 // SMS-SUBMIT, or SMS-SUBMIT-REPORT to the modem
	mtiStatusReport = 2 // SMS-STATUS-REPORT, or SMS-COMMAND from the modem
	mtiReserved     = 3
)

// First-octet bits shared by SMS-DELIVER and SMS-SUBMIT.
const (
	foUDHI      = 0x40 // TP-User-Data-Header-Indicator
	foReplyPath = 0x80 // TP-Reply-Path
)

// TPDULength gives the <length> that AT+CMGS takes and +CMGL/+CMGR report
// in PDU mode (TS 27.005 3.1): the octets of the TPDU, without the SMSC
// prefix when withSMSC says pdu starts with one. It returns -1 when the SMSC
// prefix is missing or claims more octets than pdu has.
func TPDULength(pdu []byte, withSMSC bool) int {
	if !withSMSC {
		return len(pdu)
	}
	if len(pdu) == 0 || 1+int(pdu[0]) > len(pdu) {
		return -1
	}
	return len(pdu) - 1 - int(pdu[0])
}

// startPDU starts a PDU with the SMSC prefix when withSMSC is set.
func startPDU(withSMSC bool, smsc Address) ([]byte, error) {
	out := make([]byte, 0, 176)
	if !withSMSC {
		return out, nil
	}
	return appendSMSC(out, smsc)
}

// firstOctet reads the SMSC prefix when withSMSC is set and the first octet
// of the TPDU, which must have the given TP-MTI.
func firstOctet(r *reader, withSMSC bool, mti byte, name string) (Address, byte, error) {
	smsc, fo, err := tpduStart(r, withSMSC)
	if err != nil {
		return Address{}, 0, err
	}
	if got := fo & 3; got != mti {
		return Address{}, 0, fmt.Errorf("sms: not an %s: TP-MTI is %d, want %d", name, got, mti)
	}
	return smsc, fo, nil
}

// tpduStart reads the SMSC prefix when withSMSC is set and the first octet
// of the TPDU, whatever its TP-MTI.
func tpduStart(r *reader, withSMSC bool) (Address, byte, error) {
	var smsc Address
	if withSMSC {
		var err error
		if smsc, err = decodeSMSC(r); err != nil {
			return Address{}, 0, err
		}
	}
	fo, err := r.byte("first octet")
	return smsc, fo, err
}
