package sms

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Kind is the type of a TPDU, as its TP-MTI and direction give it
// (TS 23.040 9.2.3.1).
type Kind int

// The TPDU kinds DecodeAny tells apart. The zero Kind is none of them.
const (
	KindDeliver      Kind = iota + 1 // SMS-DELIVER, network to modem
	KindSubmit                       // SMS-SUBMIT, modem to network
	KindStatusReport                 // SMS-STATUS-REPORT, network to modem
	KindCommand                      // SMS-COMMAND, modem to network
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindDeliver:
		return "SMS-DELIVER"
	case KindSubmit:
		return "SMS-SUBMIT"
	case KindStatusReport:
		return "SMS-STATUS-REPORT"
	case KindCommand:
		return "SMS-COMMAND"
	default:
		return fmt.Sprintf("Kind(%d)", int(k))
	}
}

// KindOf gives the kind of the TPDU in pdu from its TP-MTI. fromNetwork
// says which way the PDU travelled: set for messages the modem received
// (+CMT, +CDS, +CMGL/+CMGR of received messages), clear for messages it
// sends or stored to send. The report TPDUs, which PDU mode does not carry,
// and the reserved TP-MTI 3 are errors.
func KindOf(pdu []byte, withSMSC bool, fromNetwork bool) (Kind, error) {
	r := &reader{b: pdu}
	_, fo, err := tpduStart(r, withSMSC)
	if err != nil {
		return 0, err
	}
	switch mti := fo & 3; {
	case mti == mtiDeliver && fromNetwork:
		return KindDeliver, nil
	case mti == mtiSubmit && !fromNetwork:
		return KindSubmit, nil
	case mti == mtiStatusReport && fromNetwork:
		return KindStatusReport, nil
	case mti == mtiStatusReport:
		return KindCommand, nil
	case mti == mtiDeliver:
		return 0, fmt.Errorf("sms: SMS-DELIVER-REPORT is not supported")
	case mti == mtiSubmit:
		return 0, fmt.Errorf("sms: SMS-SUBMIT-REPORT is not supported")
	default:
		return 0, fmt.Errorf("sms: TP-MTI %d is reserved", mtiReserved)
	}
}

// DecodeAny decodes pdu according to KindOf, giving a Deliver, Submit or
// StatusReport. SMS-COMMAND is recognised but not decoded: it is an error,
// as is any kind KindOf rejects.
func DecodeAny(pdu []byte, withSMSC bool, fromNetwork bool) (any, error) {
	k, err := KindOf(pdu, withSMSC, fromNetwork)
	if err != nil {
		return nil, err
	}
	switch k {
	case KindDeliver:
		return orNil(DecodeDeliver(pdu, withSMSC))
	case KindSubmit:
		return orNil(DecodeSubmit(pdu, withSMSC))
	case KindStatusReport:
		return orNil(DecodeStatusReport(pdu, withSMSC))
	default:
		return nil, fmt.Errorf("sms: %v is not supported", k)
	}
}

// orNil gives v as an any, or a nil any with a non-nil err.
func orNil[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// DecodeHex is DecodeAny for a PDU in hexadecimal, as PDU-mode AT commands
// show it; white space is ignored and either letter case accepted.
func DecodeHex(s string, withSMSC bool, fromNetwork bool) (any, error) {
	s = strings.Join(strings.Fields(s), "")
	pdu, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("sms: PDU is not hexadecimal: %v", err)
	}
	return DecodeAny(pdu, withSMSC, fromNetwork)
}
