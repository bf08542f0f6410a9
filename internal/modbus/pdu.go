package modbus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Function codes (Application Protocol V1.1b3, 6).
const (
	FuncReadCoils                  byte = 0x01
	FuncReadDiscreteInputs         byte = 0x02
	FuncReadHoldingRegisters       byte = 0x03
	FuncReadInputRegisters         byte = 0x04
	FuncWriteSingleCoil            byte = 0x05
	FuncWriteSingleRegister        byte = 0x06
	FuncWriteMultipleCoils         byte = 0x0F
	FuncWriteMultipleRegisters     byte = 0x10
	FuncReadWriteMultipleRegisters byte = 0x17
)

// Quantity limits per request.
const (
	MaxReadBits       = 2000 // FC 01, 02
	MaxWriteBits      = 1968 // FC 15
	MaxWriteRegisters = 123  // FC 16
	MaxRWWrite        = 121  // FC 23, registers written
	// MaxReadRegisters (125, FC 03, 04, 23) is with the request planner.
)

var (
	// ErrQuantity reports a request for no items, too many, or past
	// address 65535.
	ErrQuantity = errors.New("modbus: quantity out of range")
	// ErrFunction reports a function code this package does not build or
	// parse, or a response with another function code than its request.
	ErrFunction = errors.New("modbus: unexpected function code")
	// ErrResponse reports a response that does not fit its request.
	ErrResponse = errors.New("modbus: malformed response")
)

// Response is a parsed response PDU. Registers are set for FC 03, 04, 23 and
// 06 and 16 (the values written), Bits for FC 01, 02 and 05 and 15 (the
// values written).
type Response struct {
	Function  byte
	Registers []uint16
	Bits      []bool
}

func checkQuantity(addr uint16, n, max int) error {
	if n < 1 || n > max || int(addr)+n > 0x10000 {
		return fmt.Errorf("%w: %d from address %d (1 to %d)", ErrQuantity, n, addr, max)
	}
	return nil
}

// ReadRequest is the PDU that reads count items from addr with function
// code fc: 01 coils, 02 discrete inputs (up to 2000 bits), 03 holding
// registers, 04 input registers (up to 125 registers).
func ReadRequest(fc byte, addr, count uint16) ([]byte, error) {
	max := MaxReadRegisters
	switch fc {
	case FuncReadCoils, FuncReadDiscreteInputs:
		max = MaxReadBits
	case FuncReadHoldingRegisters, FuncReadInputRegisters:
	default:
		return nil, fmt.Errorf("%w: %d is not a read", ErrFunction, fc)
	}
	if err := checkQuantity(addr, int(count), max); err != nil {
		return nil, err
	}
	return pdu16(fc, addr, count), nil
}

func pdu16(fc byte, a, b uint16) []byte {
	return []byte{fc, byte(a >> 8), byte(a), byte(b >> 8), byte(b)}
}

// WriteSingleCoil is the PDU of FC 05: the coil at addr on (0xFF00) or off.
func WriteSingleCoil(addr uint16, on bool) []byte {
	var v uint16
	if on {
		v = 0xFF00
	}
	return pdu16(FuncWriteSingleCoil, addr, v)
}

// WriteSingleRegister is the PDU of FC 06: v into the register at addr.
func WriteSingleRegister(addr, v uint16) []byte {
	return pdu16(FuncWriteSingleRegister, addr, v)
}

// WriteMultipleCoils is the PDU of FC 15: bits from addr on, the first in
// the least significant bit of the first byte.
func WriteMultipleCoils(addr uint16, bits []bool) ([]byte, error) {
	if err := checkQuantity(addr, len(bits), MaxWriteBits); err != nil {
		return nil, err
	}
	p := pdu16(FuncWriteMultipleCoils, addr, uint16(len(bits)))
	p = append(p, byte((len(bits)+7)/8))
	return append(p, packBits(bits)...), nil
}

// WriteMultipleRegisters is the PDU of FC 16: vals from addr on.
func WriteMultipleRegisters(addr uint16, vals []uint16) ([]byte, error) {
	if err := checkQuantity(addr, len(vals), MaxWriteRegisters); err != nil {
		return nil, err
	}
	p := pdu16(FuncWriteMultipleRegisters, addr, uint16(len(vals)))
	p = append(p, byte(2*len(vals)))
	return appendRegisters(p, vals), nil
}

