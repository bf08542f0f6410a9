package modbus

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Modbus TCP framing (Messaging on TCP/IP V1.0b, 3.1.3): the MBAP header,
// transaction id, protocol id 0, length of what follows (unit id and PDU),
// unit id, then the PDU.

// MBAPSize is the length of the MBAP header.
const MBAPSize = 7

// maxPDU is the largest PDU (Application Protocol V1.1b3, 4.1).
const maxPDU = 253

// ErrMBAP reports an MBAP header with a protocol id other than 0 or a length
// that cannot be.
var ErrMBAP = errors.New("modbus: bad MBAP header")

// MBAP is a Modbus TCP header. Length counts the unit id and the PDU.
type MBAP struct {
	Transaction, Protocol, Length uint16
	Unit                          byte
}

// AppendTCP appends to dst a Modbus TCP frame: the MBAP header with
// transaction id tid, then pdu.
func AppendTCP(dst []byte, tid uint16, unit byte, pdu []byte) []byte {
	dst = binary.BigEndian.AppendUint16(dst, tid)
	dst = binary.BigEndian.AppendUint16(dst, 0)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(pdu)+1))
	dst = append(dst, unit)
	return append(dst, pdu...)
}

// ParseMBAP parses the first MBAPSize bytes of hdr. The protocol id must be 0
// and the length must allow a PDU of 1 to 253 bytes.
func ParseMBAP(hdr []byte) (MBAP, error) {
	if len(hdr) < MBAPSize {
		return MBAP{}, ErrShortFrame
	}
	h := MBAP{
		Transaction: binary.BigEndian.Uint16(hdr),
		Protocol:    binary.BigEndian.Uint16(hdr[2:]),
		Length:      binary.BigEndian.Uint16(hdr[4:]),
		Unit:        hdr[6],
	}
	if h.Protocol != 0 {
		return h, fmt.Errorf("%w: protocol %d", ErrMBAP, h.Protocol)
	}
	if h.Length < 2 || h.Length > maxPDU+1 {
		return h, fmt.Errorf("%w: length %d", ErrMBAP, h.Length)
	}
	return h, nil
}
