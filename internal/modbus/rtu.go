package modbus

import (
	"encoding/binary"
	"errors"
	"time"
)

// RTU framing (Modbus over Serial Line V1.02, 2.5): unit address, PDU, CRC
// low byte first; frames are separated by at least 3.5 character times of
// silence.

var (
	// ErrShortFrame reports a frame or header too short to hold anything.
	ErrShortFrame = errors.New("modbus: short frame")
	// ErrCRC reports an RTU frame whose CRC does not match its contents.
	ErrCRC = errors.New("modbus: CRC error")
)

// maxRTUFrame is the largest RTU frame: address, 253-byte PDU, CRC.
const maxRTUFrame = 256

// AppendRTU appends to dst the RTU frame of pdu (function code and data) for
// unit, with its CRC low byte first.
func AppendRTU(dst []byte, unit byte, pdu []byte) []byte {
	start := len(dst)
	dst = append(dst, unit)
	dst = append(dst, pdu...)
	return binary.LittleEndian.AppendUint16(dst, CRC16(dst[start:]))
}

// ParseRTU checks the CRC of an RTU frame and splits it into the unit address
// and the PDU, which aliases frame.
func ParseRTU(frame []byte) (unit byte, pdu []byte, err error) {
	if len(frame) < 4 {
		return 0, nil, ErrShortFrame
	}
	n := len(frame) - 2
	if CRC16(frame[:n]) != binary.LittleEndian.Uint16(frame[n:]) {
		return 0, nil, ErrCRC
	}
	return frame[0], frame[1:n], nil
}

// Silence is the inter-frame (t3.5) and inter-character (t1.5) silence at a
// baud rate, for 11-bit characters; above 19200 baud they are fixed at
// 1.750 ms and 0.750 ms (V1.02, 2.5.1.1). A baud rate of zero or less is
// treated as above 19200.
func Silence(baud int) (t35, t15 time.Duration) {
	if baud <= 0 || baud > 19200 {
		return 1750 * time.Microsecond, 750 * time.Microsecond
	}
	char := 11 * time.Second / time.Duration(baud)
	return char * 7 / 2, char * 3 / 2
}

// rtuFrameLen is the length of the RTU response frame that begins with b
// (unit address, function code, ...): 0 when more bytes are needed to tell,
// -1 when the length cannot be known from the contents (an unknown function
// code), when the frame must end at silence.
func rtuFrameLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	fc := b[1]
	switch {
	case fc&0x80 != 0:
		return 5 // address, function, exception code, CRC
	case fc == FuncReadCoils, fc == FuncReadDiscreteInputs, fc == FuncReadHoldingRegisters,
		fc == FuncReadInputRegisters, fc == FuncReadWriteMultipleRegisters:
		if len(b) < 3 {
			return 0
		}
		return 3 + int(b[2]) + 2
	case fc == FuncWriteSingleCoil, fc == FuncWriteSingleRegister,
		fc == FuncWriteMultipleCoils, fc == FuncWriteMultipleRegisters:
		return 8
	}
	return -1
}