// ReadWriteMultiple is the PDU of FC 23: write vals from writeAddr on, then
// read readCount registers from readAddr on.
func ReadWriteMultiple(readAddr, readCount, writeAddr uint16, vals []uint16) ([]byte, error) {
	if err := checkQuantity(readAddr, int(readCount), MaxReadRegisters); err != nil {
		return nil, err
	}
	if err := checkQuantity(writeAddr, len(vals), MaxRWWrite); err != nil {
		return nil, err
	}
	p := pdu16(FuncReadWriteMultipleRegisters, readAddr, readCount)
	p = binary.BigEndian.AppendUint16(p, writeAddr)
	p = binary.BigEndian.AppendUint16(p, uint16(len(vals)))
	p = append(p, byte(2*len(vals)))
	return appendRegisters(p, vals), nil
}

func packBits(bits []bool) []byte {
	b := make([]byte, (len(bits)+7)/8)
	for i, on := range bits {
		if on {
			b[i/8] |= 1 << (i % 8)
		}
	}
	return b
}

func unpackBits(b []byte, n int) []bool {
	bits := make([]bool, n)
	for i := range bits {
		bits[i] = b[i/8]&(1<<(i%8)) != 0
	}
	return bits
}

func appendRegisters(p []byte, vals []uint16) []byte {
	for _, v := range vals {
		p = binary.BigEndian.AppendUint16(p, v)
	}
	return p
}

func registers(b []byte) []uint16 {
	r := make([]uint16, len(b)/2)
	for i := range r {
		r[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	return r
}

// ParseResponse checks resp against the request req that it answers and
// decodes it. An exception response is returned as an *Exception. The
// function code must be echoed, byte counts must match the quantity asked
// for, and writes must echo their address and quantity or value.
func ParseResponse(req, resp []byte) (Response, error) {
	if len(req) < 5 {
		return Response{}, fmt.Errorf("%w: request of %d bytes", ErrShortFrame, len(req))
	}
	if len(resp) == 0 {
		return Response{}, fmt.Errorf("%w: empty response", ErrResponse)
	}
	fc := req[0]
	if resp[0] == fc|0x80 {
		if len(resp) != 2 {
			return Response{}, fmt.Errorf("%w: exception response of %d bytes", ErrResponse, len(resp))
		}
		return Response{}, &Exception{Function: fc, Code: ExceptionCode(resp[1])}
	}
	if resp[0] != fc {
		return Response{}, fmt.Errorf("%w: %d in response to %d", ErrFunction, resp[0], fc)
	}
	r := Response{Function: fc}
	b := binary.BigEndian.Uint16(req[3:]) // quantity, or value of FC 05 and 06
	switch fc {
	case FuncReadCoils, FuncReadDiscreteInputs:
		data, err := counted(resp, (int(b)+7)/8)
		if err != nil {
			return r, err
		}
		r.Bits = unpackBits(data, int(b))
	case FuncReadHoldingRegisters, FuncReadInputRegisters, FuncReadWriteMultipleRegisters:
		data, err := counted(resp, 2*int(b))
		if err != nil {
			return r, err
		}
		r.Registers = registers(data)
	case FuncWriteSingleCoil, FuncWriteSingleRegister, FuncWriteMultipleCoils, FuncWriteMultipleRegisters:
		if len(resp) != 5 || !bytes.Equal(resp[1:5], req[1:5]) {
			return r, fmt.Errorf("%w: write echo % X, want % X", ErrResponse, resp[1:], req[1:5])
		}
		switch fc {
		case FuncWriteSingleCoil:
			r.Bits = []bool{b == 0xFF00}
		case FuncWriteSingleRegister:
			r.Registers = []uint16{b}
		case FuncWriteMultipleCoils:
			if len(req) >= 6+(int(b)+7)/8 {
				r.Bits = unpackBits(req[6:], int(b))
			}
		case FuncWriteMultipleRegisters:
			if len(req) >= 6+2*int(b) {
				r.Registers = registers(req[6 : 6+2*int(b)])
			}
		}
	default:
		return r, fmt.Errorf("%w: %d", ErrFunction, fc)
	}
	return r, nil
}

// counted checks a read response's byte count against want and returns its
// data.
func counted(resp []byte, want int) ([]byte, error) {
	if len(resp) < 2 {
		return nil, fmt.Errorf("%w: no byte count", ErrResponse)
	}
	if n := int(resp[1]); n != want || len(resp) != 2+n {
		return nil, fmt.Errorf("%w: byte count %d and %d data bytes, want %d", ErrResponse, n, len(resp)-2, want)
	}
	return resp[2:], nil
}
