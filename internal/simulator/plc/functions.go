package plc

import (
	"encoding/binary"
	"errors"

	"github.com/cellgate/cellgate/internal/modbus"
)

// Function codes served.
const (
	fcReadCoils          = 0x01
	fcReadDiscrete       = 0x02
	fcReadHolding        = 0x03
	fcReadInput          = 0x04
	fcWriteCoil          = 0x05
	fcWriteRegister      = 0x06
	fcWriteCoils         = 0x0F
	fcWriteRegisters     = 0x10
	fcReadWriteRegisters = 0x17
)

// isWrite reports whether a function may be broadcast.
func isWrite(fc byte) bool {
	return fc == fcWriteCoil || fc == fcWriteRegister || fc == fcWriteCoils || fc == fcWriteRegisters
}

func exception(fc byte, code modbus.ExceptionCode) []byte { return []byte{fc | 0x80, byte(code)} }

// request gives the address and quantity a request is about (for 23, the
// read's), for the request log.
func request(pdu []byte) (addr, count uint16) {
	if len(pdu) < 5 {
		return 0, 0
	}
	addr, count = binary.BigEndian.Uint16(pdu[1:]), binary.BigEndian.Uint16(pdu[3:])
	if pdu[0] == fcWriteCoil || pdu[0] == fcWriteRegister {
		count = 1
	}
	return addr, count
}

// execute runs a request PDU on a unit and gives the response PDU.
// The order of checks is the spec's (figures 9 to 20): function, then
// quantity and byte count (03), then address (02).
func (m *Map) execute(id byte, pdu []byte) []byte {
	if len(pdu) == 0 {
		return nil
	}
	fc := pdu[0]
	be := binary.BigEndian
	switch fc {
	case fcReadCoils, fcReadDiscrete, fcReadHolding, fcReadInput:
		if len(pdu) != 5 {
			return exception(fc, modbus.IllegalDataValue)
		}
		addr, n := be.Uint16(pdu[1:]), int(be.Uint16(pdu[3:]))
		t, limit := map[byte]Table{1: Coils, 2: DiscreteInputs, 3: HoldingRegisters, 4: InputRegisters}[fc], 125
		if t.bits() {
			limit = 2000
		}
		if n < 1 || n > limit {
			return exception(fc, modbus.IllegalDataValue)
		}
		vals, err := m.Read(id, t, addr, n)
		if err != nil {
			return exception(fc, code(err))
		}
		if t.bits() {
			return append([]byte{fc, byte((n + 7) / 8)}, packBits(vals)...)
		}
		return appendWords([]byte{fc, byte(2 * n)}, vals)
	case fcWriteCoil:
		if len(pdu) != 5 {
			return exception(fc, modbus.IllegalDataValue)
		}
		v := be.Uint16(pdu[3:])
		if v != 0 && v != 0xFF00 {
			return exception(fc, modbus.IllegalDataValue)
		}
		if err := m.Write(id, Coils, be.Uint16(pdu[1:]), []uint16{v}); err != nil {
			return exception(fc, code(err))
		}
		return append([]byte(nil), pdu...)
	case fcWriteRegister:
		if len(pdu) != 5 {
			return exception(fc, modbus.IllegalDataValue)
		}
		if err := m.Write(id, HoldingRegisters, be.Uint16(pdu[1:]), []uint16{be.Uint16(pdu[3:])}); err != nil {
			return exception(fc, code(err))
		}
		return append([]byte(nil), pdu...)
	case fcWriteCoils:
		if len(pdu) < 6 {
			return exception(fc, modbus.IllegalDataValue)
		}
		addr, n, nb := be.Uint16(pdu[1:]), int(be.Uint16(pdu[3:])), int(pdu[5])
		if n < 1 || n > 0x7B0 || nb != (n+7)/8 || len(pdu) != 6+nb {
			return exception(fc, modbus.IllegalDataValue)
		}
		vals := make([]uint16, n)
		for i := range vals {
			vals[i] = uint16(pdu[6+i/8] >> (i % 8) & 1)
		}
		if err := m.Write(id, Coils, addr, vals); err != nil {
			return exception(fc, code(err))
		}
		return pdu[:5:5]
	case fcWriteRegisters:
		if len(pdu) < 6 {
			return exception(fc, modbus.IllegalDataValue)
		}
		addr, n, nb := be.Uint16(pdu[1:]), int(be.Uint16(pdu[3:])), int(pdu[5])
		if n < 1 || n > 0x7B || nb != 2*n || len(pdu) != 6+nb {
			return exception(fc, modbus.IllegalDataValue)
		}
		if err := m.Write(id, HoldingRegisters, addr, words(pdu[6:])); err != nil {
			return exception(fc, code(err))
		}
		return pdu[:5:5]
	case fcReadWriteRegisters:
		if len(pdu) < 10 {
			return exception(fc, modbus.IllegalDataValue)
		}
		raddr, rn := be.Uint16(pdu[1:]), int(be.Uint16(pdu[3:]))
		waddr, wn, nb := be.Uint16(pdu[5:]), int(be.Uint16(pdu[7:])), int(pdu[9])
		if rn < 1 || rn > 0x7D || wn < 1 || wn > 0x79 || nb != 2*wn || len(pdu) != 10+nb {
			return exception(fc, modbus.IllegalDataValue)
		}
		u := m.units[id]
		m.mu.Lock()
		ok := u != nil && u.defined(HoldingRegisters, raddr, rn) && u.defined(HoldingRegisters, waddr, wn)
		m.mu.Unlock()
		if !ok {
			return exception(fc, modbus.IllegalDataAddress)
		}
		// The write is performed before the read (6.17).
		if err := m.Write(id, HoldingRegisters, waddr, words(pdu[10:])); err != nil {
			return exception(fc, code(err))
		}
		vals, err := m.Read(id, HoldingRegisters, raddr, rn)
		if err != nil {
			return exception(fc, code(err))
		}
		return appendWords([]byte{fc, byte(2 * rn)}, vals)
	}
	return exception(fc, modbus.IllegalFunction)
}

func code(err error) modbus.ExceptionCode {
	if errors.Is(err, ErrIllegalAddress) {
		return modbus.IllegalDataAddress
	}
	return modbus.ServerDeviceFailure
}

func packBits(vals []uint16) []byte {
	out := make([]byte, (len(vals)+7)/8)
	for i, v := range vals {
		if v != 0 {
			out[i/8] |= 1 << (i % 8)
		}
	}
	return out
}

func appendWords(dst []byte, vals []uint16) []byte {
	for _, v := range vals {
		dst = binary.BigEndian.AppendUint16(dst, v)
	}
	return dst
}

func words(b []byte) []uint16 {
	out := make([]uint16, len(b)/2)
	for i := range out {
		out[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	return out
}
