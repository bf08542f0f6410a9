package modbus

import (
	"bytes"
	"errors"
	"testing"
)

func FuzzParseRTU(f *testing.F) {
	for _, v := range rtuVectors {
		f.Add(hx(v.frame))
	}
	f.Add(hx("01 83 02 C0 F1"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, frame []byte) {
		unit, pdu, err := ParseRTU(frame)
		if err != nil {
			if !errors.Is(err, ErrCRC) && !errors.Is(err, ErrShortFrame) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if got := AppendRTU(nil, unit, pdu); !bytes.Equal(got, frame) {
			t.Fatalf("round trip % X != % X", got, frame)
		}
	})
}

func FuzzParseResponse(f *testing.F) {
	for _, v := range pduVectors {
		f.Add(hx(v.req), hx(v.resp))
	}
	f.Add(hx("01 04 A1 00 01"), hx("81 02"))
	f.Fuzz(func(t *testing.T, req, resp []byte) {
		r, err := ParseResponse(req, resp)
		if err != nil {
			return
		}
		if r.Function != req[0] {
			t.Fatalf("function %d for request %d", r.Function, req[0])
		}
		n := int(req[3])<<8 | int(req[4])
		switch req[0] {
		case FuncReadCoils, FuncReadDiscreteInputs:
			if len(r.Bits) != n {
				t.Fatalf("%d bits for %d", len(r.Bits), n)
			}
		case FuncReadHoldingRegisters, FuncReadInputRegisters, FuncReadWriteMultipleRegisters:
			if len(r.Registers) != n {
				t.Fatalf("%d registers for %d", len(r.Registers), n)
			}
		}
	})
}

func FuzzParseMBAP(f *testing.F) {
	f.Add(hx("00 01 00 00 00 06 11 03 00 6B 00 03"))
	f.Add(hx("00 01 00 00 00 01 11"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseMBAP(b)
		if err != nil {
			return
		}
		if h.Protocol != 0 || h.Length < 2 || h.Length > 254 {
			t.Fatalf("accepted %+v", h)
		}
		pdu := make([]byte, h.Length-1)
		if got := AppendTCP(nil, h.Transaction, h.Unit, pdu); !bytes.Equal(got[:MBAPSize], b[:MBAPSize]) {
			t.Fatalf("round trip % X != % X", got[:MBAPSize], b[:MBAPSize])
		}
	})
}
